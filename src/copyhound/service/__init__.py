"""copyhound as a service: a JSON API and a web app for a school or a newsroom.

``copyhound serve`` runs it (FastAPI on uvicorn); ``copyhound users`` manages its users.
Checks run as jobs in background threads; all state is in SQLite files and generated file
names under one data folder (``storage``). The service only calls the library.
"""

from copyhound.service.config import ServiceConfig

__all__ = ["ServiceConfig", "create_app"]


def create_app(config: ServiceConfig, start_workers: bool = True):
    """The ASGI application (FastAPI) for ``config``; needs the ``service`` extra."""
    from copyhound.service.app import create_app as build

    return build(config, start_workers)
