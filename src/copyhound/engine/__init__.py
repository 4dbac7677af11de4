"""The lexical alignment engine: seed, extend and filter one suspect against one source.

``pipeline`` runs the two passes (shared n-grams, then content-word pairs) and turns passages
into ``Match`` objects; ``kinds`` says what kind of reuse a passage is and how close its two
sides are. ``align(Prepared.of(a), Prepared.of(b), Settings())`` is the whole engine on a pair.
"""

from copyhound.engine.kinds import lexical_kind, word_similarity
from copyhound.engine.pipeline import EditedSettings, Prepared, Settings, align

__all__ = ["EditedSettings", "Prepared", "Settings", "align", "lexical_kind", "word_similarity"]
