"""The web app in a real browser (headless Chromium via Playwright, as tests/test_html_browser.py):
sign in with the keyboard, drop the bundled essay's sources on the form, wait for the report and
see the reused passages, on a phone-sized screen. Screenshots go to test-artifacts/."""

from __future__ import annotations

import httpx
import pytest
from service_helpers import ESSAY, SOURCES, make_users, server_process
from test_html_browser import ARTIFACTS, Watched, browser  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser

DROP = """([names, texts]) => {
    const dt = new DataTransfer();
    names.forEach((n, i) => dt.items.add(new File([texts[i]], n, {type: "text/plain"})));
    return dt;
}"""


def test_sign_in_upload_and_see_the_reused_passages(browser, tmp_path):  # noqa: F811
    data = tmp_path / "data"
    users = make_users(data)
    ARTIFACTS.mkdir(exist_ok=True)
    with server_process(data) as (_proc, base):
        w = Watched(browser, f"{base}/login")
        page = w.page
        page.set_viewport_size({"width": 390, "height": 844})
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(ARTIFACTS / "service-login.png"))
        page.focus("#name")  # the form by keyboard alone
        page.keyboard.type("alice")
        page.keyboard.press("Tab")
        page.keyboard.type("alice-password")
        page.keyboard.press("Enter")
        page.wait_for_url(f"{base}/checks")
        assert page.get_by_label("The document to check").count() == 1
        page.set_input_files("#suspect", str(ESSAY))
        dropped = page.evaluate_handle(
            DROP, [[p.name for p in SOURCES], [p.read_text() for p in SOURCES]]
        )
        page.dispatch_event("[data-drop]:has(#sources)", "drop", {"dataTransfer": dropped})
        assert page.evaluate("document.getElementById('sources').files.length") == len(SOURCES)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(ARTIFACTS / "service-upload.png"), full_page=True)
        page.click("button:has-text('Check')")
        page.wait_for_selector("#passage-list li", timeout=120_000)
        job_id = page.url.rsplit("/", 1)[-1]
        report = httpx.get(
            f"{base}/api/v1/checks/{job_id}", headers=users.alice, timeout=30
        ).json()["report"]
        assert page.locator("#passage-list li").count() == len(report["matches"]) >= 3
        first = report["matches"][0]
        marked = page.locator('#suspect-doc mark[data-m~="m1"]').all_text_contents()
        assert "".join(marked).split()[:3] == first["suspect_text"].split()[:3]
        page.screenshot(path=str(ARTIFACTS / "service-report-phone.png"))
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=str(ARTIFACTS / "service-report.png"))
        page.goto(f"{base}/checks")
        row = page.locator("table.jobs tbody tr").first
        assert "done" in row.inner_text() and "essay.txt" in row.inner_text()
        assert f"{report['similarity']['unattributed'] * 100:.1f}%" in row.inner_text()
        assert w.errors() == []  # a CSP violation would show here
        assert all(u.startswith(base) for u in w.requests), w.requests
        page.close()
