"""benchmarks/service_load.py runs end to end on a tiny load (its figures: docs/service.md)."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "service_load.py"


def test_load_benchmark_on_three_clients(tmp_path, capsys):
    main = runpy.run_path(str(BENCH))["main"]
    argv = ["--clients", "3", "--docs", "40", "--words", "400", "--dir", str(tmp_path)]
    assert main(argv) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    assert "collection: 40 documents" in out and "errors 0" in out
    assert "all 3 done" in out and "server peak RSS" in out
