"""The FastAPI application: the JSON API under ``/api/v1`` (bearer tokens) and the web app
(session cookie, CSRF-protected forms). ``create_app(config)`` builds one; the background
workers start and stop with it.
"""

from __future__ import annotations

import os
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from copyhound import __version__
from copyhound.service.api import Health, api_router
from copyhound.service.config import ServiceConfig
from copyhound.service.core import HERE, Service
from copyhound.service.limits import BodyLimit, SecurityHeaders, Timeout
from copyhound.service.uploads import Refused
from copyhound.service.web import install_handlers, web_router

# -- the application --------------------------------------------------------------------------


def create_app(config: ServiceConfig, start_workers: bool = True) -> FastAPI:
    service = Service(config)
    service.ensure_collection()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if start_workers:
            service.workers.start()
        try:
            yield
        finally:
            service.workers.stop()

    app = FastAPI(
        title="copyhound service",
        version=__version__,
        description="Checks for text reuse as background jobs; reports as copyhound writes them.",
        docs_url=None,  # Swagger UI loads from a CDN: the service works without the internet
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.service = service
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api_router(service))
    app.include_router(web_router(service))
    install_handlers(app)

    @app.get("/health", response_model=Health, tags=["health"])
    def health() -> Health:
        """Liveness: answers without authentication."""
        return Health(status="ok", version=__version__)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        """Browsers ask for it on every page, the served reports' included: nothing to show."""
        return Response(status_code=204)

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused) -> JSONResponse:
        return JSONResponse({"detail": exc.message}, status_code=exc.status)

    app.add_middleware(SecurityHeaders)
    app.add_middleware(Timeout, seconds=config.request_timeout)
    app.add_middleware(BodyLimit, max_bytes=config.max_upload_bytes)
    return app


def create_app_from_env() -> FastAPI:
    """For ``uvicorn --factory`` with several worker processes: the settings come from the
    environment ``copyhound serve`` sets (``COPYHOUND_DATA``, ``COPYHOUND_DB``...)."""
    data = os.environ.get("COPYHOUND_DATA", "copyhound-data")
    kw: dict[str, Any] = {}
    for key, name, cast in (
        ("COPYHOUND_MAX_UPLOAD", "max_upload_bytes", int),
        ("COPYHOUND_WORKERS", "workers", int),
        ("COPYHOUND_JOBS_PER_MINUTE", "jobs_per_minute", float),
        ("COPYHOUND_REQUEST_TIMEOUT", "request_timeout", float),
    ):
        if os.environ.get(key):
            kw[name] = cast(os.environ[key])
    if os.environ.get("COPYHOUND_SECURE_COOKIES"):
        kw["secure_cookies"] = True
    return create_app(ServiceConfig.at(data, os.environ.get("COPYHOUND_DB"), **kw))
