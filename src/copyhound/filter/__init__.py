"""Stage 5, filter: keep the passages that mean something.

``overlaps`` drops passages too small to count, resolves overlapping ones, and across sources
leaves out a match that a longer or much closer match with another source explains.
"""

from copyhound.filter.overlaps import (
    FilterSettings,
    ShadowSettings,
    drop_shadowed,
    keep_large,
    resolve_overlaps,
)

__all__ = ["FilterSettings", "ShadowSettings", "drop_shadowed", "keep_large", "resolve_overlaps"]
