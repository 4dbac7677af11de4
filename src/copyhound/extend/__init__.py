"""Stage 4, extend: grow seeds into passages.

``passages`` joins seeds into diagonal runs, clusters runs on both sides at once (so swapped
paragraphs and a passage reused twice are each found), chains them and widens the ends.
"""

from copyhound.extend.passages import Passage, diagonal_runs, extend, widen

__all__ = ["Passage", "diagonal_runs", "extend", "widen"]
