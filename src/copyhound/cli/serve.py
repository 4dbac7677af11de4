"""``copyhound serve``: the checking service and web app (FastAPI on uvicorn), see
docs/service.md. Everything lives in SQLite files and generated file names under ``--data``."""

from __future__ import annotations

import os
from pathlib import Path

import click

from copyhound.cli.options import ByteSize, limit_option
from copyhound.errors import InputError
from copyhound.read.documents import DEFAULT_MAX_BYTES


def service_extra() -> None:
    try:
        import argon2  # noqa: F401
        import fastapi  # noqa: F401
        import python_multipart  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise InputError(
            f"the service needs the `service` extra ({exc.name} is missing): "
            "pip install 'copyhound[service]'"
        ) from None


@click.command("serve")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("copyhound-data"),
    show_default=True,
    help="The service's own state: users, sessions, jobs, uploaded files, reports.",
)
@click.option(
    "--db",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The reference collection (default: DATA/collection.db; created when missing).",
)
@click.option(
    "--index-from",
    "index_from",
    multiple=True,
    type=click.Path(path_type=Path, exists=True),
    help="Add these files or folders to the collection before starting (unchanged ones are "
    "skipped), e.g. examples/sources.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--workers",
    "job_threads",
    type=click.IntRange(1, 64),
    default=2,
    show_default=True,
    help="Background threads running checks in each process.",
)
@click.option(
    "--processes",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="uvicorn worker processes sharing the data folder (see docs/service.md).",
)
@click.option(
    "--max-upload",
    "max_upload",
    type=ByteSize(),
    default=f"{DEFAULT_MAX_BYTES // 1_000_000}M",
    show_default=True,
    help="Largest request (all files together); larger ones get 413.",
)
@click.option(
    "--jobs-per-minute",
    type=click.FloatRange(0.1),
    default=60.0,
    show_default=True,
    help="Checks one user may submit per minute (and at once); more get 429.",
)
@click.option(
    "--secure-cookies", is_flag=True, help="Session cookies only over HTTPS (behind TLS)."
)
@limit_option
def serve_command(
    data_dir: Path,
    db: Path | None,
    index_from: tuple[Path, ...],
    host: str,
    port: int,
    job_threads: int,
    processes: int,
    max_upload: int,
    jobs_per_minute: float,
    secure_cookies: bool,
) -> None:
    """Run the checking service and web app on HOST:PORT (127.0.0.1:8000 by default)."""
    service_extra()
    import uvicorn

    from copyhound.index.store import open_collection
    from copyhound.read.documents import expand_paths
    from copyhound.read.limits import LIMITS_ENV, configured, format_limits
    from copyhound.service.auth import create_user
    from copyhound.service.storage import Store

    data_dir.mkdir(parents=True, exist_ok=True)
    collection = db or data_dir / "collection.db"
    with open_collection(collection, create=True) as coll:
        if index_from:
            summary = coll.add_paths(expand_paths(index_from), jobs=1)
            for message in summary.failed:
                click.echo(f"copyhound: warning: {message}", err=True)
        click.echo(f"collection {collection}: {len(coll)} documents")
    store = Store(data_dir)
    if store.user_count() == 0:
        _user, password, token = create_user(store, "admin", "admin")
        click.echo(
            "first start: created user `admin` (role admin)\n"
            f"  password for the web app: {password}\n"
            f"  API token: {token}\n"
            "  (shown once; add teachers with `copyhound users add NAME --role teacher "
            f"--data {data_dir}`)"
        )
    store.close()
    env = {
        "COPYHOUND_DATA": str(data_dir.resolve()),
        "COPYHOUND_DB": str(collection.resolve()),
        "COPYHOUND_WORKERS": str(job_threads),
        "COPYHOUND_MAX_UPLOAD": str(max_upload),
        "COPYHOUND_JOBS_PER_MINUTE": str(jobs_per_minute),
        "COPYHOUND_SECURE_COOKIES": "1" if secure_cookies else "",
        # --limit, for every uvicorn process (each reads it in ``configured()``).
        LIMITS_ENV: format_limits(configured()),
    }
    os.environ.update(env)
    click.echo(f"copyhound service on http://{host}:{port}/ (data in {data_dir})")
    uvicorn.run(
        "copyhound.service.app:create_app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=processes,
        proxy_headers=True,
        timeout_keep_alive=5,
        timeout_graceful_shutdown=10,
        log_level="warning",
    )
