"""The checking service in-process (FastAPI's TestClient): access, jobs, limits, hostile input."""

from __future__ import annotations

import asyncio
import io
import json
import re
import sqlite3
import zipfile

import pytest
from service_helpers import ESSAY, SOURCES, essay_upload, make_users, wait_done

from copyhound.cli import main

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from copyhound.service import ServiceConfig, create_app  # noqa: E402


def make_service(tmp_path, **limits):
    config = ServiceConfig.at(tmp_path / "data", poll_seconds=0.02, **limits)
    app = create_app(config)
    users = make_users(config.data_dir)
    return config, app, users


@pytest.fixture
def svc(tmp_path):
    config, app, users = make_service(tmp_path, max_upload_bytes=300_000)
    with TestClient(app) as client:
        yield config, client, users


def stored(config) -> tuple[int, int]:
    """(files under data/files, jobs in the database)."""
    files = sum(1 for _ in (config.data_dir / "files").iterdir())
    with sqlite3.connect(config.data_dir / "service.db") as conn:
        jobs = conn.execute("SELECT COUNT(*) FROM jobs").fetchone()[0]
    return files, jobs


def api_routes(client):
    """Every operation under /api/v1 the OpenAPI schema documents."""
    for path, operations in client.get("/openapi.json").json()["paths"].items():
        if path.startswith("/api/v1"):
            for method in operations:
                yield method.upper(), re.sub(r"\{[^}]+\}", "x", path)


def test_every_api_endpoint_needs_a_token(svc):
    config, client, users = svc
    routes = list(api_routes(client))
    assert len(routes) >= 14
    for method, path in routes:
        for headers in ({}, {"Authorization": "Bearer ch_not-a-token"}, {"Authorization": "x"}):
            r = client.request(method, path, headers=headers)
            assert r.status_code == 401, (method, path, headers, r.status_code)
            assert r.headers["www-authenticate"] == "Bearer"


def test_health_and_login_need_no_token(svc):
    _config, client, _users = svc
    assert client.get("/health").json()["status"] == "ok"
    assert client.get("/login").status_code == 200
    assert client.get("/openapi.json").json()["paths"]["/api/v1/checks"]


def test_check_runs_in_the_background_and_reports_what_the_cli_reports(svc, tmp_path):
    _config, client, users = svc
    r = client.post("/api/v1/checks", headers=users.alice, files=essay_upload())
    assert r.status_code == 202
    job = r.json()
    assert job["status"] == "queued" and job["url"] == f"/api/v1/checks/{job['id']}"
    done = wait_done(client, job["id"], users.alice)
    assert done["status"] == "done" and done["progress"] == 1.0
    report = done["report"]
    out = tmp_path / "cli.json"
    main(
        [
            "check",
            str(ESSAY),
            *[a for p in SOURCES for a in ("-s", str(p))],
            "--json",
            str(out),
            "-q",
        ]
    )
    cli = json.loads(out.read_text())
    assert report["schema"] == cli["schema"]
    for key in ("words", "reused_words", "unattributed_words", "similarity", "by_verdict"):
        assert report["similarity"][key] == cli["similarity"][key], key
    spans = [
        (
            m["suspect_offset"],
            m["suspect_length"],
            m["source_offset"],
            m["verdict"],
        )
        for m in report["matches"]
    ]
    cli_spans = [
        (
            m["suspect_offset"],
            m["suspect_length"],
            m["source_offset"],
            m["verdict"],
        )
        for m in cli["matches"]
    ]
    assert [m["source"] for m in report["matches"]] == [
        m["source"].rsplit("/", 1)[-1] for m in cli["matches"]
    ]
    assert spans == cli_spans and len(spans) >= 3
    from test_json_schema import validate

    validate(report, "report")  # the published schema of `check --json`
    # the names are the uploaded file names, never the stored ones
    assert report["suspect"]["name"] == "essay.txt"
    assert {s["name"] for s in report["sources"]} == {p.name for p in SOURCES}
    assert done["summary"]["matches"] == len(spans)
    assert done["summary"]["index_percent"] == round(100 * cli["similarity"]["unattributed"], 1)
    listed = client.get("/api/v1/checks", headers=users.alice).json()
    assert [c["id"] for c in listed] == [job["id"]] and listed[0]["report"] is None
    html = client.get(f"/api/v1/checks/{job['id']}/html", headers=users.alice)
    assert html.status_code == 200 and "essay.txt" in html.text
    assert "script-src 'sha256-" in html.headers["content-security-policy"]


def test_a_teacher_cannot_see_or_delete_another_teachers_check(svc):
    _config, client, users = svc
    job_id = client.post("/api/v1/checks", headers=users.alice, files=essay_upload()).json()["id"]
    wait_done(client, job_id, users.alice)
    for method, path in (
        ("GET", f"/api/v1/checks/{job_id}"),
        ("GET", f"/api/v1/checks/{job_id}/html"),
        ("DELETE", f"/api/v1/checks/{job_id}"),
    ):
        r = client.request(method, path, headers=users.bob)
        assert r.status_code == 404, (method, path)
    assert client.get("/api/v1/checks", headers=users.bob).json() == []
    assert client.get(f"/api/v1/checks/{job_id}", headers=users.alice).json()["status"] == "done"
    assert client.delete(f"/api/v1/checks/{job_id}", headers=users.alice).status_code == 204
    assert client.get(f"/api/v1/checks/{job_id}", headers=users.alice).status_code == 404


def test_admin_endpoints_are_forbidden_to_a_teacher(svc):
    _config, client, users = svc
    for method, path, kw in (
        ("GET", "/api/v1/users", {}),
        ("POST", "/api/v1/users", {"json": {"name": "eve", "role": "admin"}}),
        ("DELETE", "/api/v1/users/bob", {}),
        ("POST", "/api/v1/users/bob/tokens", {}),
        ("DELETE", "/api/v1/users/bob/tokens", {}),
        ("GET", "/api/v1/collection", {}),
        ("POST", "/api/v1/collection/documents", {"files": essay_upload()[:1]}),
        ("DELETE", "/api/v1/collection/documents?name=x", {}),
    ):
        r = client.request(method, path, headers=users.alice, **kw)
        assert r.status_code == 403, (method, path, r.status_code)
    assert client.get("/api/v1/users", headers=users.root).status_code == 200
    names = [u["name"] for u in client.get("/api/v1/users", headers=users.root).json()]
    assert names == ["alice", "bob", "root"]


def test_admin_manages_users_and_tokens(svc):
    _config, client, users = svc
    made = client.post("/api/v1/users", headers=users.root, json={"name": "carol"}).json()
    carol = {"Authorization": f"Bearer {made['token']}"}
    assert client.get("/api/v1/me", headers=carol).json() == {"name": "carol", "role": "teacher"}
    second = client.post("/api/v1/users/carol/tokens", headers=users.root).json()
    revoked = client.delete(
        f"/api/v1/users/carol/tokens?token_id={made['token_id']}", headers=users.root
    )
    assert revoked.json() == {"revoked": 1}
    assert client.get("/api/v1/me", headers=carol).status_code == 401
    other = {"Authorization": f"Bearer {second['token']}"}
    assert client.get("/api/v1/me", headers=other).status_code == 200
    assert client.delete("/api/v1/users/carol", headers=users.root).status_code == 204
    assert client.get("/api/v1/me", headers=other).status_code == 401
    bad = client.post("/api/v1/users", headers=users.root, json={"name": "../x"})
    assert bad.status_code == 422 and "user name" in bad.json()["detail"]


def test_oversized_upload_is_413_and_nothing_is_stored(svc):
    config, client, users = svc
    big = b"word " * 80_000  # 400 kB, over the 300 kB limit
    r = client.post(
        "/api/v1/checks",
        headers=users.alice,
        files=[("suspect", ("big.txt", big, "text/plain"))],
        data={"collection": "true"},
    )
    assert r.status_code == 413 and "upload limit" in r.json()["detail"]
    assert stored(config) == (0, 0)


def test_oversized_upload_without_content_length_is_413(svc):
    config, client, users = svc

    def chunks():
        yield (
            b'--xyz\r\ncontent-disposition: form-data; name="suspect"; filename="a.txt"\r\n'
            b"content-type: text/plain\r\n\r\n"
        )
        for _ in range(100):
            yield b"word " * 2_000

    r = client.post(
        "/api/v1/checks",
        headers={**users.alice, "content-type": "multipart/form-data; boundary=xyz"},
        content=chunks(),
    )
    assert r.status_code == 413
    assert stored(config) == (0, 0)


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("photo.txt", bytes(range(256)) * 40, "looks like a binary file"),
        ("empty.txt", b"   \n", "empty file"),
        ("bomb.docx", None, "zip bomb"),
        ("class.zip", None, "binary"),
    ],
)
def test_unreadable_upload_is_422_and_nothing_is_stored(svc, name, data, message):
    config, client, users = svc
    if name == "bomb.docx":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("word/document.xml", b"\0" * (4 * 1024 * 1024))
        data = buf.getvalue()
    elif name == "class.zip":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("a.txt", "some text " * 50)
        data = buf.getvalue()
    files = [("suspect", (name, data, "application/octet-stream"))]
    files += essay_upload()[1:]
    r = client.post("/api/v1/checks", headers=users.alice, files=files)
    assert r.status_code == 422, r.text
    assert message in r.json()["detail"] and "suspect" in r.json()["detail"]
    assert stored(config) == (0, 0)


def test_a_binary_source_refuses_the_whole_check(svc):
    config, client, users = svc
    files = essay_upload() + [("sources", ("x.pdf", b"%PDF-1.4 garbage" * 10, "x/y"))]
    r = client.post("/api/v1/checks", headers=users.alice, files=files)
    assert r.status_code == 422 and r.json()["detail"].startswith("source:")
    assert stored(config) == (0, 0)


def test_a_check_needs_sources_or_the_collection(svc):
    config, client, users = svc
    r = client.post("/api/v1/checks", headers=users.alice, files=essay_upload()[:1])
    assert r.status_code == 422 and "source" in r.json()["detail"]
    assert stored(config) == (0, 0)


def test_user_file_names_never_reach_the_file_system(svc):
    config, client, users = svc
    files = [("suspect", ("../../../etc/evil.txt", ESSAY.read_bytes(), "text/plain"))]
    files += [("sources", ("..\\..\\x.md", SOURCES[0].read_bytes(), "text/plain"))]
    job_id = client.post("/api/v1/checks", headers=users.alice, files=files).json()["id"]
    done = wait_done(client, job_id, users.alice)
    assert done["report"]["suspect"]["name"] == "evil.txt"
    assert done["report"]["sources"][0]["name"] == "x.md"
    names = [p.name for p in (config.data_dir / "files").iterdir()]
    assert len(names) == 2 and all(re.fullmatch(r"[0-9a-f]{32}", n) for n in names)
    assert not [p for p in config.data_dir.rglob("*") if "evil" in p.name or p.name == "x.md"]


def test_rate_limit_answers_429(tmp_path):
    _config, app, users = make_service(tmp_path, jobs_per_minute=2)
    with TestClient(app) as client:
        codes = [
            client.post("/api/v1/checks", headers=users.alice, files=essay_upload()).status_code
            for _ in range(3)
        ]
        assert codes == [202, 202, 429]
        r = client.post("/api/v1/checks", headers=users.alice, files=essay_upload())
        assert int(r.headers["retry-after"]) >= 1
        # per user: bob is not slowed down by alice
        assert (
            client.post("/api/v1/checks", headers=users.bob, files=essay_upload()).status_code
            == 202
        )


def test_security_headers(svc):
    _config, client, _users = svc
    r = client.get("/login")
    csp = r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in r.text and "style=" not in r.text


def test_docs_pages_that_need_a_cdn_are_off(svc):
    _config, client, _users = svc
    assert client.get("/docs").status_code == 404


def login(client, name: str) -> str:
    """Sign in through the form; the session's CSRF token from the checks page."""
    page = client.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    r = client.post(
        "/login",
        data={"name": name, "password": f"{name}-password", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    checks = client.get("/checks")
    return re.search(r'name="csrf_token" value="([^"]+)"', checks.text).group(1)


def test_login_page_session_and_csrf(svc):
    config, client, _users = svc
    # without the login form's CSRF cookie and field, a login is refused
    bare = client.post("/login", data={"name": "alice", "password": "alice-password"})
    assert bare.status_code == 403
    assert client.get("/checks", follow_redirects=False).headers["location"] == "/login"
    csrf = login(client, "alice")
    files = {"suspect": (ESSAY.name, ESSAY.read_bytes(), "text/plain")}
    form = {"collection": "true"}
    refused = client.post("/checks", files=files, data=form, follow_redirects=False)
    assert refused.status_code == 403 and "CSRF" in refused.text
    wrong = client.post("/checks", files=files, data={**form, "csrf_token": "x" * 43})
    assert wrong.status_code == 403
    assert stored(config) == (0, 0)
    ok = client.post(
        "/checks", files=files, data={**form, "csrf_token": csrf}, follow_redirects=False
    )
    assert ok.status_code == 303 and ok.headers["location"].startswith("/checks/")
    assert client.post("/logout", follow_redirects=False).status_code == 403
    assert (
        client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    )
    assert client.get("/checks", follow_redirects=False).status_code == 303


def test_wrong_password_is_refused(svc):
    _config, client, _users = svc
    page = client.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    r = client.post("/login", data={"name": "alice", "password": "nope", "csrf_token": csrf})
    assert r.status_code == 401 and "Wrong name or password" in r.text
    assert "copyhound_session" not in r.headers.get("set-cookie", "")


def test_collection_page_is_for_admins_only(svc):
    _config, client, _users = svc
    login(client, "alice")
    assert client.get("/collection").status_code == 403
    client.cookies.clear()
    login(client, "root")
    assert "The collection" in client.get("/collection").text


def test_add_keeps_a_submission_for_next_years_class(svc):
    _config, client, users = svc
    essay = ESSAY.read_text()
    first = client.post(
        "/api/v1/checks",
        headers=users.alice,
        files=[("suspect", ("2025-essay.txt", essay.encode(), "text/plain"))],
        data={"collection": "true", "add": "true"},
    ).json()["id"]
    assert wait_done(client, first, users.alice)["status"] == "done"
    listing = client.get("/api/v1/collection", headers=users.root).json()
    assert listing["documents"] == 1
    assert listing["items"][0]["name"] == f"alice/{first}/2025-essay.txt"
    copied = "\n\n".join(essay.split("\n\n")[1:4])
    second = client.post(
        "/api/v1/checks",
        headers=users.bob,
        files=[("suspect", ("2026-essay.txt", copied.encode(), "text/plain"))],
        data={"collection": "true"},
    ).json()["id"]
    report = wait_done(client, second, users.bob)["report"]
    assert [s["name"] for s in report["sources"] if s["matches"]] == [
        f"alice/{first}/2025-essay.txt"
    ]
    assert report["retrieval"]["candidates"][0]["name"] == f"alice/{first}/2025-essay.txt"
    from test_json_schema import validate

    validate(report, "report")  # as `check --index --json` writes it


def test_admin_adds_documents_and_a_check_finds_them(svc):
    _config, client, users = svc
    added = client.post(
        "/api/v1/collection/documents",
        headers=users.root,
        files=[("files", (p.name, p.read_bytes(), "text/plain")) for p in SOURCES],
    ).json()
    assert sorted(added["added"]) == sorted(p.name for p in SOURCES) and added["documents"] == 2
    job = client.post(
        "/api/v1/checks",
        headers=users.alice,
        files=essay_upload()[:1],
        data={"collection": "true"},
    ).json()["id"]
    report = wait_done(client, job, users.alice)["report"]
    assert {s["name"] for s in report["sources"] if s["matches"]} == {p.name for p in SOURCES}
    removed = client.delete(
        f"/api/v1/collection/documents?name={SOURCES[0].name}", headers=users.root
    )
    assert removed.json() == {"removed": [SOURCES[0].name]}
    missing = client.delete("/api/v1/collection/documents?name=nope", headers=users.root)
    assert missing.status_code == 404


def zip_of(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_batch_of_a_class_zip_finds_the_pair_that_shares_text(svc):
    _config, client, users = svc
    essay = ESSAY.read_text()
    other = SOURCES[0].read_text()
    class_zip = zip_of(
        {
            "class/ann.txt": essay.encode(),
            "class/ben.txt": ("My own intro sentence here.\n\n" + essay[400:1600]).encode(),
            "class/cat.txt": other.encode(),  # a source of the essay: joins ann's cluster
            "__MACOSX/class/._ann.txt": b"\0\1junk",
            "class/.hidden.txt": b"secret",
        }
    )
    r = client.post(
        "/api/v1/batches",
        headers=users.alice,
        files=[("files", ("class.zip", class_zip, "application/zip"))],
    )
    assert r.status_code == 202, r.text
    done = wait_done(client, r.json()["id"], users.alice)
    assert done["status"] == "done" and done["kind"] == "batch"
    for path in (f"/api/v1/checks/{done['id']}", f"/api/v1/checks/{done['id']}/html"):
        assert client.get(path, headers=users.bob).status_code == 404  # alice's class
    report = done["report"]
    from test_json_schema import validate

    validate(report, "batch")
    assert report["matrix"]["names"] == ["ann.txt", "ben.txt", "cat.txt"]
    assert {(p["a"], p["b"]) for p in report["pairs"]} >= {("ann.txt", "ben.txt")}
    assert [sorted(c["members"]) for c in report["clusters"]] == [["ann.txt", "ben.txt", "cat.txt"]]
    pairs = {(p["a"], p["b"]): p["similarity"] for p in report["pairs"]}
    assert pairs[("ann.txt", "ben.txt")] > pairs[("ann.txt", "cat.txt")]


def test_zip_bomb_in_a_batch_is_refused_and_nothing_is_stored(tmp_path):
    config, app, users = make_service(tmp_path, max_document_bytes=5_000_000)
    bomb = zip_of({"a.txt": b"a " * 1_500_000, "b.txt": b"text " * 100})
    with TestClient(app) as client:
        r = client.post(
            "/api/v1/batches",
            headers=users.alice,
            files=[("files", ("class.zip", bomb, "application/zip"))],
        )
        assert r.status_code == 422 and "zip bomb" in r.json()["detail"]
        huge = zip_of({"a.txt": b"a " * 3_000_000})
        r = client.post(
            "/api/v1/batches",
            headers=users.alice,
            files=[("files", ("c.zip", huge, "application/zip"))],
        )
        assert r.status_code in (413, 422)
        assert stored(config) == (0, 0)


def test_an_accepted_job_is_finished_by_the_next_server(tmp_path):
    """Jobs live in the database: a server that stops before running them (here one started
    without workers) leaves them to the next one."""
    config = ServiceConfig.at(tmp_path / "data", poll_seconds=0.02)
    users = make_users(config.data_dir)
    with TestClient(create_app(config, start_workers=False)) as client:
        job_id = client.post("/api/v1/checks", headers=users.alice, files=essay_upload()).json()[
            "id"
        ]
        assert (
            client.get(f"/api/v1/checks/{job_id}", headers=users.alice).json()["status"] == "queued"
        )
    with TestClient(create_app(config)) as client:
        assert wait_done(client, job_id, users.alice)["status"] == "done"


def test_a_dead_owners_running_job_is_queued_again(tmp_path):
    from copyhound.service.jobs import owner_alive
    from copyhound.service.storage import Store

    config = ServiceConfig.at(tmp_path / "data")
    make_users(config.data_dir)
    store = Store(config.data_dir)
    alice = store.user("alice")
    job_id = store.add_job(alice, "check", {}, "t", [("suspect", "a.txt", b"text")])
    import socket

    dead = f"{socket.gethostname()}:999999999:abcd"
    assert store.claim_job(dead, 3600).status == "running"
    assert not owner_alive(dead)
    assert store.release_dead_owners(owner_alive) == 1
    assert store.job(job_id).status == "queued"
    # a running job whose lease ran out is taken again too
    assert store.claim_job("elsewhere:1:x", -1).attempts == 2
    assert store.claim_job("me", 60).id == job_id


def test_request_timeout_answers_503():
    from copyhound.service.limits import Timeout

    async def slow(scope, receive, send):
        await asyncio.sleep(5)

    sent = []

    async def send(message):
        sent.append(message)

    asyncio.run(Timeout(slow, 0.05)({"type": "http"}, None, send))
    assert sent[0]["status"] == 503


def test_users_cli_prints_a_working_token_last(tmp_path, capsys, monkeypatch):
    data = tmp_path / "data"
    main(["users", "add", "dana", "--role", "teacher", "--data", str(data)])
    out = capsys.readouterr().out.strip().splitlines()
    token = out[-1]
    assert re.fullmatch(r"ch_[A-Za-z0-9_-]{43}", token) and "password" in out[1]
    main(["users", "token", "dana", "--data", str(data)])
    second = capsys.readouterr().out.strip().splitlines()[-1]
    app = create_app(ServiceConfig.at(data), start_workers=False)
    with TestClient(app) as client:
        for t in (token, second):
            me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {t}"})
            assert me.json() == {"name": "dana", "role": "teacher"}
        main(["users", "revoke", "dana", "--token", "1", "--data", str(data)])
        assert "revoked 1 token of dana" in capsys.readouterr().out
        assert (
            client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code
            == 401
        )
        assert (
            client.get("/api/v1/me", headers={"Authorization": f"Bearer {second}"}).status_code
            == 200
        )
        main(["users", "list", "--data", str(data)])
        assert capsys.readouterr().out == "dana\tteacher\t1 active tokens\n"
        main(["users", "remove", "dana", "--data", str(data)])
        assert (
            client.get("/api/v1/me", headers={"Authorization": f"Bearer {second}"}).status_code
            == 401
        )


def test_users_cli_errors_are_one_line(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["users", "token", "nobody", "--data", str(tmp_path / "none")])
    assert exc.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1
    main(["users", "add", "x1", "--data", str(tmp_path / "d")])
    with pytest.raises(SystemExit) as exc:
        main(["users", "add", "x1", "--data", str(tmp_path / "d")])
    assert "already a user" in capsys.readouterr().err


def test_a_request_past_its_deadline_stores_nothing(tmp_path):
    """A handler thread cannot be cancelled when the request is answered 503; it must not
    then accept the job the client was told failed."""
    import time

    from fastapi import UploadFile

    from copyhound.service.core import Service, accept_check
    from copyhound.service.limits import DEADLINE
    from copyhound.service.uploads import Refused

    config = ServiceConfig.at(tmp_path / "data")
    make_users(config.data_dir)
    service = Service(config)
    alice = service.store.user("alice")
    params = {"collection": True}

    def suspect():
        return UploadFile(io.BytesIO(ESSAY.read_bytes()), filename="essay.txt")

    with pytest.raises(Refused) as exc:
        accept_check(service, alice, suspect(), [], None, params, {DEADLINE: time.monotonic() - 1})
    assert exc.value.status == 503 and "nothing was stored" in exc.value.message
    assert stored(config) == (0, 0)
    accept_check(service, alice, suspect(), [], None, params, {DEADLINE: time.monotonic() + 60})
    assert stored(config) == (1, 1)


def test_web_pages_of_another_teachers_check_are_404(svc):
    _config, client, users = svc
    job_id = client.post("/api/v1/checks", headers=users.alice, files=essay_upload()).json()["id"]
    wait_done(client, job_id, users.alice)
    csrf = login(client, "bob")
    for path in (f"/checks/{job_id}", f"/checks/{job_id}/report.json"):
        r = client.get(path)
        assert r.status_code == 404 and "Not found" in r.text and "essay" not in r.text
    r = client.post(f"/checks/{job_id}/delete", data={"csrf_token": csrf})
    assert r.status_code == 404
    assert client.get(f"/api/v1/checks/{job_id}", headers=users.alice).json()["status"] == "done"
    client.cookies.clear()
    login(client, "alice")
    page = client.get(f"/checks/{job_id}")
    assert page.status_code == 200 and "passage-list" in page.text
    assert client.get(f"/checks/{job_id}/report.json").json()["suspect"]["name"] == "essay.txt"


def test_a_batch_keeps_its_readable_files_and_names_the_others(svc):
    """As `copyhound batch` skips a bad file of a class folder, a batch upload keeps the files
    that read and names each of the others with its reason: in the answer, the job's summary
    and the report (summary.submissions_skipped)."""
    config, client, users = svc
    essay = ESSAY.read_text()
    class_zip = zip_of(
        {
            "class/ann.txt": essay.encode(),
            "class/ben.txt": ("My own intro sentence here.\n\n" + essay[400:1600]).encode(),
            "class/dan.txt": b"   \n",
        }
    )
    files = [
        ("files", ("class.zip", class_zip, "application/zip")),
        ("files", ("cat.txt", SOURCES[0].read_bytes(), "text/plain")),
        ("files", ("photo.txt", bytes(range(256)) * 40, "text/plain")),
    ]
    r = client.post("/api/v1/batches", headers=users.alice, files=files)
    assert r.status_code == 202, r.text
    skipped = r.json()["skipped"]
    assert len(skipped) == 2
    assert skipped[0] == "dan.txt: empty file"
    assert skipped[1].startswith("photo.txt: ") and "binary" in skipped[1]
    assert stored(config) == (3, 1)  # the three readable files only
    done = wait_done(client, r.json()["id"], users.alice)
    assert done["status"] == "done", done
    assert done["summary"]["skipped"] == skipped
    report = done["report"]
    assert report["summary"]["submissions_skipped"] == skipped
    assert report["matrix"]["names"] == ["ann.txt", "ben.txt", "cat.txt"]
    assert ("ann.txt", "ben.txt") in {(p["a"], p["b"]) for p in report["pairs"]}
    from test_json_schema import validate

    validate(report, "batch")
    page = client.get(f"/api/v1/checks/{done['id']}/html", headers=users.alice).text
    assert "could not be read" in page and "photo.txt" in page


def test_a_batch_with_fewer_than_two_readable_files_is_422(svc):
    config, client, users = svc
    files = [
        ("files", ("ann.txt", ESSAY.read_bytes(), "text/plain")),
        ("files", ("photo.txt", bytes(range(256)) * 40, "text/plain")),
        ("files", ("x.pdf", b"%PDF-1.4 garbage" * 10, "application/pdf")),
    ]
    r = client.post("/api/v1/batches", headers=users.alice, files=files)
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert detail.startswith("a batch needs at least two readable documents; 1 read, 2 could ")
    assert "photo.txt: " in detail and "x.pdf: " in detail
    assert stored(config) == (0, 0)


def test_rate_limit_is_shared_by_the_processes_of_one_service(tmp_path):
    """Two apps on one data folder (as `serve --processes 2` runs two) draw on one budget,
    kept in DATA/rate-limits.db: per process, each would allow the whole rate."""
    config, first, users = make_service(tmp_path, jobs_per_minute=2)
    second = create_app(config)
    with TestClient(first) as one, TestClient(second) as two:
        codes = [
            client.post("/api/v1/checks", headers=users.alice, files=essay_upload()).status_code
            for client in (one, two, one, two)
        ]
        assert codes == [202, 202, 429, 429]
        r = two.post("/api/v1/checks", headers=users.alice, files=essay_upload())
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
        bob = one.post("/api/v1/checks", headers=users.bob, files=essay_upload())
        assert bob.status_code == 202  # per user: bob has his own budget
    assert (config.data_dir / "rate-limits.db").exists()


def _take_many(path: str, n: int, queue) -> None:
    from pathlib import Path

    from copyhound.service.limits import RateLimiter

    limiter = RateLimiter(60, Path(path), "jobs")
    queue.put(sum(1 for _ in range(n) if limiter.take("user:1") == 0))


def test_shared_rate_limit_counts_every_request_of_concurrent_processes_once(tmp_path):
    """Four processes ask 30 times each at once for a budget of 60 (a minute's worth): about
    60 are allowed in all, never the 120 that separate counts would give, nor fewer (a lost
    update would let too many through; a stuck lock would refuse all)."""
    import multiprocessing
    import time

    from copyhound.service.limits import RateLimiter

    path = tmp_path / "rate-limits.db"
    RateLimiter(60, path, "jobs")  # the file and its table
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    start = time.time()
    procs = [ctx.Process(target=_take_many, args=(str(path), 30, queue)) for _ in range(4)]
    for p in procs:
        p.start()
    allowed = sum(queue.get(timeout=60) for _ in procs)
    for p in procs:
        p.join(timeout=60)
    refilled = (time.time() - start) * 1.0  # 60 a minute: one a second
    assert 60 <= allowed <= 60 + refilled + 1
    other = RateLimiter(60, path, "logins")  # another limiter in the same file: its own budget
    assert other.take("user:1") == 0
