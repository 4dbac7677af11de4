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


def test_batch_benchmark_finds_injected_pairs(shared_dir, bench_modules):
    from copyhound.index.batch import compare_batch

    _, batch_bench = bench_modules
    src = shared_dir / "data" / "pan13-dev" / "src"
    docs, injected = batch_bench.make_class(src, 30, 400, groups=3, seed=1)
    result = compare_batch(docs)
    found = {(min(p.a, p.b), max(p.a, p.b)) for p in result.pairs}
    assert injected and injected <= found
