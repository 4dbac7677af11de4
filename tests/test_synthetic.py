"""The synthetic obfuscation corpus: PAN layout, truth offsets that point at the reuse."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from semantic_texts import write_sources

from copyhound.errors import InputError
from copyhound.evaluate.pan import read_pairs, read_truth
from copyhound.evaluate.synthetic import make_corpus, obfuscate, random_obfuscation


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    out = tmp_path / "corpus"
    make_corpus(write_sources(tmp_path), out, per_kind=3, seed=7)
    return out


def test_layout_and_truth_offsets(corpus: Path):
    folders = sorted(p.name for p in corpus.iterdir() if p.is_dir())
    assert folders == [
        "01-no-plagiarism",
        "02-no-obfuscation",
        "03-random-obfuscation",
        "05-summary-obfuscation",
        "06-reorder-obfuscation",
        "src",
        "susp",
    ]
    for folder in folders[:5]:
        pairs = read_pairs(corpus / folder)
        assert len(pairs) == 3
        for susp, src in pairs:
            cases = read_truth(corpus / folder / f"{Path(susp).stem}-{Path(src).stem}.xml")
            assert len(cases) == (0 if folder.startswith("01") else 1)
            s_text = (corpus / "susp" / susp).read_text(encoding="utf-8")
            r_text = (corpus / "src" / src).read_text(encoding="utf-8")
            for c in cases:
                reused = s_text[c.suspect_offset : c.suspect_offset + c.suspect_length]
                original = r_text[c.source_offset : c.source_offset + c.source_length]
                if folder.startswith("02"):
                    assert reused == " ".join(original.split())
                if folder.startswith(("05", "06")):
                    # Sentence extraction and reordering keep whole source sentences.
                    first = reused.split(". ")[0]
                    assert first in original
                if folder.startswith("05"):
                    assert c.source_length >= 2 * c.suspect_length


def test_same_seed_same_corpus(tmp_path: Path):
    sources = write_sources(tmp_path)
    make_corpus(sources, tmp_path / "a", per_kind=2, seed=3)
    make_corpus(sources, tmp_path / "b", per_kind=2, seed=3)
    for f in sorted((tmp_path / "a" / "susp").iterdir()):
        assert f.read_text() == (tmp_path / "b" / "susp" / f.name).read_text()


def test_refuses_to_write_into_a_non_empty_folder(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(InputError, match="not an empty folder"):
        make_corpus(write_sources(tmp_path), out)
    assert (out / "keep.txt").read_text() == "mine"


def test_unknown_obfuscation_is_an_input_error(tmp_path: Path):
    with pytest.raises(InputError, match="unknown obfuscation 'spin'"):
        make_corpus(write_sources(tmp_path), tmp_path / "o", kinds=("spin",))


def test_random_obfuscation_changes_words_but_keeps_most():
    text = "the big company said many people need help because the problem is very important"
    out = random_obfuscation(text, random.Random(1), strength=0.5)
    assert out != text
    kept = set(text.split()) & set(out.split())
    assert len(kept) >= len(set(text.split())) // 2


def test_reorder_and_summary():
    sentences = [f"Sentence number {k} is here." for k in range(6)]
    rng = random.Random(0)
    reordered = obfuscate(sentences, "reorder", rng)
    assert reordered != " ".join(sentences)
    assert sorted(s.rstrip(".") for s in reordered.split(". ")) == sorted(
        s.rstrip(".") for s in " ".join(sentences).split(". ")
    )
    summary = obfuscate(sentences, "summary", rng)
    assert len(summary.split(". ")) == 2
