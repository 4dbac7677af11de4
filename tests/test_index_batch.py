import numpy as np
from index_helpers import prose

from copyhound.index.batch import candidate_pairs, clusters, compare_batch
from copyhound.index.store import open_collection, prepare_document, sha256_of
from copyhound.model import Document


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
    assert candidate_pairs(fps) == {(3, 7): 3}


def test_clusters_are_connected_components():
    edges = [("a", "b"), ("c", "d"), ("b", "e"), ("x", "y")]
    assert clusters(edges) == [["a", "b", "e"], ["c", "d"], ["x", "y"]]
