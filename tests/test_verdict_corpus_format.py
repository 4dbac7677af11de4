"""The verdict corpora are well formed (format only: no verdict is computed here)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "verdict_corpus_format", ROOT / "benchmarks" / "verdict_corpus_format.py"
)
fmt = importlib.util.module_from_spec(_spec)
sys.modules["verdict_corpus_format"] = fmt
_spec.loader.exec_module(fmt)

FOLDERS = fmt.corpus_folders()


def test_every_attribution_folder_is_found():
    names = {p.name for p in FOLDERS}
    assert {
        "attribution",
        "attribution-styleguides",
        "attribution-blind3",
        "attribution-blind4",
        "attribution-blind5",
        "attribution-blind6",
    } <= names


def test_verdict_names_match_the_judge():
    from copyhound.evaluate.verdicts import VERDICTS

    assert set(fmt.VERDICTS) == set(VERDICTS)


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_corpus_folder_is_well_formed(folder):
    report = fmt.check_folder(folder)
    assert report.errors == []
    assert sum(c.cases for c in report.files.values()) > 0


#: Each blind corpus's size and mix as its writer was asked for them: cases, negatives,
#: quoted-attributed, quoted-unattributed, attributed-unquoted, unattributed; and whether
#: no expected passage may sit in a reference entry.
BLIND_MIX = {
    "attribution-blind3": (165, 20, 90, 35, 12, 18, False),
    "attribution-blind4": (160, 20, 85, 30, 15, 20, True),
    "attribution-blind5": (160, 20, 85, 30, 15, 20, True),
    "attribution-blind6": (150, 18, 80, 28, 15, 18, True),
    "attribution-blind7": (185, 22, 106, 34, 22, 15, True),
    "attribution-blind8": (175, 21, 100, 34, 19, 15, True),
    "attribution-blind9": (155, 16, 94, 32, 13, 14, True),
}


@pytest.mark.parametrize("name", sorted(BLIND_MIX))
def test_blind_corpus_size_and_mix(name):
    cases, negatives, qa, qu, au, un, none_in_entries = BLIND_MIX[name]
    counts = fmt.check_folder(ROOT / "tests" / "data" / name).files["check.toml"]
    assert counts.cases >= cases
    assert counts.negatives >= negatives
    assert counts.verdicts["quoted-attributed"] >= qa
    assert counts.verdicts["quoted-unattributed"] >= qu
    assert counts.verdicts["attributed-unquoted"] >= au
    assert counts.verdicts["unattributed"] >= un
    if none_in_entries:
        assert counts.in_bibliography == 0


def _corpus(tmp_path: Path, cases: str, name: str = "check.toml") -> Path:
    source = "By Ann Lee\n\nThe heron waits in the shallows \u2014 still as a post.\n"
    (tmp_path / "src.txt").write_text(source, encoding="utf-8")
    (tmp_path / name).write_text(cases, encoding="utf-8")
    return tmp_path


def _errors(folder: Path) -> list[str]:
    return fmt.check_folder(folder).errors


def test_a_good_case_passes_and_is_counted(tmp_path):
    folder = _corpus(
        tmp_path,
        '[[case]]\nid = "a"\n'
        "text = 'Lee writes: \u201cthe heron waits in the shallows - still\u201d.'\n"
        'expect = [["heron waits in the shallows - still", "quoted-attributed"]]\n'
        '[[case]]\nid = "b"\ntext = "Herons are patient."\nexpect = []\n',
    )
    report = fmt.check_folder(folder)
    assert report.errors == []
    c = report.files["check.toml"]
    assert (c.cases, c.negatives, c.verdicts["quoted-attributed"]) == (2, 1, 1)


def test_unknown_verdict_is_an_error(tmp_path):
    folder = _corpus(
        tmp_path,
        '[[case]]\nid = "a"\ntext = "the heron waits"\nexpect = [["heron waits", "credited"]]\n',
    )
    assert _errors(folder) == [f"{tmp_path.name}/check.toml: case a: unknown verdict 'credited'"]


def test_passage_missing_from_suspect_or_source_is_an_error(tmp_path):
    folder = _corpus(
        tmp_path,
        '[[case]]\nid = "a"\ntext = "the heron waits"\n'
        'expect = [["heron sleeps", "unattributed"]]\n'
        '[[case]]\nid = "b"\ntext = "the heron sleeps"\n'
        'expect = [["heron sleeps", "unattributed"]]\n',
    )
    errors = _errors(folder)
    assert len(errors) == 2
    assert "case a: 'heron sleeps' is not in the suspect text" in errors[0]
    assert "case b: 'heron sleeps' is not in any source" in errors[1]


def test_declared_misquote_and_named_source(tmp_path):
    folder = _corpus(
        tmp_path,
        '[[case]]\nid = "a"\nsource = "src.txt"\nnot_verbatim = ["heron sleeps in the shallows"]\n'
        'text = "the heron sleeps in the shallows"\n'
        'expect = [["heron sleeps in the shallows", "quoted-unattributed"]]\n'
        '[[case]]\nid = "b"\nsource = "other.txt"\ntext = "x"\nexpect = []\n',
    )
    errors = _errors(folder)
    assert len(errors) == 1 and "source 'other.txt' is not a document" in errors[0]


def test_duplicate_ids_bad_toml_and_half_split(tmp_path):
    folder = _corpus(tmp_path, '[[case]]\nid = "a"\ntext = "x"\nexpect = []\n', name="tune.toml")
    (folder / "more.toml").write_text('[[case]]\nid = "a"\ntext = "y"\nexpect = []\n')
    (folder / "broken.toml").write_text("[[case]\n")
    errors = _errors(folder)
    assert any("tune.toml without check.toml" in e for e in errors)
    assert any("case a: id also used in more.toml" in e for e in errors)
    assert any("broken.toml: does not parse" in e for e in errors)


def test_check_case_repeating_a_tune_suspect(tmp_path):
    tune = '[[case]]\nid = "a"\ntext = "Herons wait."\nexpect = []\n'
    folder = _corpus(tmp_path, tune, name="tune.toml")
    (folder / "check.toml").write_text('[[case]]\nid = "b"\ntext = "Herons  wait."\nexpect = []\n')
    assert _errors(folder) == [f"{tmp_path.name}: check case b repeats a tune suspect"]


def test_passages_in_a_reference_list_are_counted():
    text = "Lee says the heron waits.\n\nWorks Cited\n\nLee, Ann. The Heron Waits. 2020.\n"
    assert not fmt.in_bibliography(text, text.index("heron waits"))
    assert fmt.in_bibliography(text, text.index("The Heron Waits"))
    notes = "A quote.[^1]\n\n[^1]: Ann Lee, The Heron Waits (2020), 4."
    assert fmt.in_bibliography(notes, notes.index("The Heron"))
    assert not fmt.in_bibliography(notes, notes.index("quote"))


def test_cli_exit_status(tmp_path, capsys):
    good = _corpus(tmp_path, '[[case]]\nid = "a"\ntext = "x"\nexpect = []\n')
    assert fmt.main([str(good)]) == 0
    assert "check.toml" in capsys.readouterr().out
    (good / "check.toml").write_text('[[case]]\nid = "a"\nexpect = []\n')
    assert fmt.main([str(good)]) == 1
    assert fmt.main([str(tmp_path / "nowhere")]) == 2
