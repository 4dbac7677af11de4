"""Every case of the verdict corpus gets its stated verdict; the benchmark script runs."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from copyhound.evaluate.verdicts import load_cases, load_sources, score_case, score_corpus

CORPUS = Path(__file__).parent / "data" / "attribution"
FILES = sorted(p.name for p in CORPUS.glob("*.toml"))
CASES = [(f, c) for f in FILES for c in load_cases(CORPUS, f)]


@pytest.fixture(scope="module")
def sources():
    return load_sources(CORPUS)


def test_corpus_is_big_enough_and_covers_the_verdicts():
    main = load_cases(CORPUS)
    assert len(main) >= 40
    verdicts = {v for c in main for _, v in c["expect"]}
    assert verdicts == {
        "unattributed",
        "quoted-unattributed",
        "attributed-unquoted",
        "quoted-attributed",
    }
    assert any(cov.startswith("negative:") for c in main for cov in c["covers"])


@pytest.mark.parametrize(("file", "case"), CASES, ids=[f"{f}:{c['id']}" for f, c in CASES])
def test_case_verdicts(file, case, sources):
    outcomes = score_case(case, sources)
    assert [(o.passage, o.got) for o in outcomes] == [(p, v) for p, v in case["expect"]]


def test_benchmark_script_prints_per_verdict_figures(tmp_path, capsys):
    for name in ("delta-review.md", "cases.toml"):
        text = (CORPUS / name).read_text(encoding="utf-8")
        if name == "cases.toml":
            text = "[[case]]" + text.split("[[case]]", 2)[1]  # the first case only
        (tmp_path / name).write_text(text, encoding="utf-8")
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "attribution.py"
    spec = importlib.util.spec_from_file_location("attribution_benchmark", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "1 cases, 1 passages" in out
    assert "quoted-attributed" in out and "accuracy 1/1 = 1.000" in out


def test_unseen_corpus_now_tuning_data_reaches_95_percent():
    """tests/data/attribution-unseen was scored blind twice (0.809, 0.872); from round 3 its
    misses were read and fixed, so it is tuning data and held to the tuning bar."""
    folder = Path(__file__).parent / "data" / "attribution-unseen"
    scores = score_corpus(folder, "check.toml")
    right = len(scores.outcomes) - len(scores.errors)
    misses = [(o.case, o.expected, o.got) for o in scores.errors]
    assert len(scores.outcomes) >= 100
    assert right / len(scores.outcomes) >= 0.95, misses


def test_blind2_corpus_now_tuning_data_reaches_95_percent():
    """tests/data/attribution-blind2 was scored blind once (72/99); its misses were then read
    and fixed by general rules, so it is tuning data and held to the tuning bar."""
    folder = Path(__file__).parent / "data" / "attribution-blind2"
    scores = score_corpus(folder, "check.toml")
    right = len(scores.outcomes) - len(scores.errors)
    misses = [(o.case, o.expected, o.got) for o in scores.errors]
    assert len(scores.outcomes) >= 95
    assert right / len(scores.outcomes) >= 0.95, misses
