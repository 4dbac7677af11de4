import numpy as np
from index_helpers import prose, write_corpus

from copyhound.index.retrieve import (
    Candidate,
    RetrievalSettings,
    check_against_collection,
    find_candidates,
    select,
)
from copyhound.index.store import open_collection, prepare_document, sha256_of
from copyhound.model import Document


def _collection(tmp_path, count=40):
    paths = write_corpus(tmp_path / "docs", count, words=300, seed=7)
    coll = open_collection(tmp_path / "c.db", create=True)
    coll.add_paths(paths)
    return coll, paths


def test_source_ranks_first_and_alignment_points_into_stored_text(tmp_path):
    coll, paths = _collection(tmp_path)
    source = paths[17].read_text()
    passage = source[400:1100]
    rng = np.random.default_rng(99)
    head = prose(rng, 120)
    suspect = Document(text=f"{head} {passage} {prose(rng, 100)}", name="essay.txt")
    cands = find_candidates(coll, suspect, RetrievalSettings(top=5))
    assert cands[0].name == str(paths[17])
    assert cands[0].shared > (cands[1].shared if len(cands) > 1 else 0)
    found = check_against_collection(suspect, coll, retrieval=RetrievalSettings(top=5))
    assert found.report.considered[0] == str(paths[17])
    best = max(found.report.matches, key=lambda m: m.suspect.length)
    assert best.source == str(paths[17])
    start = len(head) + 1
    assert abs(best.suspect.start - start) < 15 and abs(best.suspect.end - (start + 700)) < 15
    assert (
        source[best.source_span.start : best.source_span.end]
        == suspect.text[best.suspect.start : best.suspect.end]
    )
    coll.close()


def test_boilerplate_fingerprints_are_ignored(tmp_path):
    rng = np.random.default_rng(5)
    template = "Submitted to the harbor granite falcon committee under the willow glacier rules."
    entries = []
    for k in range(30):
        text = f"{template} {prose(rng, 200)}"
        doc = Document(text=text, name=f"d{k}.txt")
        entries.append(prepare_document(doc, sha256_of(text.encode()), len(text), _fs()))
    with open_collection(tmp_path / "c.db", create=True) as coll:
        coll.add_documents(entries)
        suspect = Document(text=template + " " + prose(rng, 50), name="s.txt")
        strict = RetrievalSettings(max_df_share=0.1, min_df_cap=3)
        loose = RetrievalSettings(max_df_share=1.0, min_df_cap=100)
        assert len(find_candidates(coll, suspect, loose)) == 10
        # The template's common fingerprints are ignored. Winnowing keeps the n-grams at its
        # edge (their windows reach into each document's own text) in only a few documents,
        # so those few still look rare: at most a couple of them may remain (a known limit).
        kept = find_candidates(coll, suspect, strict)
        assert len(kept) <= 2
        assert all(c.shared <= 2 for c in kept)


def test_suspect_stored_earlier_is_not_its_own_source(tmp_path):
    coll, paths = _collection(tmp_path, count=10)
    stored = paths[4].read_text()
    doc = Document(text=stored, name=str(paths[4]))
    assert all(c.name != str(paths[4]) for c in find_candidates(coll, doc))
    renamed = Document(text=stored, name="resubmitted.txt")
    found = check_against_collection(renamed, coll)
    assert str(paths[4]) not in found.report.considered
    coll.close()


def _fs():
    from copyhound.fingerprint import FingerprintSettings

    return FingerprintSettings()


def test_check_add_stores_the_suspect_once(tmp_path):
    coll, paths = _collection(tmp_path, count=5)
    text = "A new essay on basalt quarries, cedar groves and the harbor at dawn. " * 5
    doc = Document(text=text, name="new.txt")
    entry = prepare_document(doc, sha256_of(text.encode()), len(text), coll.settings)
    assert coll.add_documents([entry]).skipped == []
    again = prepare_document(
        Document(text=text, name="copy.txt"), entry.sha256, len(text), coll.settings
    )
    assert coll.add_documents([again]).skipped == ["copy.txt"]
    assert len(coll) == 6
    coll.close()


def test_words_in_order_outrank_the_same_phrases_shuffled(tmp_path):
    from copyhound.engine import Prepared
    from copyhound.index.retrieve import diagonal_run

    rng = np.random.default_rng(21)
    passage = prose(rng, 250).split(" ")
    chunks = [passage[k : k + 5] for k in range(0, len(passage), 5)]
    shuffled = [w for k in rng.permutation(len(chunks)) for w in chunks[k]]
    source = Document(text=prose(rng, 200) + " " + " ".join(passage), name="source.txt")
    neighbour = Document(text=" ".join(shuffled) + " " + prose(rng, 200), name="topic.txt")
    suspect = Document(text=prose(rng, 150) + " " + " ".join(passage), name="essay.txt")
    s, src, nb = Prepared.of(suspect), Prepared.of(source), Prepared.of(neighbour)
    assert diagonal_run(s, src, 3) > 3 * diagonal_run(s, nb, 3)
    with open_collection(tmp_path / "c.db", create=True) as coll:
        coll.add_documents(
            prepare_document(d, sha256_of(d.text.encode()), len(d.text), coll.settings)
            for d in (neighbour, source)
        )
        cands = find_candidates(coll, suspect, RetrievalSettings(top=2))
    assert [c.name for c in cands] == ["source.txt", "topic.txt"]
    assert cands[0].verified > cands[1].verified


def test_every_candidate_sharing_a_passage_is_aligned_beyond_top(tmp_path):
    coll, paths = _collection(tmp_path)
    used = [3, 11, 19, 27, 35]
    rng = np.random.default_rng(12)
    parts, where = [], {}
    for k in used:
        parts.append(prose(rng, 40))
        start = sum(len(p) + 1 for p in parts)
        passage = paths[k].read_text()[300:700]
        where[str(paths[k])] = (start, passage)
        parts.append(passage)
    suspect = Document(text=" ".join(parts), name="five-sources.txt")
    cut = check_against_collection(
        suspect, coll, retrieval=RetrievalSettings(top=2, strong_run=10**9)
    )
    assert len(cut.candidates) == 2
    found = check_against_collection(suspect, coll, retrieval=RetrievalSettings(top=2))
    assert {c.name for c in found.candidates} == set(where)
    for name, (start, passage) in where.items():
        match = next(m for m in found.report.matches if m.source == name)
        assert abs(match.suspect.start - start) < 15
        assert abs(match.suspect.end - (start + len(passage))) < 15
    coll.close()


def test_selection_takes_turns_between_runs_and_fingerprint_score():
    def cand(doc_id: int, score: float, verified: int) -> tuple[Candidate, None]:
        return Candidate(doc_id, f"d{doc_id}", score, 3, verified), None

    pool = [
        cand(1, 900.0, 2),  # an obfuscated source: best fingerprints, few n-grams in a row
        cand(2, 100.0, 30),  # a verbatim source: long run
        cand(3, 80.0, 8),
        cand(4, 70.0, 7),
        cand(5, 60.0, 1),
        cand(6, 50.0, 12),  # not in the top 3, but a strong run: aligned too
    ]
    chosen = [c.doc_id for c, _ in select(pool, RetrievalSettings(top=3, strong_run=12))]
    # Runs first (2), then score (1), then the next by runs not taken yet (6), then 3 left out.
    assert chosen == [2, 1, 6]
    chosen = [c.doc_id for c, _ in select(pool, RetrievalSettings(top=4, strong_run=12))]
    assert chosen == [2, 1, 6, 3]
    chosen = [c.doc_id for c, _ in select(pool, RetrievalSettings(top=2, strong_run=12))]
    assert chosen == [2, 1, 6]
