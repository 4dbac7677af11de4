"""The library as a Python user meets it: sources in every shape, reports in every format."""

from __future__ import annotations

import json
import shutil

import pytest

from copyhound import Document, compare
from copyhound.errors import InputError


def spans(report):
    return [(m.source, m.suspect.start, m.source_span.start) for m in report.matches]


def test_one_source_path_is_one_source_not_its_characters(founding_pair):
    essay, article = founding_pair
    as_str = compare(str(essay), str(article))
    assert as_str.considered == [str(article)] and as_str.matches
    assert spans(compare(essay, article)) == spans(as_str)  # a Path works the same
    assert spans(compare(str(essay), [str(article)])) == spans(as_str)


def test_a_folder_of_sources_and_a_mixed_list(founding_pair, tmp_path):
    essay, article = founding_pair
    folder = tmp_path / "readings"
    folder.mkdir()
    shutil.copy(article, folder / "article.txt")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    report = compare(essay, folder)
    assert [d.name for d in report.sources] == [str(folder / "article.txt")]
    assert len(report.skipped) == 1 and report.skipped[0].startswith(str(folder / "broken.pdf"))
    own = Document("Nothing in common with the essay at all, just a few words.", name="mine")
    mixed = compare(essay, [folder, own])
    assert [d.name for d in mixed.sources] == [str(folder / "article.txt"), "mine"]


def test_a_missing_source_is_an_input_error(founding_pair, tmp_path):
    with pytest.raises(InputError, match="no-such.txt"):
        compare(founding_pair[0], str(tmp_path / "no-such.txt"))
    with pytest.raises(TypeError):
        compare(founding_pair[0], [42])


def test_report_to_json_html_and_notebook(founding_pair):
    report = compare(*founding_pair)
    data = json.loads(report.to_json())
    assert data == report.to_dict() and data["schema"] == "copyhound-report"
    assert data["summary"]["reused_word_share"] == round(report.similarity.similarity, 4)
    assert data["summary"]["unattributed_share"] <= data["summary"]["reused_word_share"]
    html = report.to_html()
    assert html.startswith("<!DOCTYPE html>") and "Unattributed reuse" in html
    frame = report._repr_html_()
    assert frame.startswith("<iframe srcdoc=") and "&lt;!DOCTYPE html&gt;" in frame
    assert 'sandbox="allow-scripts"' in frame
