"""The web app: server-rendered pages (jinja2) for teachers and admins.

Signed in by a session cookie (HttpOnly, SameSite=Strict); every form carries the session's
CSRF token and a POST without it is refused (403). The login form, before there is a session,
uses a double-submit cookie. Pages use only the service's own CSS and JS files (no CDN, no
inline script), and work without JavaScript: it only adds drag and drop.
"""

import secrets
import time
from typing import Annotated, Any

import jinja2
from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from copyhound import __version__
from copyhound.service import auth
from copyhound.service.core import (
    HERE,
    Service,
    accept_batch,
    accept_check,
    add_to_collection,
    collection_page,
    report_response,
)
from copyhound.service.storage import User
from copyhound.service.uploads import Refused

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["percent"] = lambda v: f"{100 * v:.1f}%"
_env.filters["when"] = lambda t: time.strftime("%Y-%m-%d %H:%M", time.localtime(t)) if t else ""


class NotSignedIn(Exception):
    pass


def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = _env.get_template(name).render(version=__version__, **context)
    return HTMLResponse(html, status_code=status)


def web_router(service: Service) -> APIRouter:
    store = service.store
    config = service.config
    router = APIRouter(include_in_schema=False)

    def session_user(request: Request) -> tuple[User, str] | None:
        cookie = request.cookies.get(auth.SESSION_COOKIE)
        return store.session(cookie) if cookie else None

    def signed_in(request: Request) -> tuple[User, str]:
        found = session_user(request)
        if found is None:
            raise NotSignedIn
        return found

    def checked_post(request: Request, csrf_token: str) -> User:
        """The signed-in user of a form post whose CSRF token matches their session's."""
        found = session_user(request)
        if found is None:
            raise HTTPException(401, "sign in first")
        user, csrf = found
        if not auth.same_secret(csrf_token, csrf):
            raise HTTPException(403, "the form's CSRF token is missing or wrong; reload the page")
        return user

    def set_cookie(response: Response, name: str, value: str, path: str = "/") -> None:
        response.set_cookie(
            name,
            value,
            httponly=True,
            samesite="strict",
            secure=config.secure_cookies,
            path=path,
            max_age=8 * 3600,
        )

    def login_page(error: str = "", status: int = 200) -> HTMLResponse:
        token = secrets.token_urlsafe(24)
        response = page("login.html.j2", status, csrf=token, error=error, user=None)
        set_cookie(response, auth.LOGIN_CSRF_COOKIE, token, path="/login")
        return response

    @router.get("/login")
    def login_form(request: Request) -> Response:
        if session_user(request):
            return RedirectResponse("/checks", 303)
        return login_page()

    @router.post("/login")
    def login(
        request: Request,
        name: Annotated[str, Form(max_length=200)] = "",
        password: Annotated[str, Form(max_length=1000)] = "",
        csrf_token: Annotated[str, Form(max_length=200)] = "",
    ) -> Response:
        if not auth.same_secret(csrf_token, request.cookies.get(auth.LOGIN_CSRF_COOKIE)):
            return login_page("The form expired; please sign in again.", 403)
        client = request.client.host if request.client else "?"
        if service.login_limit.take(f"{client}:{name}"):
            return login_page("Too many attempts; wait a minute and try again.", 429)
        user = auth.verify_login(store, name, password)
        if user is None:
            return login_page("Wrong name or password.", 401)
        session, _csrf = store.new_session(user)
        response = RedirectResponse("/checks", 303)
        set_cookie(response, auth.SESSION_COOKIE, session)
        response.delete_cookie(auth.LOGIN_CSRF_COOKIE, path="/login")
        return response

    @router.post("/logout")
    def logout(request: Request, csrf_token: Annotated[str, Form(max_length=200)] = "") -> Response:
        checked_post(request, csrf_token)
        store.end_session(request.cookies.get(auth.SESSION_COOKIE, ""))
        response = RedirectResponse("/login", 303)
        response.delete_cookie(auth.SESSION_COOKIE)
        return response

    @router.get("/")
    def home(request: Request) -> Response:
        return RedirectResponse("/checks" if session_user(request) else "/login", 303)

    def checks_page(user: User, csrf: str, error: str = "", status: int = 200) -> HTMLResponse:
        return page(
            "checks.html.j2",
            status,
            user=user,
            csrf=csrf,
            error=error,
            jobs=store.jobs_of(user, 200),
            max_mb=config.max_upload_bytes / 1e6,
        )

    @router.get("/checks")
    def my_checks(request: Request) -> Response:
        user, csrf = signed_in(request)
        return checks_page(user, csrf)

    @router.post("/checks")
    def upload_check(
        request: Request,
        suspect: Annotated[UploadFile, File()],
        sources: Annotated[list[UploadFile] | None, File()] = None,
        csrf_token: Annotated[str, Form(max_length=200)] = "",
        collection: Annotated[bool, Form()] = False,
        add: Annotated[bool, Form()] = False,
        semantic: Annotated[bool, Form()] = False,
        exclude_quotes: Annotated[bool, Form()] = False,
    ) -> Response:
        user = checked_post(request, csrf_token)
        params = {
            "collection": collection,
            "semantic": semantic,
            "sensitivity": "normal",
            "add": add,
            "exclude_quotes": exclude_quotes,
            "exclude_bibliography": True,
            "min_match_words": 0,
            "min_source_percent": 0.0,
            "min_words": 8,
            "min_chars": 40,
        }
        try:
            job_id = accept_check(
                service, user, suspect, list(sources or []), None, params, request.scope
            )
        except Refused as exc:
            return checks_page(user, session_user(request)[1], exc.message, exc.status)
        return RedirectResponse(f"/checks/{job_id}", 303)

    @router.post("/batches")
    def upload_batch(
        request: Request,
        files: Annotated[list[UploadFile], File()],
        csrf_token: Annotated[str, Form(max_length=200)] = "",
        collection: Annotated[bool, Form()] = False,
    ) -> Response:
        user = checked_post(request, csrf_token)
        params = {"collection": collection, "min_words": 8, "cluster_min": 0.03}
        try:
            job_id, _skipped = accept_batch(service, user, files, params, request.scope)
        except Refused as exc:
            return checks_page(user, session_user(request)[1], exc.message, exc.status)
        return RedirectResponse(f"/checks/{job_id}", 303)

    def own_job(job_id: str, user: User):
        job = store.job(job_id) if len(job_id) <= 64 else None
        if job is None or job.user_id != user.id:
            raise HTTPException(404, "no such check")
        return job

    @router.get("/checks/{job_id}")
    def show_check(request: Request, job_id: str) -> Response:
        """The HTML report once done; until then a page that refreshes itself."""
        user, csrf = signed_in(request)
        job = own_job(job_id, user)
        if job.status == "done":
            html = store.load_result(job.id, "html")
            if html is not None:
                return report_response(html)
        return page("status.html.j2", user=user, csrf=csrf, job=job)

    @router.get("/checks/{job_id}/report.json")
    def check_json(request: Request, job_id: str) -> Response:
        user, _csrf = signed_in(request)
        job = own_job(job_id, user)
        text = store.load_result(job.id, "json") if job.status == "done" else None
        if text is None:
            raise HTTPException(409, f"the check is {job.status}, not done")
        return Response(
            text,
            media_type="application/json",
            headers={"content-disposition": f'attachment; filename="{job.id}.json"'},
        )

    @router.post("/checks/{job_id}/delete")
    def delete_check(
        request: Request, job_id: str, csrf_token: Annotated[str, Form(max_length=200)] = ""
    ) -> Response:
        user = checked_post(request, csrf_token)
        store.remove_job(own_job(job_id, user).id)
        return RedirectResponse("/checks", 303)

    def admin(request: Request) -> tuple[User, str]:
        user, csrf = signed_in(request)
        if not user.is_admin:
            raise HTTPException(403, "only an admin may see the collection")
        return user, csrf

    @router.get("/collection")
    def collection(request: Request, offset: int = 0) -> Response:
        user, csrf = admin(request)
        info = collection_page(service, 200, max(0, offset))
        return page("collection.html.j2", user=user, csrf=csrf, info=info, message="")

    @router.post("/collection")
    def collection_add(
        request: Request,
        files: Annotated[list[UploadFile], File()],
        csrf_token: Annotated[str, Form(max_length=200)] = "",
    ) -> Response:
        user = checked_post(request, csrf_token)
        if not user.is_admin:
            raise HTTPException(403, "only an admin may add to the collection")
        csrf = session_user(request)[1]
        try:
            added = add_to_collection(service, files)
        except Refused as exc:
            info = collection_page(service, 200, 0)
            return page(
                "collection.html.j2",
                exc.status,
                user=user,
                csrf=csrf,
                info=info,
                message=exc.message,
            )
        info = collection_page(service, 200, 0)
        message = (
            f"Added {len(added['added'])}, {len(added['same_text'])} already stored under "
            f"another name, {len(added['skipped'])} unchanged; {added['documents']} documents."
        )
        return page("collection.html.j2", user=user, csrf=csrf, info=info, message=message)

    return router


_TITLES = {401: "Sign in first", 403: "Not allowed", 404: "Not found", 409: "Not ready"}


def install_handlers(app) -> None:
    """Pages answer a missing session with the login page, errors with a short HTML page;
    the API keeps FastAPI's JSON errors."""
    from fastapi.exception_handlers import http_exception_handler
    from starlette.exceptions import HTTPException as StarletteHTTPException

    @app.exception_handler(NotSignedIn)
    async def to_login(request: Request, exc: NotSignedIn) -> Response:
        return RedirectResponse("/login", 303)

    @app.exception_handler(StarletteHTTPException)
    async def error_page(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith(("/api/", "/static/", "/openapi")):
            return await http_exception_handler(request, exc)
        response = page(
            "error.html.j2",
            exc.status_code,
            code=exc.status_code,
            user=None,
            csrf="",
            title=_TITLES.get(exc.status_code, "Something went wrong"),
            message=exc.detail,
        )
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response
