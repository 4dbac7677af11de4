"""The style-guide verdict corpus (tests/data/attribution-styleguides): the tuning part must
reach 95% of verdicts right; the check part, written apart and never tuned on, is scored and
its figure reported (benchmarks/attribution.py), not required case by case."""

from __future__ import annotations

from pathlib import Path

import pytest

from copyhound.evaluate.verdicts import load_cases, score_corpus

CORPUS = Path(__file__).parent / "data" / "attribution-styleguides"


@pytest.fixture(scope="module")
def tune():
    return score_corpus(CORPUS, "tune.toml")


def test_corpus_is_big_enough_and_split():
    tune_ids = {c["id"] for c in load_cases(CORPUS, "tune.toml")}
    check_ids = {c["id"] for c in load_cases(CORPUS, "check.toml")}
    assert len(tune_ids) + len(check_ids) >= 150
    assert not tune_ids & check_ids


def test_tuning_part_accuracy(tune):
    right = len(tune.outcomes) - len(tune.errors)
    misses = [(o.case, o.expected, o.got) for o in tune.errors]
    assert right / len(tune.outcomes) >= 0.95, misses


def test_check_part_is_scored(capsys):
    check = score_corpus(CORPUS, "check.toml")
    right = len(check.outcomes) - len(check.errors)
    with capsys.disabled():
        print(f"\nattribution-styleguides check.toml: {right}/{len(check.outcomes)} right")
    assert check.outcomes


def test_benchmark_prints_tune_and_check_side_by_side(tmp_path, capsys):
    import importlib.util

    for name in ("coffeehouse.md",):
        (tmp_path / name).write_text((CORPUS / name).read_text(encoding="utf-8"), "utf-8")
    case = (
        "[[case]]\nid = \"x\"\ncovers = []\ntext = '''According to Wikipedia, \"a coffeehouse is "
        "a business whose main trade is brewed coffee, usually sold by the cup.\"'''\n"
        'expect = [["main trade is brewed coffee", "quoted-attributed"]]\n'
    )
    for part in ("tune", "check"):
        (tmp_path / f"{part}.toml").write_text(case, encoding="utf-8")
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "attribution.py"
    spec = importlib.util.spec_from_file_location("attribution_benchmark_split", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "tune           1     1     1.000" in out
    assert "check          1     1     1.000" in out


def test_benchmark_scores_only_the_files_named(tmp_path, capsys):
    import importlib.util

    (tmp_path / "coffeehouse.md").write_text(
        (CORPUS / "coffeehouse.md").read_text(encoding="utf-8"), "utf-8"
    )
    case = (
        "[[case]]\nid = \"x\"\ncovers = []\ntext = '''According to Wikipedia, \"a coffeehouse is "
        "a business whose main trade is brewed coffee, usually sold by the cup.\"'''\n"
        'expect = [["main trade is brewed coffee", "quoted-attributed"]]\n'
    )
    (tmp_path / "tune.toml").write_text(case, encoding="utf-8")
    (tmp_path / "check.toml").write_text("not toml [", encoding="utf-8")  # never read
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "attribution.py"
    spec = importlib.util.spec_from_file_location("attribution_benchmark_named", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main([str(tmp_path), "tune.toml"]) == 0
    out = capsys.readouterr().out
    assert "tune.toml: 1 cases" in out and "check" not in out
