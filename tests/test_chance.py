"""The chance model (copyhound.filter.chance), the development split, the same-topic negative
pairs, and the smallest-passage bound of eval pan."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from helpers import prose
from test_cli import make_pan_corpus, run_cli

from copyhound.engine.pipeline import Prepared, Settings, align
from copyhound.evaluate.negatives import same_topic_pairs
from copyhound.evaluate.pan import run_corpus
from copyhound.evaluate.split import PARTS, in_part, part_of
from copyhound.filter.chance import Boilerplate, DocumentStats, assess
from copyhound.filter.overlaps import FilterSettings
from copyhound.model import Document
from copyhound.normalise.tokens import tokenize
from copyhound.seed.ngrams import ngram_hashes

PHRASE = "The quarterly zymurgy bulletin reports fermentation yields near Oaxaca"


def _assess(suspect: str, source: str, phrase: str = PHRASE, boilerplate=None):
    s, t = tokenize(suspect), tokenize(source)
    i, j = suspect.index(phrase), source.index(phrase)
    return assess(
        s,
        DocumentStats.of(s),
        t,
        DocumentStats.of(t),
        (i, i + len(phrase)),
        (j, j + len(phrase)),
        boilerplate,
    )


def test_shared_rare_words_carry_more_bits_than_the_places_they_could_occur():
    suspect = prose(300, seed=1) + " " + PHRASE + ". " + prose(300, seed=2)
    source = prose(300, seed=3) + " " + PHRASE + ". " + prose(300, seed=4)
    ev = _assess(suspect, source)
    assert ev.shared_words == len(PHRASE.split())
    assert ev.boilerplate_words == 0
    assert ev.bits > ev.places > 0


def test_a_phrase_the_source_repeats_is_boilerplate_and_carries_no_bits():
    suspect = prose(300, seed=1) + " " + PHRASE + ". " + prose(300, seed=2)
    source = PHRASE + ". " + prose(300, seed=3) + " " + PHRASE + ". " + prose(300, seed=4)
    once = _assess(suspect, prose(300, seed=3) + " " + PHRASE + ". " + prose(300, seed=4))
    repeated = _assess(suspect, source)
    assert repeated.boilerplate_words == repeated.shared_words
    assert repeated.bits == 0.0
    assert repeated.confidence < once.confidence


def test_words_both_documents_keep_using_are_topic_not_evidence():
    topic = " ".join(["zymurgy fermentation Oaxaca"] * 30)
    plain = prose(300, seed=5)
    on_topic = _assess(
        plain + " " + topic + " " + PHRASE, prose(300, seed=6) + " " + topic + " " + PHRASE
    )
    off_topic = _assess(plain + " " + PHRASE, prose(300, seed=6) + " " + PHRASE)
    assert on_topic.bits < off_topic.bits


def test_the_background_list_read_directly_is_wordfreqs_own():
    """The background is read from wordfreq's file without importing wordfreq (speed); it
    must be exactly the dictionary wordfreq gives, word for word and frequency for frequency."""
    import wordfreq

    from copyhound.filter.chance import _frequency_dict, background_rates

    ours = _frequency_dict()
    theirs = wordfreq.get_frequency_dict("en", wordlist="small")
    assert list(ours.items()) == list(theirs.items())
    the, rare = tokenize("the zyzzogeton").ids
    rates = background_rates(np.array([the, rare], dtype=np.uint64))
    assert rates[0] > 0.01 and rates[1] == 1e-7


def test_collection_boilerplate_ngrams_count_as_boilerplate():
    suspect = prose(200, seed=1) + " " + PHRASE + ". " + prose(200, seed=2)
    source = prose(200, seed=3) + " " + PHRASE + ". " + prose(200, seed=4)
    common = Boilerplate(frozenset(ngram_hashes(tokenize(PHRASE).ids, 3).tolist()))
    assert _assess(suspect, source, boilerplate=common).bits == 0.0
    assert _assess(suspect, source).bits > 0


def test_every_lexical_match_carries_a_confidence_and_the_gate_applies():
    passage = "The ginger cat sat on the warm red mat by the old stove."
    suspect = Prepared.of(Document(prose(200, seed=51) + " " + passage, name="s"))
    source = Prepared.of(Document(prose(80, seed=53) + " " + passage, name="t"))
    matches = align(suspect, source, Settings(min_confidence=0.0))
    assert len(matches) == 1 and 0.0 < matches[0].confidence < 1.0
    best = matches[0].confidence
    assert align(suspect, source, Settings(min_confidence=best)) == matches
    assert align(suspect, source, Settings(min_confidence=best + 1e-4)) == []


def test_the_split_is_by_name_with_a_fixed_seed_and_halves_the_names():
    names = [f"suspicious-document{k:05d}.txt" for k in range(2000)]
    parts = [part_of(n) for n in names]
    assert parts == [part_of(n) for n in names]
    assert 0.45 < parts.count("tune") / len(parts) < 0.55
    assert part_of(names[0], seed="other") in PARTS
    assert all(in_part(n, "all") for n in names[:10])
    assert [in_part(n, "tune") for n in names[:50]] == [p == "tune" for p in parts[:50]]
    with pytest.raises(ValueError, match="unknown part"):
        in_part(names[0], "train")


def test_same_topic_negatives_never_pair_a_suspect_with_its_own_source(tmp_path: Path):
    corpus = tmp_path / "corpus"
    make_pan_corpus(corpus)
    pairs = same_topic_pairs(corpus, per_document=5, kind="suspect")
    assert ("suspicious-document00001.txt", "source-document00001.txt") not in {
        (a, b) for a, b, _ in pairs
    }
    assert all(a != b for a, b, _ in same_topic_pairs(corpus, 5, "source"))
    with pytest.raises(ValueError, match="unknown kind"):
        same_topic_pairs(corpus, 1, "other")


def test_eval_pan_min_chars_bounds_every_detection(shared_dir: Path, tmp_path: Path):
    """An 03 pair whose edited-pass passages are all shorter than 150 characters: they were
    reported by eval pan's default --min-chars 150 (the bug), and must not be."""
    pan = shared_dir / "data" / "pan13-dev"
    susp, src = "suspicious-document00091.txt", "source-document00594.txt"
    corpus = tmp_path / "c"
    for sub, name in (("susp", susp), ("src", src)):
        (corpus / sub).mkdir(parents=True, exist_ok=True)
        shutil.copy(pan / sub / name, corpus / sub / name)
    (corpus / "03-random-obfuscation").mkdir()
    (corpus / "03-random-obfuscation" / "pairs").write_text(f"{susp} {src}\n")
    small = Settings(filter=FilterSettings(min_chars=40), min_confidence=0.0)
    (found,) = run_corpus(corpus, settings=small)
    assert found.detections and min(d.suspect_length for d in found.detections) < 150
    for min_chars in (150, 60):
        bound = Settings(filter=FilterSettings(min_chars=min_chars), min_confidence=0.0)
        (result,) = run_corpus(corpus, settings=bound)
        assert all(min(d.suspect_length, d.source_length) >= min_chars for d in result.detections)


def test_eval_pan_reports_the_parts_side_by_side(tmp_path: Path):
    corpus = tmp_path / "corpus"
    make_pan_corpus(corpus)
    both = run_cli("eval", "pan", str(corpus), "--out", str(tmp_path / "o"))
    assert both.returncode == 0, both.stderr
    rows = [x for x in both.stdout.splitlines() if "02-no-obfuscation  " in x]
    assert [r.split("│")[2].strip() for r in rows] == ["tune", "check"]
    only = run_cli("eval", "pan", str(corpus), "--out", str(tmp_path / "p"), "--part", "check")
    assert only.returncode == 0, only.stderr
    assert " tune " not in only.stdout and " check " in only.stdout


def test_check_json_has_confidence_and_min_confidence_thresholds(tmp_path: Path):
    passage = prose(120, seed=50)
    suspect, source = tmp_path / "s.txt", tmp_path / "t.txt"
    suspect.write_text(prose(200, seed=51) + " " + passage, encoding="utf-8")
    source.write_text(prose(80, seed=53) + " " + passage, encoding="utf-8")
    out = run_cli("check", str(suspect), "-s", str(source), "--format", "json")
    report = json.loads(out.stdout)
    assert report["schema_version"] == "1.6"
    (m,) = report["matches"]
    assert 0.0 < m["confidence"] <= 1.0 and m["chance"]["shared_words"] >= 100
    above = run_cli(
        "check", str(suspect), "-s", str(source), "--format", "json", "--min-confidence", "1"
    )
    assert json.loads(above.stdout)["matches"] == []
