"""What the API and the web app share: the running service's state, accepting uploads as
jobs (every file checked before anything is stored), the collection's pages, and serving a
report with a CSP that allows exactly its own inline script."""

from __future__ import annotations

import base64
import hashlib
import re
import threading
import time
from pathlib import Path
from typing import Any

from fastapi import HTTPException, UploadFile
from fastapi.responses import HTMLResponse

from copyhound.service.config import ServiceConfig
from copyhound.service.jobs import Workers
from copyhound.service.limits import DEADLINE, RateLimiter
from copyhound.service.storage import Store, User
from copyhound.service.uploads import (
    Refused,
    Upload,
    check_document,
    display_name,
    expand_zip,
    problem,
)
from copyhound.service.uploads import is_zip as looks_like_zip

HERE = Path(__file__).parent


class Service:
    """Everything a request handler needs: config, store, workers, limiters."""

    def __init__(self, config: ServiceConfig) -> None:
        self.config = config
        self.store = Store(config.data_dir)
        #: Collection writes from this process, one at a time (SQLite allows one writer).
        self.write_lock = threading.Lock()
        self.workers = Workers(self.store, config, self.write_lock)
        # Counted in one SQLite file all the service's processes share (``--processes``).
        limits = config.data_dir / "rate-limits.db"
        self.job_limit = RateLimiter(config.jobs_per_minute, limits, "jobs")
        self.login_limit = RateLimiter(config.logins_per_minute, limits, "logins")

    def ensure_collection(self) -> None:
        from copyhound.index.store import open_collection

        open_collection(self.config.collection, create=True).close()


# -- reports served with a CSP that allows their own inline script by hash --------------------

_INLINE = re.compile(r"<(script|style)(\s[^>]*)?>(.*?)</\1>", re.S | re.I)


def report_csp(html: str) -> str:
    """A CSP allowing exactly the report's inline scripts (by SHA-256) and its styles."""
    hashes = []
    for tag, attrs, body in _INLINE.findall(html):
        if tag.lower() == "script" and "application/json" not in (attrs or ""):
            digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
            hashes.append(f"'sha256-{digest}'")
    scripts = " ".join(hashes) or "'none'"
    return (
        f"default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; img-src data:; "
        "form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
    )


def report_response(html: str) -> HTMLResponse:
    return HTMLResponse(html, headers={"content-security-policy": report_csp(html)})


# -- accepting uploads (shared by the API and the web forms) ----------------------------------


def read_upload(upload: UploadFile, limit: int, fallback: str) -> Upload:
    data = upload.file.read(limit + 1)
    name = display_name(upload.filename, fallback)
    if len(data) > limit:
        raise Refused(413, f"{name!r}: over the upload limit")
    return Upload(name, data)


def before_deadline(scope: dict | None) -> None:
    """Refuse to store a job once the request has been answered 503 for taking too long."""
    deadline = (scope or {}).get(DEADLINE)
    if deadline is not None and time.monotonic() > deadline:
        raise Refused(503, "the request took too long; nothing was stored")


def rate_limited(service: Service, user: User) -> None:
    wait = service.job_limit.take(f"user:{user.id}")
    if wait:
        raise HTTPException(
            429,
            f"too many checks; try again in {wait:.0f} seconds",
            headers={"Retry-After": str(max(1, round(wait)))},
        )


def accept_check(
    service: Service,
    user: User,
    suspect: UploadFile,
    sources: list[UploadFile],
    template: UploadFile | None,
    params: dict[str, Any],
    scope: dict | None = None,
) -> str:
    """Check every file, then store the job; nothing is stored when anything is refused."""
    config = service.config
    sources = [s for s in sources if s.filename or s.size]  # an empty file input sends one
    if template is not None and not (template.filename or template.size):
        template = None
    if len(sources) > config.max_files:
        raise Refused(413, f"more than {config.max_files} source files")
    if not sources and not params["collection"]:
        raise Refused(422, "give at least one source file, or search the collection")
    rate_limited(service, user)  # before reading: a flood of uploads costs no reading time
    limit = config.max_document_bytes
    suspect_up = read_upload(suspect, limit, "suspect")
    source_ups = [read_upload(s, limit, f"source-{k + 1}") for k, s in enumerate(sources)]
    template_up = read_upload(template, limit, "template") if template else None
    check_document(suspect_up, "suspect", limit)
    for s in source_ups:
        check_document(s, "source", limit)
    if template_up:
        check_document(template_up, "template", limit)
    before_deadline(scope)
    files = [("suspect", suspect_up.name, suspect_up.data)]
    files += [("source", s.name, s.data) for s in source_ups]
    if template_up:
        files.append(("template", template_up.name, template_up.data))
    return service.store.add_job(user, "check", params, suspect_up.name, files)


def expand_uploads(
    service: Service, files: list[UploadFile], skipped: list[str] | None = None
) -> list[Upload]:
    """Uploaded documents, zips unpacked (with their limits), each checked by the readers.

    A document that cannot be read refuses the whole upload, or, given ``skipped``, is left
    out and named there with its reason (``"NAME: reason"``), as ``batch`` skips a bad file
    of a folder. Limits on the request itself (its size, the number of documents, a zip's
    unpacked total) always refuse it whole.
    """
    config = service.config
    limit = config.max_document_bytes
    out: list[Upload] = []
    for k, f in enumerate(files):
        if not (f.filename or f.size):
            continue
        up = read_upload(f, config.max_upload_bytes, f"file-{k + 1}")
        if looks_like_zip(up.data):
            out.extend(
                expand_zip(up, config.max_files, limit, 4 * config.max_upload_bytes, skipped)
            )
        else:
            out.append(up)
        if len(out) > config.max_files:
            raise Refused(413, f"more than {config.max_files} documents")
    readable = []
    for up in out:
        if skipped is None:
            check_document(up, "document", limit)
        elif (found := problem(up, limit)) is not None:
            skipped.append(found.message)
            continue
        readable.append(up)
    return readable


def accept_batch(
    service: Service,
    user: User,
    files: list[UploadFile],
    params: dict[str, Any],
    scope: dict | None = None,
) -> tuple[str, list[str]]:
    """Store a batch job of the readable documents; ``(job id, skipped)``. A file that cannot
    be read is left out and named in ``skipped`` (``"NAME: reason"``), kept in the job so
    its report lists it (``summary.submissions_skipped``), as ``copyhound batch`` does with a
    class folder. Fewer than two readable documents leave nothing to compare: 422."""
    rate_limited(service, user)
    skipped: list[str] = []
    docs = expand_uploads(service, files, skipped)
    if len(docs) < 2:
        if skipped:
            n = len(skipped)
            raise Refused(
                422,
                f"a batch needs at least two readable documents; {len(docs)} read, {n} "
                f"could not be read: " + "; ".join(skipped[:5]) + ("; ..." if n > 5 else ""),
            )
        raise Refused(422, "a batch needs at least two documents")
    before_deadline(scope)
    from copyhound.service.jobs import unique_names
    from copyhound.service.storage import StoredFile

    names = unique_names([StoredFile("member", 0, "", d.name, 0, b"") for d in docs])
    title = f"batch of {len(docs)}: {', '.join(names[:3])}" + ("..." if len(docs) > 3 else "")
    rows = [("member", n, d.data) for n, d in zip(names, docs, strict=True)]
    job_id = service.store.add_job(user, "batch", {**params, "skipped": skipped}, title, rows)
    return job_id, skipped


def collection_page(service: Service, limit: int, offset: int) -> dict[str, Any]:
    from copyhound.index.store import open_collection

    with open_collection(service.config.collection) as coll:
        stats = coll.stats()
        docs = []
        for k, d in enumerate(coll.names()):
            if k < offset:
                continue
            if len(docs) >= limit:
                break
            docs.append(
                {
                    "name": d.name,
                    "format": d.format,
                    "words": d.words,
                    "added": d.added,
                    "same_text_as": d.same_as,
                }
            )
    return {
        "documents": int(stats["documents"]),
        "words": int(stats["words"]),
        "file_bytes": int(stats["file_bytes"]),
        "offset": offset,
        "items": docs,
    }


def add_to_collection(service: Service, files: list[UploadFile]) -> dict[str, Any]:
    from copyhound.index.store import open_collection, prepare_document, sha256_of
    from copyhound.read.documents import read_bytes

    docs = expand_uploads(service, files)
    if not docs:
        raise Refused(422, "no documents to add")
    start = time.time()
    with service.write_lock, open_collection(service.config.collection) as coll:
        entries = []
        for up in docs:
            doc = read_bytes(up.data, up.name)
            doc.path = up.name
            entries.append(prepare_document(doc, sha256_of(up.data), len(up.data), coll.settings))
        summary = coll.add_documents(entries)
        total = len(coll)
    return {
        "added": summary.added,
        "same_text": [a for a, _b in summary.same_text],
        "skipped": summary.skipped,
        "documents": total,
        "seconds": round(time.time() - start, 2),
    }
