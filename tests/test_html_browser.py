"""The HTML report in a real browser: headless Chromium (Debian's), driven by Playwright.

scripts/setup-system.sh installs chromium; CI runs it. Without chromium the tests skip
locally but fail in CI, so a missing install step cannot pass unnoticed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from copyhound.cli import main

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: scripts/setup-system.sh should have installed it")
        pytest.skip("chromium is not installed (run scripts/setup-system.sh)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, timeout=60_000)
        yield chromium
        chromium.close()


class Watched:
    """A page whose console messages, page errors, requests and dialogs are recorded."""

    def __init__(self, browser, url: str):
        self.console, self.requests, self.dialogs = [], [], []
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(url)
        self.page.wait_for_load_state("load")

    def errors(self) -> list[str]:
        return [c for c in self.console if not c.startswith(("log:", "info:", "debug:"))]


def in_view(page, pane_selector: str, mark_selector: str) -> bool:
    """Whether the mark's top lies inside its pane's visible area."""
    return page.evaluate(
        """([pane, mark]) => {
            const p = document.querySelector(pane), m = document.querySelector(mark);
            const pr = p.getBoundingClientRect(), mr = m.getBoundingClientRect();
            return mr.top >= pr.top && mr.top < pr.bottom && mr.height > 0;
        }""",
        [pane_selector, mark_selector],
    )


def make_report(tmp_path: Path, suspect: Path, source: Path) -> Path:
    out = tmp_path / "report.html"
    main(["check", str(suspect), "--source", str(source), "--html", str(out), "--quiet"])
    return out


@pytest.fixture(scope="module")
def founding_report(tmp_path_factory, founding_pair) -> Path:
    return make_report(tmp_path_factory.mktemp("html"), *founding_pair)


def test_founding_report_clicks_scroll_both_panes(browser, founding_report):
    w = Watched(browser, founding_report.as_uri())
    page = w.page
    count = page.locator("#passage-list li").count()
    assert count >= 2
    last = f"m{count}"
    assert not in_view(page, "#suspect-doc", f"#sus-{last}")  # far down: needs scrolling
    page.click(f"#item-{last} button")
    assert in_view(page, "#suspect-doc", f"#sus-{last}")
    assert in_view(page, "#doc-s0", f"#src-{last}")
    assert page.locator(f'#suspect-doc mark.current[data-m~="{last}"]').count() >= 1
    assert page.locator(f'#doc-s0 mark.current[data-m~="{last}"]').count() >= 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "founding-report.png"), full_page=False)
    # Clicking a highlighted passage in the text selects it too: back to the first one.
    page.click("#sus-m1")
    assert in_view(page, "#suspect-doc", "#sus-m1") and in_view(page, "#doc-s0", "#src-m1")
    assert page.locator(".passage.current").get_attribute("data-m") == "m1"
    assert w.errors() == []
    assert w.requests == [founding_report.as_uri()]  # nothing fetched but the file itself
    page.close()


def test_keyboard_and_exclusion_filters(browser, founding_report):
    w = Watched(browser, founding_report.as_uri())
    page = w.page
    page.focus("#sus-m1")
    page.keyboard.press("Enter")
    assert page.locator(".passage.current").get_attribute("data-m") == "m1"
    page.keyboard.press("n")
    assert page.locator(".passage.current").get_attribute("data-m") == "m2"
    page.keyboard.press("p")
    assert page.locator(".passage.current").get_attribute("data-m") == "m1"
    data = page.evaluate("JSON.parse(document.getElementById('report-data').textContent)")
    words = {m["id"]: m["words"] for m in data["matches"]}
    smallest, largest = min(words, key=words.get), max(words, key=words.get)
    assert words[smallest] < words[largest]
    before = page.text_content("#share-now")
    assert before == page.get_attribute("#share-now", "data-initial")  # copyhound's own figure
    assert page.locator("#recomputed").is_hidden()
    page.fill("#small-words", str(words[smallest] + 1))
    page.check("#hide-small")  # the smallest passage goes, the largest stays
    assert page.locator(f"#item-{smallest}").is_hidden()
    assert page.locator(f"#item-{largest}").is_visible()
    after = page.text_content("#share-now")
    assert float(after.rstrip("%")) < float(before.rstrip("%"))
    assert page.locator("#recomputed").is_visible()
    page.uncheck("#hide-small")
    assert page.text_content("#share-now") == before and page.locator("#recomputed").is_hidden()
    page.check("#hide-small")
    assert page.locator(f'#suspect-doc mark[data-m="{smallest}"].off').count() >= 1
    page.uncheck("#show-s0")  # hiding the only source hides everything
    assert page.text_content("#share-now") == "0.0%"
    assert w.errors() == []
    page.close()


def test_a_passage_from_another_source_switches_the_source_pane(browser, tmp_path, founding_pair):
    essay, article = founding_pair
    text = essay.read_text(encoding="utf-8")
    start = text.index("Subsequently")
    second = tmp_path / "second.txt"  # a later stretch of the essay, as a second source
    second.write_text("Unrelated opening words.\n\n" + text[start : start + 400], encoding="utf-8")
    out = tmp_path / "two.html"
    main(["check", str(essay), "-s", str(article), "-s", str(second), "--html", str(out), "-q"])
    w = Watched(browser, out.as_uri())
    page = w.page
    ids = page.eval_on_selector_all(
        '#passage-list li[data-source="s1"]', "els => els.map(e => e.dataset.m)"
    )
    assert ids, "the second source has a passage"
    assert page.locator("#doc-s1").is_hidden()
    page.click(f"#item-{ids[0]} button")
    assert page.locator("#doc-s1").is_visible() and page.locator("#doc-s0").is_hidden()
    assert page.input_value("#source-pick") == "s1"
    assert in_view(page, "#doc-s1", f"#src-{ids[0]}")
    assert in_view(page, "#suspect-doc", f"#sus-{ids[0]}")
    assert w.errors() == []
    page.close()


def test_script_in_a_document_is_shown_as_text(browser, tmp_path, founding_pair):
    essay, article = founding_pair
    evil = "<script>alert(1)</script>"
    suspect = tmp_path / "suspect.txt"
    suspect.write_text(
        essay.read_text(encoding="utf-8")
        + f"\n\nClosing remark {evil} <img src=x onerror=alert(2)>\n",
        encoding="utf-8",
    )
    source = tmp_path / "source.md"
    source.write_text(
        evil + "\n" + article.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    report = make_report(tmp_path, suspect, source)
    w = Watched(browser, report.as_uri())
    page = w.page
    assert evil in page.text_content("#suspect-doc")
    assert evil in page.text_content("#doc-s0")
    assert page.locator("#suspect-doc script, #doc-s0 script, #suspect-doc img").count() == 0
    assert w.dialogs == [] and w.errors() == []
    assert w.requests == [report.as_uri()]
    page.close()
