import json

import numpy as np
from index_helpers import prose, run_cli, write_corpus

run = run_cli


def test_index_then_check_finds_the_source(tmp_path, capsys):
    paths = write_corpus(tmp_path / "lib", 25, words=250, seed=3)
    db = tmp_path / "lib.db"
    code, out, _ = run(capsys, "index", "add", db, tmp_path / "lib", "-j", "1")
    assert code == 0 and "added 25" in out.replace("\n", " ")
    code, out, _ = run(capsys, "index", "list", db, "--json")
    assert [json.loads(line)["name"] for line in out.splitlines()] == [str(p) for p in paths]
    code, out, _ = run(capsys, "index", "stats", db, "--json")
    assert json.loads(out)["documents"] == 25

    rng = np.random.default_rng(8)
    suspect = tmp_path / "essay.txt"
    suspect.write_text(prose(rng, 100) + " " + paths[9].read_text()[200:900] + " " + prose(rng, 80))
    report = tmp_path / "r.json"
    code, out, _ = run(capsys, "check", suspect, "--index", db, "--json", report, "--top", "3")
    assert code == 0
    data = json.loads(report.read_text())
    assert data["retrieval"]["candidates"][0]["name"] == str(paths[9])
    assert data["summary"]["sources_considered"][0] == str(paths[9])
    assert data["matches"][0]["source"] == str(paths[9])
    code, out, _ = run(capsys, "index", "list", db, "--json")
    assert len(out.splitlines()) == 25  # not added without --add

    code, _, _ = run(capsys, "check", suspect, "--index", db, "--add")
    assert code == 0
    code, out, _ = run(capsys, "index", "remove", db, str(suspect), str(paths[0]))
    assert code == 0 and "removed 2; 24 documents" in out


def test_cli_errors_are_one_line(tmp_path, capsys):
    suspect = tmp_path / "s.txt"
    suspect.write_text("harbor granite falcon " * 20)
    code, _, err = run(capsys, "check", suspect)
    assert code == 2 and err.strip() == (
        "copyhound: error: give at least one --source or an --index collection"
    )
    code, _, err = run(capsys, "index", "list", tmp_path / "none.db")
    assert code == 2 and "no such collection" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "check", suspect, "--index", suspect)
    assert code == 2 and "not a copyhound collection" in err
    db = tmp_path / "c.db"
    run(capsys, "index", "add", db, suspect)
    code, _, err = run(capsys, "index", "remove", db, "missing.txt")
    assert code == 2 and "no document named 'missing.txt'" in err


def test_batch_writes_html_and_json(tmp_path, capsys):
    rng = np.random.default_rng(4)
    folder = tmp_path / "class"
    folder.mkdir()
    shared = prose(rng, 150)
    (folder / "ann.txt").write_text(prose(rng, 200) + " " + shared)
    (folder / "bob.txt").write_text(shared + " " + prose(rng, 200))
    (folder / "cy.txt").write_text(prose(rng, 300))
    html, js = tmp_path / "m.html", tmp_path / "o.json"
    code, out, _ = run(capsys, "batch", folder, "--html", html, "--json", js)
    assert code == 0
    data = json.loads(js.read_text())
    assert [(p["a"], p["b"]) for p in data["pairs"]] == [
        (str(folder / "ann.txt"), str(folder / "bob.txt"))
    ]
    assert data["clusters"][0]["members"] == [str(folder / "ann.txt"), str(folder / "bob.txt")]
    assert data["matrix"]["similarity"][0][1] == data["pairs"][0]["similarity"]
    page = html.read_text()
    assert "id='heat'" in page and "ann.txt" in page and "Clusters" in page
    assert '<svg class="graph"' in page and "id='pair-0'" in page
    code, _, err = run(capsys, "batch", folder, "--json", folder / "ann.txt")
    assert code == 2 and "refusing to overwrite" in err


def test_export_tables_match_the_collection(tmp_path, capsys):
    paths = write_corpus(tmp_path / "lib", 5, words=120, seed=9)
    db = tmp_path / "lib.db"
    run(capsys, "index", "add", db, tmp_path / "lib")
    run(capsys, "index", "remove", db, str(paths[0]))
    code, out, _ = run(capsys, "index", "export", db, tmp_path / "out", "--format", "jsonl")
    assert code == 0
    rows = [json.loads(x) for x in (tmp_path / "out" / "documents.jsonl").read_text().splitlines()]
    assert [r["name"] for r in rows] == [str(p) for p in paths[1:]]
    assert rows[1]["text"] == paths[2].read_text()
    lines = (tmp_path / "out" / "postings.csv").read_text().splitlines()
    ids = {int(line.split(",")[1]) for line in lines[1:]}
    assert lines[0] == "hash,doc_id,position" and ids == {r["id"] for r in rows}
    assert len(lines) - 1 == json.loads(_stats(db, capsys))["fingerprints"]
    code, _, err = run(capsys, "index", "export", db, tmp_path / "out", "--format", "jsonl")
    assert code == 2 and "already exists" in err


def _stats(db, capsys):
    _, out, _ = run(capsys, "index", "stats", db, "--json")
    return out


def test_batch_of_a_missing_folder_is_a_one_line_error(tmp_path, capsys):
    code, _, err = run(capsys, "batch", tmp_path / "nowhere", "--json", tmp_path / "o.json")
    assert code == 2
    assert err.strip() == f"copyhound: error: {tmp_path / 'nowhere'}: no such folder or collection"
    assert not (tmp_path / "o.json").exists()


def test_check_with_index_judges_and_lists_candidates_in_json(tmp_path, capsys):
    paths = write_corpus(tmp_path / "lib", 12, words=250, seed=4)
    db = tmp_path / "lib.db"
    assert run(capsys, "index", "add", db, tmp_path / "lib", "-j", "1")[0] == 0
    rng = np.random.default_rng(9)
    suspect = tmp_path / "essay.txt"
    copied = paths[5].read_text()[100:800]
    suspect.write_text(prose(rng, 80) + " " + copied + " " + prose(rng, 60))
    out = tmp_path / "r.json"
    code, _, _ = run(capsys, "check", suspect, "--index", db, "--json", out, "-q")
    assert code == 0
    report = json.loads(out.read_text())
    assert report["retrieval"]["candidates"][0]["name"] == str(paths[5])
    (m,) = [m for m in report["matches"] if m["source"] == str(paths[5])]
    assert m["verdict"] == "unattributed"
    assert copied[20:120] in m["suspect_text"]


def test_check_with_index_leaves_out_phrases_a_longer_source_explains(tmp_path, capsys):
    paths = write_corpus(tmp_path / "lib", 12, words=250, seed=5)
    source_text = paths[2].read_text()
    copied = source_text[100:1100]
    # Another document of the collection quotes one sentence-long stretch of the source.
    phrase = copied[300:420]
    paths[7].write_text(paths[7].read_text() + " " + phrase + "\n")
    db = tmp_path / "lib.db"
    assert run(capsys, "index", "add", db, tmp_path / "lib", "-j", "1")[0] == 0
    rng = np.random.default_rng(10)
    suspect = tmp_path / "essay.txt"
    suspect.write_text(prose(rng, 80) + " " + copied + " " + prose(rng, 60))

    def sources(*extra):
        out = tmp_path / "r.json"
        code, _, _ = run(capsys, "check", suspect, "--index", db, "--json", out, "-q", *extra)
        assert code == 0
        report = json.loads(out.read_text())
        return {m["source"] for m in report["matches"]}, report["retrieval"]["matches_left_out"]

    assert sources() == ({str(paths[2])}, 1)
    assert sources("--all-matches") == ({str(paths[2]), str(paths[7])}, 0)
    code, out, _ = run(capsys, "check", suspect, "--index", db)
    assert code == 0
    assert "1 match left out: inside a longer or closer match with another source" in out
    code, _, err = run(capsys, "check", suspect, "--source", paths[2], "--all-matches")
    assert code != 0 and "--all-matches needs --index" in err
