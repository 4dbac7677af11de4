"""How sure a semantic match is: the evidence it was confirmed by and a 0..1 confidence."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SemanticEvidence:
    """How sure a semantic match is; merged into the JSON match by ``to_dict``."""

    #: The measure the passage was confirmed by: tf-idf (same language) or embedding cosine.
    passage_similarity: float
    method: str
    #: Mean embedding cosine of the seed sentence pairs the model was asked about (or None).
    seed_embedding: float | None
    seeds: int
    confidence: float
    languages: tuple[str, str]

    @property
    def level(self) -> str:
        return "high" if self.confidence >= 0.8 else "medium" if self.confidence >= 0.5 else "low"

    def to_dict(self) -> dict:
        return {
            "semantic": {
                "passage_similarity": self.passage_similarity,
                "method": self.method,
                "seed_embedding": self.seed_embedding,
                "seed_sentences": self.seeds,
                "confidence": self.confidence,
                "confidence_level": self.level,
                "suspect_language": self.languages[0],
                "source_language": self.languages[1],
            }
        }


def confidence(similarity: float, bar: float, scale: float = 0.04) -> float:
    """0..1 confidence from a passage similarity: 0.5 at the ``normal`` bar, rising steeply."""
    return round(1.0 / (1.0 + math.exp(-(similarity - bar) / scale)), 3)
