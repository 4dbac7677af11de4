"""The JSON API under ``/api/v1``: bearer tokens, checks as jobs, admin endpoints."""

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from copyhound.filter.overlaps import FilterSettings
from copyhound.service import auth
from copyhound.service.core import (
    Service,
    accept_batch,
    accept_check,
    add_to_collection,
    collection_page,
    report_response,
)
from copyhound.service.storage import Job, User

# -- API models (what /openapi.json documents) ------------------------------------------------


class Accepted(BaseModel):
    id: str
    status: Literal["queued"]
    url: str
    #: A batch's files that could not be read and were left out, "NAME: reason" each.
    skipped: list[str] = []


class CheckStatus(BaseModel):
    id: str
    kind: Literal["check", "batch"]
    status: Literal["queued", "running", "done", "failed"]
    title: str
    progress: float = Field(ge=0, le=1)
    stage: str
    created: float
    started: float | None
    finished: float | None
    error: str | None
    summary: dict[str, Any] | None
    report: dict[str, Any] | None = None


class UserInfo(BaseModel):
    name: str
    role: Literal["teacher", "admin"]


class NewUser(BaseModel):
    name: str = Field(min_length=1, max_length=64)
    role: Literal["teacher", "admin"] = "teacher"
    password: str | None = Field(default=None, min_length=8, max_length=200)


class IssuedToken(BaseModel):
    name: str
    token_id: int
    token: str


class Health(BaseModel):
    status: Literal["ok"]
    version: str


def job_status(service: Service, job: Job, with_report: bool) -> CheckStatus:
    report = None
    if with_report and job.status == "done":
        text = service.store.load_result(job.id, "json")
        report = json.loads(text) if text else None
    return CheckStatus(
        id=job.id,
        kind=job.kind,
        status=job.status,
        title=job.title,
        progress=job.progress,
        stage=job.stage,
        created=job.created,
        started=job.started,
        finished=job.finished,
        error=job.error,
        summary=job.summary,
        report=report,
    )


# -- the JSON API -----------------------------------------------------------------------------

_bearer = HTTPBearer(auto_error=False, description="An API token from `copyhound users add`.")


def api_router(service: Service) -> APIRouter:
    store = service.store
    config = service.config

    def current_user(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> User:
        token = credentials.credentials if credentials else None
        user = store.user_for_token(token) if token else None
        if user is None:
            raise HTTPException(
                401, "a valid API token is required", headers={"WWW-Authenticate": "Bearer"}
            )
        return user

    def admin_user(user: Annotated[User, Depends(current_user)]) -> User:
        if not user.is_admin:
            raise HTTPException(403, "only an admin may do this")
        return user

    router = APIRouter(prefix="/api/v1", dependencies=[Depends(current_user)])
    Authed = Annotated[User, Depends(current_user)]
    Admin = Annotated[User, Depends(admin_user)]

    @router.get("/me", response_model=UserInfo, tags=["users"])
    def me(user: Authed) -> UserInfo:
        return UserInfo(name=user.name, role=user.role)

    @router.post("/checks", status_code=202, response_model=Accepted, tags=["checks"])
    def submit_check(
        request: Request,
        user: Authed,
        suspect: Annotated[UploadFile, File(description="The document to check.")],
        sources: Annotated[list[UploadFile] | None, File(description="Source documents.")] = None,
        template: Annotated[UploadFile | None, File(description="The assignment text.")] = None,
        collection: Annotated[bool, Form(description="Search the collection.")] = False,
        semantic: Annotated[bool, Form(description="Find paraphrase and translation.")] = False,
        sensitivity: Annotated[Literal["low", "normal", "high"], Form()] = "normal",
        add: Annotated[bool, Form(description="Add the suspect to the collection.")] = False,
        exclude_quotes: Annotated[bool, Form()] = False,
        exclude_bibliography: Annotated[bool, Form()] = True,
        min_match_words: Annotated[int, Form(ge=0, le=10_000)] = 0,
        min_source_percent: Annotated[float, Form(ge=0, le=100)] = 0.0,
        min_words: Annotated[int, Form(ge=1, le=10_000)] = FilterSettings().min_words,
        min_chars: Annotated[int, Form(ge=1, le=1_000_000)] = FilterSettings().min_chars,
    ) -> Accepted:
        """Accept a check (202); it runs in the background. Poll ``GET /api/v1/checks/{id}``."""
        params = {
            "collection": collection,
            "semantic": semantic,
            "sensitivity": sensitivity,
            "add": add,
            "exclude_quotes": exclude_quotes,
            "exclude_bibliography": exclude_bibliography,
            "min_match_words": min_match_words,
            "min_source_percent": min_source_percent,
            "min_words": min_words,
            "min_chars": min_chars,
        }
        job_id = accept_check(
            service, user, suspect, list(sources or []), template, params, request.scope
        )
        return Accepted(id=job_id, status="queued", url=f"/api/v1/checks/{job_id}")

    @router.post("/batches", status_code=202, response_model=Accepted, tags=["checks"])
    def submit_batch(
        request: Request,
        user: Authed,
        files: Annotated[list[UploadFile], File(description="Submissions, or one zip.")],
        collection: Annotated[bool, Form(description="Also compare with the collection.")] = False,
        min_words: Annotated[int, Form(ge=1, le=10_000)] = FilterSettings().min_words,
        cluster_min: Annotated[float, Form(ge=0, le=1)] = 0.03,
    ) -> Accepted:
        """A class's submissions compared with each other: the matrix, pairs and clusters. A
        file that cannot be read is left out and named in `skipped` (here and in the report's
        `summary.submissions_skipped`); fewer than two readable files is 422."""
        params = {"collection": collection, "min_words": min_words, "cluster_min": cluster_min}
        job_id, skipped = accept_batch(service, user, files, params, request.scope)
        return Accepted(id=job_id, status="queued", url=f"/api/v1/checks/{job_id}", skipped=skipped)

    @router.get("/checks", response_model=list[CheckStatus], tags=["checks"])
    def list_checks(
        user: Authed,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
        offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    ) -> list[CheckStatus]:
        """The caller's own checks, newest first (without their reports)."""
        return [job_status(service, j, False) for j in store.jobs_of(user, limit, offset)]

    def own_job(job_id: str, user: User) -> Job:
        job = store.job(job_id) if len(job_id) <= 64 else None
        if job is None or job.user_id != user.id:
            raise HTTPException(404, "no such check")
        return job

    @router.get("/checks/{job_id}", response_model=CheckStatus, tags=["checks"])
    def get_check(job_id: str, user: Authed) -> CheckStatus:
        """Status and progress; ``report`` (the JSON ``check --json`` writes) once done."""
        return job_status(service, own_job(job_id, user), True)

    @router.get("/checks/{job_id}/html", response_class=HTMLResponse, tags=["checks"])
    def get_check_html(job_id: str, user: Authed) -> HTMLResponse:
        """The HTML report of a finished check."""
        job = own_job(job_id, user)
        html = store.load_result(job.id, "html") if job.status == "done" else None
        if html is None:
            raise HTTPException(409, f"the check is {job.status}, not done")
        return report_response(html)

    @router.delete("/checks/{job_id}", status_code=204, tags=["checks"])
    def delete_check(job_id: str, user: Authed) -> Response:
        """Delete a check, its files and its reports (not what ``add`` put in the collection)."""
        store.remove_job(own_job(job_id, user).id)
        return Response(status_code=204)

    @router.get("/users", response_model=list[dict[str, Any]], tags=["admin"])
    def list_users(admin: Admin) -> list[dict[str, Any]]:
        return store.users()

    @router.post("/users", status_code=201, response_model=IssuedToken, tags=["admin"])
    def add_user(admin: Admin, new: NewUser) -> IssuedToken:
        """Create a user; the answer holds their first API token (shown once)."""
        try:
            user, _password, token = auth.create_user(store, new.name, new.role, new.password)
        except auth.AuthError as exc:
            raise HTTPException(422, str(exc)) from None
        token_id = store.tokens(user)[-1]["id"]
        return IssuedToken(name=user.name, token_id=token_id, token=token)

    def named_user(name: str) -> User:
        user = store.user(name) if len(name) <= 64 else None
        if user is None:
            raise HTTPException(404, "no such user")
        return user

    @router.delete("/users/{name}", status_code=204, tags=["admin"])
    def remove_user(admin: Admin, name: str) -> Response:
        """Remove a user with their tokens, sessions and checks."""
        user = named_user(name)
        if user.id == admin.id:
            raise HTTPException(409, "an admin cannot remove themselves")
        store.remove_user(user)
        return Response(status_code=204)

    @router.post(
        "/users/{name}/tokens", status_code=201, response_model=IssuedToken, tags=["admin"]
    )
    def issue_token(admin: Admin, name: str) -> IssuedToken:
        user = named_user(name)
        token_id, token = store.issue_token(user)
        return IssuedToken(name=user.name, token_id=token_id, token=token)

    @router.delete("/users/{name}/tokens", tags=["admin"])
    def revoke_tokens(
        admin: Admin, name: str, token_id: Annotated[int | None, Query(ge=1)] = None
    ) -> dict[str, int]:
        """Revoke one token (``token_id``) or all of a user's tokens."""
        return {"revoked": store.revoke_tokens(named_user(name), token_id)}

    @router.get("/collection", tags=["admin"])
    def collection_info(
        admin: Admin,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ) -> dict[str, Any]:
        """The collection's sizes and a page of its documents, by name."""
        return collection_page(service, limit, offset)

    @router.post("/collection/documents", status_code=201, tags=["admin"])
    def collection_add(
        admin: Admin,
        files: Annotated[list[UploadFile], File(description="Documents, or a zip of them.")],
    ) -> dict[str, Any]:
        """Add documents to the collection now (a zip is unpacked)."""
        return add_to_collection(service, files)

    @router.delete("/collection/documents", tags=["admin"])
    def collection_remove(
        admin: Admin, name: Annotated[str, Query(min_length=1, max_length=1000)]
    ) -> dict[str, Any]:
        """Remove one document from the collection by name."""
        from copyhound.errors import InputError
        from copyhound.index.store import open_collection

        with service.write_lock, open_collection(config.collection) as coll:
            try:
                removed = coll.remove([name])
            except InputError:
                raise HTTPException(404, "no document of that name in the collection") from None
        return {"removed": removed}

    return router
