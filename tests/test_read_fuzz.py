"""Fuzzing every reader: a bounded sample in CI (``benchmarks/fuzz_readers.py`` runs 100,000).

A reader may only refuse with a one-line ``InputError`` (not the catch-all for an unforeseen
exception) or return a Document whose text holds no surrogates.
"""

from __future__ import annotations

import pytest
from fuzz_inputs import EXTENSIONS, TOKENS, make_input, mutate, outcome, seeds
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FAST = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize("fmt", EXTENSIONS)
def test_each_seed_reads(fmt):
    assert outcome(seeds()[fmt], f"seed.{fmt}") == "ok"


@FAST
@given(data=st.binary(max_size=4096), ext=st.sampled_from(EXTENSIONS))
def test_random_bytes(data, ext):
    assert outcome(data, f"random.{ext}") in {"ok", "input-error"}


@FAST
@given(
    fmt=st.sampled_from(EXTENSIONS),
    edits=st.lists(
        st.tuples(st.integers(0, 5), st.floats(0, 1), st.sampled_from(TOKENS), st.integers(1, 64)),
        min_size=1,
        max_size=6,
    ),
)
def test_mutated_valid_files(fmt, edits):
    data = bytearray(seeds()[fmt])
    for op, where, token, size in edits:
        at = int(where * len(data))
        if op == 0 and data:
            data[min(at, len(data) - 1)] ^= 1 << (size % 8)
        elif op == 1:
            data[at:at] = token
        elif op == 2:
            del data[at : at + size]
        elif op == 3:
            data[at:at] = data[at : at + size * 16] * 3
        elif op == 4:
            data = data[:at]
        else:
            data[at:at] = bytes((at * size + i) % 256 for i in range(size))
    assert outcome(bytes(data), f"mutated.{fmt}") in {"ok", "input-error"}


@pytest.mark.parametrize("number", range(0, 4000, 50))
def test_numbered_inputs_of_the_benchmark(number):
    """A slice of the benchmark's own inputs: hostile constructs, zip-part and byte mutations."""
    data, name = make_input(number)
    assert outcome(data, name) in {"ok", "input-error"}


def test_mutate_changes_its_input():
    import random

    assert mutate(seeds()["txt"], random.Random(1), rounds=3) != seeds()["txt"]
