"""Synthetic documents for the collection tests: random prose from a fixed vocabulary."""

from __future__ import annotations

from pathlib import Path

import numpy as np

_VOCAB = [
    "river",
    "mountain",
    "engine",
    "harvest",
    "lantern",
    "quartz",
    "velvet",
    "orchard",
    "cipher",
    "meadow",
    "falcon",
    "granite",
    "harbor",
    "tundra",
    "saffron",
    "compass",
    "glacier",
    "beacon",
    "thistle",
    "canyon",
    "ember",
    "willow",
    "nebula",
    "prairie",
    "cobalt",
    "lagoon",
    "marble",
    "summit",
    "walnut",
    "zephyr",
    "bramble",
    "citadel",
    "delta",
    "fjord",
    "garnet",
    "hollow",
    "ivory",
    "juniper",
    "kelp",
    "lichen",
    "mosaic",
    "nectar",
    "oasis",
    "pebble",
    "quill",
    "raven",
    "sierra",
    "timber",
    "umber",
    "vortex",
    "wharf",
    "yarrow",
    "zenith",
    "anchor",
    "basalt",
    "cedar",
    "dune",
    "estuary",
    "fern",
    "grove",
    "heron",
    "island",
    "jasper",
    "kestrel",
    "ledge",
    "maple",
    "nimbus",
    "osprey",
    "pine",
    "reef",
    "shale",
    "tide",
    "upland",
    "vale",
    "wren",
    "alder",
    "birch",
    "crag",
    "dell",
    "elm",
    "fen",
    "gorge",
    "heath",
    "inlet",
]
_GLUE = [
    "the",
    "of",
    "and",
    "a",
    "to",
    "in",
    "is",
    "was",
    "for",
    "on",
    "with",
    "as",
    "by",
    "at",
    "from",
]


def prose(rng: np.random.Generator, words: int) -> str:
    """Random sentences of content words and function words, about ``words`` long."""
    out, sentence = [], []
    for _ in range(words):
        pool = _GLUE if rng.random() < 0.3 else _VOCAB
        sentence.append(pool[int(rng.integers(len(pool)))])
        if len(sentence) >= int(rng.integers(8, 16)):
            out.append(" ".join(sentence).capitalize() + ".")
            sentence = []
    if sentence:
        out.append(" ".join(sentence).capitalize() + ".")
    return " ".join(out)


def write_corpus(folder: Path, count: int, words: int = 200, seed: int = 1) -> list[Path]:
    """``count`` random documents in ``folder``; returns their paths."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(count):
        p = folder / f"doc{k:05d}.txt"
        p.write_text(prose(rng, words) + "\n", encoding="utf-8")
        paths.append(p)
    return paths


def run_cli(capsys, *args):
    """Run the ``copyhound`` CLI in-process: ``(exit code, stdout, stderr)``."""
    import pytest

    from copyhound.cli import main

    with pytest.raises(SystemExit) as exc:
        main(list(map(str, args)))
        raise SystemExit(0)
    out = capsys.readouterr()
    return exc.value.code, out.out, out.err


def write_route_docs(folder: Path) -> None:
    """The semantic route's test collection: a Spanish rendering of the paraphrase tests'
    source, an unrelated text, those sources, and 12 generated documents around them."""
    from semantic_texts import SPANISH, UNRELATED, write_sources

    folder.mkdir()
    (folder / "velmora-es.txt").write_text(SPANISH, encoding="utf-8")
    (folder / "etna.txt").write_text(UNRELATED, encoding="utf-8")
    write_sources(folder)
    rng = np.random.default_rng(5)
    for k in range(12):
        (folder / f"prose{k:02d}.txt").write_text(prose(rng, 220), encoding="utf-8")
