"""The HTML report as a file: self-contained, escaped, every passage placed, verdicts shown."""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from copyhound import compare
from copyhound.model import Document, Match, Report, Span
from copyhound.report.html import Segment, render_html, segments, view_model
from copyhound.report.verdicts import reuse_index, verdict_of


def test_segments_cut_at_every_boundary_and_keep_overlaps():
    got = segments("abcdefghij", [(2, 6, "m1"), (4, 8, "m2")])
    assert got == [
        Segment("ab", [], []),
        Segment("cd", ["m1"], ["m1"]),
        Segment("ef", ["m1", "m2"], ["m2"]),
        Segment("gh", ["m2"], []),
        Segment("ij", [], []),
    ]
    assert "".join(s.text for s in got) == "abcdefghij"


@pytest.fixture(scope="module")
def founding_html(founding_pair):
    report = compare(*[founding_pair[0]], [founding_pair[1]])
    return report, render_html(report)


def test_report_is_self_contained(founding_html):
    _, html = founding_html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    # No external resource of any kind: no src/href to anything but in-page anchors.
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?!#)""", html)
    assert "@import" not in html and "url(" not in html
    assert "http://" not in html.replace("http-equiv", "") and "https://" not in html


def test_every_passage_is_highlighted_with_its_exact_text(founding_html):
    report, html = founding_html
    model = view_model(report)
    for seg_list, side in ((model["suspect_segments"], "suspect"),):
        text = "".join(s.text for s in seg_list)
        assert text == report.suspect.text
        for m, match in zip(model["matches"], report.matches, strict=True):
            covered = "".join(s.text for s in seg_list if m["id"] in s.ids)
            assert covered == report.suspect.slice(match.suspect), side
    pane = model["panes"][0]
    source = report.sources[0]
    for m, match in zip(model["matches"], report.matches, strict=True):
        covered = "".join(s.text for s in pane["segments"] if m["id"] in s.ids)
        assert covered == source.slice(match.source_span)
    assert html.count('id="sus-m') == html.count('id="src-m') == len(report.matches)


def test_document_text_is_escaped():
    evil = 'Intro <script>alert(1)</script> & "quotes" </textarea><img src=x onerror=alert(2)>'
    shared = " the same long sentence appears in both documents word for word here"
    suspect = Document(text=evil + shared * 3, name="<b>suspect</b>.txt")
    source = Document(text="Other start." + shared * 3 + " </script>", name="src</script>")
    report = compare(suspect, [source])
    assert report.matches
    html = render_html(report)
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;suspect&lt;/b&gt;.txt" in html
    assert html.count("<script") == 2  # the data block and the report's own code, nothing else
    data = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S)
    assert data and "</" not in data.group(1)


@dataclass
class FakeJudgement:
    quoted: bool
    attributed: bool
    verdict: str

    def to_dict(self):
        return {"quoted": self.quoted, "attributed": self.attributed, "verdict": self.verdict}


def judged_report() -> Report:
    text = "word " * 200  # 200 words of 5 characters: word shares equal character shares
    suspect, source = Document(text=text, name="s"), Document(text=text, name="src")
    marks = [
        (0, 100, FakeJudgement(True, True, "quoted-attributed")),
        (200, 300, FakeJudgement(True, False, "quoted-unattributed")),
        (400, 500, FakeJudgement(False, False, "unattributed")),
    ]
    matches = [
        Match("src", Span(a, b), Span(a, b), "verbatim", 1.0, judgement=j) for a, b, j in marks
    ]
    return Report(suspect, [source], matches, ["src"])


def test_verdicts_are_shown_as_letters_and_words():
    report = judged_report()
    assert [verdict_of(m).letters for m in report.matches] == ["Q+A", "Q", "U"]
    html = render_html(report)
    assert "Q+A quoted-attributed" in html and "U unattributed" in html
    assert 'data-label="3\u00a0U"' in html
    assert 'id="hide-quoted" disabled' not in html  # filters enabled once verdicts exist
    assert "Unattributed reuse:" in html


def test_reuse_index_uses_verdicts_when_present():
    report = judged_report()
    index = reuse_index(report)
    assert index.basis == "unattributed" and index.share == pytest.approx(0.2)
    for m in report.matches:
        m.judgement = None
    plain = reuse_index(report)
    assert plain.basis == "reused" and plain.share == pytest.approx(0.3)


def test_reuse_index_prefers_the_reports_own_figure():
    base = judged_report()

    @dataclass
    class Similarity:
        unattributed: float

    class JudgedReport(Report):  # issue 3 adds Report.similarity; main lacks it yet
        pass

    report = JudgedReport(base.suspect, base.sources, base.matches, base.considered)
    report.similarity = Similarity(0.05)  # the judge's headline figure, exclusions applied
    assert reuse_index(report).share == 0.05


def test_unjudged_report_disables_verdict_filters(founding_pair):
    html = render_html(compare(founding_pair[0], [founding_pair[1]], judge=False))
    assert 'id="hide-quoted" disabled' in html
    assert "no verdicts" in html
    assert "Unattributed reuse:" not in html


def test_judged_founding_report_shows_the_judges_verdicts(founding_html):
    report, html = founding_html
    model = view_model(report)
    assert [m["verdict"] for m in model["matches"]] == [verdict_of(m).label for m in report.matches]
    labels = {m["verdict"] for m in model["matches"]}
    assert "unattributed" in labels and "quoted-attributed" in labels  # the essay has both
    for m in model["matches"]:
        assert f"{m['letters']} {m['verdict']}</span>" in html
    assert "Unattributed reuse:" in html
    assert f"{100 * report.similarity.unattributed:.1f}%" in html


def contrast(fg: str, bg: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_highlight_and_badge_colours_meet_wcag_aaa():
    from copyhound.report.html import PALETTE

    assert all(contrast("#000000", c) >= 7 for c in PALETTE)
    css = (Path(__file__).resolve().parents[1] / "src/copyhound/templates/report.css").read_text()
    from copyhound.report.html import SEVERITY

    hues = []
    for verdict in SEVERITY:
        rule = re.search(rf"\.v-{verdict} {{ background: (#\w+); color: (#\w+);", css)
        assert rule, verdict
        assert contrast(rule.group(2), rule.group(1)) >= 7, verdict
        rgb = [int(rule.group(1)[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        hues.append(colorsys.rgb_to_hsv(*rgb)[0])
    # Most serious first: red, orange, amber, green; quoted-unattributed is not calm blue.
    assert hues == sorted(hues) and hues[-1] > 0.2 > hues[1]
