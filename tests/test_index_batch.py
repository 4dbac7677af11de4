import numpy as np
from index_helpers import prose

from copyhound.engine import Prepared
from copyhound.index.batch import candidate_pairs, clusters, compare_batch
from copyhound.index.store import open_collection, prepare_document, sha256_of
from copyhound.model import Document
from copyhound.seed.fingerprint import fingerprints


def _class(rng):
    source = prose(rng, 900)
    shared_ab = source[:900]
    later = source[3000:3800]
    between_de = prose(rng, 150)
    subs = {
        "a.txt": f"{prose(rng, 200)} {shared_ab} {prose(rng, 150)}",
        "b.txt": f"{prose(rng, 120)} {shared_ab} {prose(rng, 250)}",
        "c.txt": f"{prose(rng, 220)} {later} {prose(rng, 100)}",
        "d.txt": f"{prose(rng, 200)} {between_de} {prose(rng, 200)}",
        "e.txt": f"{prose(rng, 100)} {between_de} {prose(rng, 300)}",
        "f.txt": prose(rng, 400),
    }
    return source, [Document(text=t, name=n) for n, t in subs.items()]


def test_collusion_pairs_and_clusters_without_collection():
    _, subs = _class(np.random.default_rng(11))
    result = compare_batch(subs)
    pairs = {(p.a, p.b) for p in result.pairs}
    assert pairs == {("a.txt", "b.txt"), ("d.txt", "e.txt")}
    assert result.clusters == [["a.txt", "b.txt"], ["d.txt", "e.txt"]]
    ab = next(p for p in result.pairs if p.a == "a.txt")
    a, b = subs[0], subs[1]
    m = max(ab.matches, key=lambda m: m.suspect.length)
    assert a.slice(m.suspect) == b.slice(m.source_span)
    assert m.suspect.length > 850
    assert np.allclose(result.matrix, result.matrix.T)
    assert result.matrix[0, 1] == ab.similarity > 0 and result.matrix[0, 5] == 0


def test_three_students_sharing_one_source_form_one_cluster(tmp_path):
    source, subs = _class(np.random.default_rng(11))
    doc = Document(text=source, name="reading.txt")
    with open_collection(tmp_path / "c.db", create=True) as coll:
        entry = prepare_document(doc, sha256_of(source.encode()), len(source), coll.settings)
        coll.add_documents([entry])
        result = compare_batch(subs, coll)
    assert result.clusters[0] == ["a.txt", "b.txt", "c.txt", "reading.txt"]
    assert result.clusters[1] == ["d.txt", "e.txt"]
    assert result.names_in_collection == {"reading.txt"}
    c_pair = next(p for p in result.pairs if p.a == "c.txt")
    assert c_pair.b == "reading.txt" and c_pair.b_in_collection


def test_template_shared_by_the_whole_class_does_not_make_pairs():
    fps = [np.array([1, 2, 3, 10 + k, 20 + k], dtype=np.uint32) for k in range(10)]
    fps[3] = np.append(fps[3], [50, 51, 52]).astype(np.uint32)
    fps[7] = np.append(fps[7], [50, 51, 52]).astype(np.uint32)
    # (3, 7) share the template's three fingerprints and three of their own
    assert candidate_pairs(fps) == {(3, 7): 6}


def test_the_sparse_pair_count_agrees_with_the_dense_one(monkeypatch):
    import copyhound.index.batch as batch

    rng = np.random.default_rng(5)
    fps = [np.unique(rng.integers(0, 400, size=60)).astype(np.uint32) for _ in range(40)]
    fps[4] = fps[9] = fps[17] = np.unique(np.r_[fps[4], np.arange(1000, 1030)]).astype(np.uint32)
    dense = candidate_pairs(fps)
    monkeypatch.setattr(batch, "DENSE_PAIRS_UP_TO", 0)
    assert candidate_pairs(fps) == dense
    assert {(4, 9), (4, 17), (9, 17)} <= set(dense)


def _essays(rng, count, words=300):
    return [prose(rng, words) for _ in range(count)]


def test_six_identical_submissions_among_twenty_give_all_fifteen_pairs_and_one_cluster():
    rng = np.random.default_rng(31)
    texts = _essays(rng, 14)
    copied = prose(rng, 300)
    names = [f"s{k:02d}.txt" for k in range(20)]
    copies = set(names[::3][:6])
    docs, own = [], iter(texts)
    for name in names:
        docs.append(Document(text=copied if name in copies else next(own), name=name))
    result = compare_batch(docs)
    pairs = {(p.a, p.b) for p in result.pairs}
    assert pairs == {(a, b) for a in sorted(copies) for b in sorted(copies) if a < b}
    assert len(pairs) == 15
    assert result.clusters == [sorted(copies)]


def test_a_whole_class_handing_in_one_text_is_one_cluster():
    rng = np.random.default_rng(32)
    copied = prose(rng, 400)
    docs = [Document(text=copied, name=f"s{k:02d}.txt") for k in range(12)]
    result = compare_batch(docs)
    assert len(result.pairs) == 66
    assert result.clusters == [[d.name for d in docs]]


def test_an_assignment_text_every_essay_quotes_joins_no_one():
    rng = np.random.default_rng(33)
    prompt = prose(rng, 60)
    docs = [Document(text=f"{prompt} {prose(rng, 350)}", name=f"s{k:02d}.txt") for k in range(25)]
    assert candidate_pairs([fingerprints(Prepared.of(d).tokens) for d in docs]) == {}
    assert compare_batch(docs).pairs == []


def test_clusters_are_connected_components():
    edges = [("a", "b"), ("c", "d"), ("b", "e"), ("x", "y")]
    assert clusters(edges) == [["a", "b", "e"], ["c", "d"], ["x", "y"]]


def test_pair_measures_are_shares_of_words_like_checks_headline():
    """A pair's similarity and shares count words (the unit of ``check``'s headline), not
    characters: long words on one side must not weigh more than short ones on the other."""
    from copyhound.normalise.tokens import tokenize

    rng = np.random.default_rng(5)
    shared = prose(rng, 120)
    a_text = f"{prose(rng, 200)} {shared} {prose(rng, 80)}"
    # b pads with long words: by characters its share would be far below its share of words
    padding = " ".join(["internationalisation"] * 100) + "."
    b_text = f"{shared} {padding}"
    a, b = Document(text=a_text, name="a.txt"), Document(text=b_text, name="b.txt")
    (pair,) = compare_batch([a, b]).pairs
    (m,) = pair.matches
    assert a.slice(m.suspect) == b.slice(m.source_span) == shared
    n_shared, n_a, n_b = (len(tokenize(t)) for t in (shared, a_text, b_text))
    assert pair.words_a == pair.words_b == n_shared
    assert pair.share_a == round(n_shared / n_a, 4)
    assert pair.share_b == round(n_shared / (n_shared + 100), 4)
    assert pair.similarity == round(2 * n_shared / (n_a + n_b), 4)
    assert len(shared) / len(b_text) < pair.share_b - 0.1  # characters would say far less
