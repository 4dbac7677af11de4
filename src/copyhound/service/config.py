"""What a running service is configured with: where its state lives and its limits."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from copyhound.read.documents import DEFAULT_MAX_BYTES


@dataclass(frozen=True, slots=True)
class ServiceConfig:
    #: The service's own state: ``service.db``, uploaded files, results.
    data_dir: Path
    #: The reference collection checks search and ``add`` writes to (created when missing).
    collection: Path
    #: Largest request body, all files together (a bigger one is refused with 413).
    max_upload_bytes: int = DEFAULT_MAX_BYTES
    #: Largest single document (the readers' own limit).
    max_document_bytes: int = DEFAULT_MAX_BYTES
    #: Files in one request (sources of a check, submissions of a batch, members of a zip).
    max_files: int = 200
    #: Jobs a user may submit per minute (and at once, as a burst); over it: 429.
    jobs_per_minute: float = 60.0
    #: Login attempts per minute per client address and user name.
    logins_per_minute: float = 10.0
    #: Seconds a request may take (reading the upload included) before it is answered 503.
    request_timeout: float = 60.0
    #: Background threads running jobs.
    workers: int = 2
    #: A running job's worker renews its lease this often; a job whose lease runs out (its
    #: server was killed) is taken again by any worker.
    lease_seconds: float = 60.0
    #: Idle workers look for new jobs this often (seconds).
    poll_seconds: float = 0.2
    #: Attempts before a job that keeps killing its worker is marked failed.
    max_attempts: int = 3
    #: Session cookies only over HTTPS (set when behind a TLS-terminating proxy).
    secure_cookies: bool = False
    #: Candidates aligned per check besides those sharing a passage (``check --top``).
    top: int = 20

    @classmethod
    def at(cls, data_dir: str | Path, collection: str | Path | None = None, **kw) -> ServiceConfig:
        data = Path(data_dir)
        return cls(data_dir=data, collection=Path(collection or data / "collection.db"), **kw)
