"""Shared fixtures. Evaluation data lives in ../shared beside the repository, never copied in."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared (evaluation data) is not beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def founding_pair(shared_dir: Path) -> tuple[Path, Path]:
    """The founding essay and the article it draws on."""
    ex = shared_dir / "examples"
    return ex / "000_06ec755cb34f30d2.txt", ex / "001_b844d88552015257.txt"
