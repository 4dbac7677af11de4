"""The development protocol: split a corpus by suspect document into a tuning and a check part.

Tune only on the tuning part; report every figure on both, side by side, so a gain that does
not carry over to documents nobody tuned on shows. The part of a document depends only on its
name and a fixed seed (a SHA-256 of both), so it is the same on every machine, in every
process and whatever else the corpus holds; a suspect's pairs all fall in its part.
"""

from __future__ import annotations

import hashlib

#: The fixed seed of the split. Changing it makes a new split (and old tuning unfair).
SEED = "copyhound-dev-split-1"
PARTS = ("tune", "check")


def part_of(name: str, seed: str = SEED) -> str:
    """``"tune"`` or ``"check"`` for a document name: half of names each, by hash."""
    digest = hashlib.sha256(f"{seed}:{name}".encode()).digest()
    return PARTS[digest[0] & 1]


def in_part(name: str, part: str) -> bool:
    """Whether a document belongs to ``part`` (``tune``, ``check``, or ``all``)."""
    if part == "all":
        return True
    if part not in PARTS:
        raise ValueError(f"unknown part {part!r}: tune, check or all")
    return part_of(name) == part
