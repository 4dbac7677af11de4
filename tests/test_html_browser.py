"""The HTML report in a real browser: headless Chromium (Debian's), driven by Playwright.

scripts/setup-system.sh installs chromium; CI runs it. Without chromium the tests skip
locally but fail in CI, so a missing install step cannot pass unnoticed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
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


# --- issue 13: layout at phone and desktop widths, marked differences, the batch page ---

EDITED_SOURCE = (
    "The committee met on Tuesday to discuss the new budget for the city library. After a long "
    "debate the members agreed to double the money spent on children's books and to keep the "
    "reading rooms open until nine in the evening every weekday. The mayor welcomed the decision "
    "and promised further support next year."
)
EDITED_SUSPECT = (
    "In my town, the committee met on Monday to discuss the new budget for the public library. "
    "After a lengthy debate the members agreed to double the money spent on children's books "
    "and to keep the reading rooms open until ten in the evening every weekday. I think this "
    "is good news for a-very-long-unbreakable-token-that-should-wrap-on-a-phone-screen-too."
)


def overflow(page) -> int:
    """How far the page is wider than its viewport, in CSS pixels (0: no horizontal scroll)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.fixture(scope="module")
def edited_report(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("edited")
    suspect = folder / "essay-with-a-long-file-name-that-goes-on-and-on-2025-final.txt"
    source = folder / "minutes-of-the-library-committee-meeting-held-on-a-tuesday.txt"
    suspect.write_text(EDITED_SUSPECT, encoding="utf-8")
    source.write_text(EDITED_SOURCE, encoding="utf-8")
    return make_report(folder, suspect, source)


@pytest.mark.parametrize("width", [390, 1280])
def test_report_has_no_horizontal_overflow(browser, founding_report, edited_report, width):
    for report in (founding_report, edited_report):
        page = browser.new_page(viewport={"width": width, "height": 844})
        page.goto(report.as_uri())
        assert overflow(page) <= 0, (report.name, width)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{report.parent.name}-{width}.png"), full_page=True)
        page.close()


def test_differing_words_are_marked_inside_a_near_verbatim_passage(browser, edited_report):
    w = Watched(browser, edited_report.as_uri())
    page = w.page
    assert "near-verbatim" in page.text_content("#item-m1")
    marked = page.eval_on_selector_all(
        "#suspect-doc mark.hl .diff", "els => els.map(e => e.textContent)"
    )
    assert marked == ["Monday", "public", "lengthy", "ten"]
    theirs = page.eval_on_selector_all(
        "#doc-s0 mark.hl .diff", "els => els.map(e => e.textContent)"
    )
    assert theirs == ["Tuesday", "city", "long", "nine"]
    # Shown differently from the words around them, in the browser's own rendering.
    style = page.eval_on_selector(
        "#suspect-doc mark.hl .diff", "e => getComputedStyle(e).fontWeight"
    )
    assert int(style) >= 700
    assert w.errors() == []
    page.close()


def test_page_recounts_the_headline_in_words_like_copyhound(browser, founding_pair, tmp_path):
    """The page's own count, with nothing excluded, is copyhound's figure; ticking "Exclude
    quoted" lowers it and keeps its unit (the index is recounted without the quoted passages)."""
    out = tmp_path / "q.html"
    main(["check", str(founding_pair[0]), "-s", str(founding_pair[1]), "--html", str(out), "-q"])
    w = Watched(browser, out.as_uri())
    page = w.page
    for sel in ("#share-now", "#index-now", ".source-share"):
        assert page.text_content(sel) == page.get_attribute(sel, "data-initial"), sel
    before = float(page.text_content("#share-now").rstrip("%"))
    page.check("#hide-quoted")
    after = float(page.text_content("#share-now").rstrip("%"))
    assert after < before
    excluded = tmp_path / "x.html"
    main(
        ["check", str(founding_pair[0]), "-s", str(founding_pair[1]), "--html", str(excluded),
         "-q", "--exclude-quotes"]
    )  # fmt: skip
    other = browser.new_page()
    other.goto(excluded.as_uri())
    # copyhound's own figure with --exclude-quotes is what the page counted with the box ticked.
    assert other.get_attribute("#share-now", "data-initial") == f"{after:.1f}%"
    assert other.text_content("#share-now") == f"{after:.1f}%"
    other.close()
    assert w.errors() == []
    page.close()


def synthetic_batch(n: int, seed: int = 3):
    """A class of ``n`` submissions with clusters of shared passages, built directly (the
    render is what is measured, not the alignment)."""
    import random

    from copyhound.index.batch import BatchResult, PairResult, clusters
    from copyhound.model import Document, Match, Span

    rng = random.Random(seed)
    words = [
        "river",
        "mountain",
        "engine",
        "harvest",
        "lantern",
        "quartz",
        "velvet",
        "orchard",
        "cipher",
        "meadow",
    ]
    docs = [
        Document(
            " ".join(rng.choice(words) for _ in range(300)), name=f"class/student-{k:03d}.docx"
        )
        for k in range(n)
    ]
    pairs = []
    for start in range(0, n - 6, 10):  # a cluster of up to 6 every 10 submissions
        members = docs[start : start + rng.randint(2, 6)]
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                sim = rng.uniform(0.05, 0.9)
                m = Match(b.name, Span(0, 200), Span(100, 300), "verbatim", 1.0)
                pairs.append(PairResult(a.name, b.name, [m], sim, sim, sim, 40))
    pairs.sort(key=lambda r: -r.similarity)
    matrix = np.zeros((n, n))
    index = {d.name: k for k, d in enumerate(docs)}
    for r in pairs:
        matrix[index[r.a], index[r.b]] = matrix[index[r.b], index[r.a]] = r.similarity
    groups = clusters([(r.a, r.b) for r in pairs if r.similarity >= 0.03])
    return BatchResult(docs, [], pairs, matrix, groups, len(pairs))


def data_names(page) -> list[str]:
    return page.evaluate("JSON.parse(document.getElementById('batch-data').textContent).names")


def test_batch_page_for_300_submissions_renders_quickly_and_fits(browser, tmp_path):
    from copyhound.report.batch import to_html

    out = tmp_path / "batch.html"
    out.write_text(to_html(synthetic_batch(300)), encoding="utf-8")
    for width in (390, 1280):
        w = Watched(browser, out.as_uri())
        page = w.page
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()
        page.wait_for_load_state("load")
        timing = page.evaluate(
            "(() => { const t = performance.getEntriesByType('navigation')[0];"
            " return {load: t.loadEventEnd, dom: t.domContentLoadedEventEnd}; })()"
        )
        print(f"batch page, 300 submissions, {width} px: load event at {timing['load']:.0f} ms")
        assert timing["load"] < 2000  # a bound on the browser's render, with a wide margin
        assert overflow(page) <= 0, width
        painted = page.evaluate(
            "(() => { const c = document.getElementById('heat'); const g = c.getContext('2d');"
            " const d = g.getImageData(0, 0, c.width, c.height).data; let red = 0;"
            " for (let i = 0; i < d.length; i += 4) if (d[i] > 150 && d[i+1] < 120) red++;"
            " return {w: c.width, red: red}; })()"
        )
        assert painted["w"] >= len(data_names(page)) and painted["red"] > 0
        assert set(w.requests) == {out.as_uri()} and w.errors() == []
        page.screenshot(path=str(ARTIFACTS / f"batch-300-{width}.png"), full_page=False)
        page.close()
    # A cell of the heat map opens its pair in the ranked list.
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(out.as_uri())
    box = page.locator("#heat").bounding_box()
    data = page.evaluate("JSON.parse(document.getElementById('batch-data').textContent)")
    i, j, _, rank = data["cells"][0]
    n = len(data["names"])
    page.mouse.click(
        box["x"] + (j + 0.5) * box["width"] / n, box["y"] + (i + 0.5) * box["height"] / n
    )
    assert page.locator(f"#pair-{rank} details").get_attribute("open") is not None
    page.close()
