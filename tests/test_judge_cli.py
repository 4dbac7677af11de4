"""The check command with judgement: verdict-first JSON and terminal, exclusion options."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from copyhound.cli import cli, main


def run_check(founding_pair, tmp_path, *extra):
    out = tmp_path / "report.json"
    essay, article = founding_pair
    result = CliRunner().invoke(
        cli, ["check", str(essay), "-s", str(article), "--json", str(out), *extra]
    )
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8")), result.output


def test_json_leads_with_verdicts(founding_pair, tmp_path):
    report, _ = run_check(founding_pair, tmp_path)
    assert report["schema_version"] == "1.6"
    assert list(report)[:6] == [
        "schema",
        "schema_version",
        "tool",
        "suspect",
        "summary",
        "similarity",
    ]
    assert report["summary"]["verdicts"] == {
        "unattributed": 1,
        "quoted-unattributed": 1,
        "attributed-unquoted": 0,
        "quoted-attributed": 2,
    }
    verdicts = [m["verdict"] for m in report["matches"]]
    assert verdicts == [
        "unattributed",
        "quoted-unattributed",
        "quoted-attributed",
        "quoted-attributed",
    ]
    first = report["matches"][0]
    assert first["suspect_text"].startswith("Mariano Alvarado")
    assert first["attributed"] is False and first["attribution"] is None
    idx = report["similarity"]
    assert idx["unattributed"] < idx["similarity"]
    assert idx["unattributed_words"] < idx["reused_words"] <= idx["words"]


def test_exclude_quotes_and_min_match_words(founding_pair, tmp_path):
    report, _ = run_check(founding_pair, tmp_path, "--exclude-quotes")
    counted = [m for m in report["matches"] if not m["excluded"]]
    assert [m["verdict"] for m in counted] == ["unattributed"]
    assert report["similarity"]["reused_words"] == report["similarity"]["unattributed_words"]
    report, _ = run_check(founding_pair, tmp_path, "--min-match-words", "100")
    assert [m["excluded"] for m in report["matches"] if m["verdict"] == "unattributed"] == [
        ["small-match"]
    ]


def test_terminal_summary_leads_with_unattributed(founding_pair, tmp_path):
    _, output = run_check(founding_pair, tmp_path)
    assert "unattributed reuse" in output
    assert output.index("#1 UNATTRIBUTED") < output.index("#2 QUOTED-UNATTRIBUTED")
    assert output.index("#2 QUOTED-UNATTRIBUTED") < output.index("#3 QUOTED-ATTRIBUTED")


def test_missing_template_is_a_one_line_error(founding_pair, tmp_path, capsys):
    essay, article = founding_pair
    with pytest.raises(SystemExit) as exc:
        main(["check", str(essay), "-s", str(article), "--template", str(tmp_path / "no.txt")])
    assert exc.value.code != 0
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "no.txt" in err and "Traceback" not in err


def test_report_never_overwrites_the_template(founding_pair, tmp_path, capsys):
    essay, article = founding_pair
    template = tmp_path / "prompt.txt"
    template.write_text("Write about the coup in Peru.", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(
            [
                "check",
                str(essay),
                "-s",
                str(article),
                "--template",
                str(template),
                "--json",
                str(template),
            ]
        )
    assert exc.value.code != 0
    assert "refusing to overwrite" in capsys.readouterr().err
    assert template.read_text(encoding="utf-8") == "Write about the coup in Peru."
