"""The command line, run as a user would: exit codes, messages, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import desistkit as dk
from conftest import BAD, EXAMPLES, run_cli


def test_version() -> None:
    """--version prints the package version."""
    result = run_cli("--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"desistkit {dk.__version__}")


@pytest.mark.parametrize(
    "command", ["setup", "keys", "demo", "validate", "schema", "catalogue", "locales", "redact", "share"]
)
def test_every_command_has_help(command: str) -> None:
    """--help works on every command."""
    result = run_cli(command, "--help")
    assert result.returncode == 0
    assert f"Usage: desistkit {command}" in result.stdout


def test_validate_accepts_the_examples() -> None:
    """Valid files: exit 0, one line each."""
    result = run_cli("validate", *map(str, EXAMPLES))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [f"{p}: valid" for p in EXAMPLES]


def test_validate_prints_every_problem_and_exits_2() -> None:
    """Each bad file: a header with the count, then every problem with its JSON path."""
    bad = sorted(BAD.glob("*.json"))
    result = run_cli("validate", *map(str, bad))
    assert result.returncode == 2
    for path in bad:
        expected = path.with_suffix(".expected").read_text(encoding="utf-8")
        assert expected in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_validate_a_missing_file() -> None:
    """A file that cannot be read is reported, not a crash."""
    result = run_cli("validate", "no-such-case.json")
    assert result.returncode == 2
    # load_case names the file and says why, as for any other problem (it was the OSError's text)
    assert "no-such-case.json: 1 problem\n  does not exist\n" in result.stdout


def test_schema_prints_the_json_schema() -> None:
    """`desistkit schema` prints exactly what case_schema() returns."""
    result = run_cli("schema")
    assert result.returncode == 0
    assert json.loads(result.stdout) == dk.case_schema()


def test_catalogue_json_lists_the_factors() -> None:
    """--json: an array of 29 factors with id, category, name, description and questions."""
    result = run_cli("catalogue", "--json")
    factors = json.loads(result.stdout)
    assert len(factors) == 29
    first = factors[0]
    assert {k: first[k] for k in ("id", "category", "name")} == {
        "id": "family_of_origin",
        "category": "relationship_belonging",
        "name": "Family of origin",
    }
    assert all(f["description"] and 3 <= len(f["questions"]) <= 5 for f in factors)


def test_catalogue_unknown_language_lists_the_available_ones() -> None:
    """An unknown language is a clear usage error naming what is available."""
    result = run_cli("catalogue", "--lang", "xx")
    assert result.returncode == 2
    assert "language 'xx' is not available; available: bg, cs, da, de, el, en, es" in result.stderr
    assert "Traceback" not in result.stderr


def test_catalogue_with_an_organisation_file(tmp_path: Path) -> None:
    """--catalogue uses the organisation's file; its problems are printed, exit 2."""
    org = tmp_path / "org.toml"
    org.write_text(
        'format = "desistkit-catalogue/1"\nextends = "default"\nhide = ["appearance"]\n',
        encoding="utf-8",
    )
    result = run_cli("catalogue", "--json", "--catalogue", str(org))
    assert [f["id"] for f in json.loads(result.stdout)].count("appearance") == 0
    org.write_text(
        'format = "desistkit-catalogue/1"\nextends = "default"\nhide = ["apperance"]\n',
        encoding="utf-8",
    )
    result = run_cli("catalogue", "--catalogue", str(org))
    assert result.returncode == 2
    assert "hide[0]: unknown factor id 'apperance'; did you mean 'appearance'?" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_option_is_a_usage_error() -> None:
    """Usage errors exit 2 with click's message, no traceback."""
    result = run_cli("validate", "--frobnicate")
    assert result.returncode == 2
    assert "--frobnicate" in result.stderr and "Usage: desistkit validate" in result.stderr


def _key_file(tmp_path: Path) -> Path:
    key = tmp_path / "key.txt"
    key.write_text(bytes(range(32)).hex() + "\n", encoding="utf-8")
    return key


def test_share_preview_shows_what_goes_out_and_counts_what_is_removed(tmp_path: Path) -> None:
    """--preview writes nothing, shows shared notes (redacted) and removal counts, never the key."""
    key = _key_file(tmp_path)
    # The export date must follow the case's sessions: sessions after it are not shared.
    result = run_cli("share", str(EXAMPLES[0]), "--audience", "case-conference", "--on", "2025-11-30",
                     "--key", str(key), "--preview", cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "What goes out:" in result.stdout and "What is removed (counts only):" in result.stdout
    assert "withheld_not_shareable" in result.stdout
    assert bytes(range(32)).hex() not in result.stdout + result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["key.txt"]


def test_share_writes_the_shared_case_and_the_audit(tmp_path: Path) -> None:
    """-o writes the shared case and its audit record; the mapping only when asked for."""
    key = _key_file(tmp_path)
    out = tmp_path / "shared.json"
    args = ["--key", str(key), "-o", str(out), "--mapping-out", str(tmp_path / "map.json")]
    result = run_cli("share", str(EXAMPLES[0]), "--audience", "case-conference", "--on", "2025-06-30", *args)
    assert result.returncode == 0, result.stderr
    shared = json.loads(out.read_text(encoding="utf-8"))
    audit = json.loads((tmp_path / "shared.json.audit.json").read_text(encoding="utf-8"))
    mapping = json.loads((tmp_path / "map.json").read_text(encoding="utf-8"))
    assert "client" not in shared and shared["reference"].startswith("C-")
    assert audit["audience"] == "case-conference" and audit["export_date"] == "2025-06-30"
    assert mapping == {shared["reference"]: dk.load_case(EXAMPLES[0]).reference}
    again = run_cli("share", str(EXAMPLES[0]), "--audience", "case-conference", "--key", str(key),
                    "-o", str(out))  # fmt: skip
    assert again.returncode == 1 and "exists; use --force" in again.stderr


def test_share_without_a_key_is_a_clear_error(tmp_path: Path) -> None:
    """A pseudonymising audience without a key: one line, exit 1, no traceback."""
    result = run_cli("share", str(EXAMPLES[0]), "--audience", "case-conference", "--preview")
    assert result.returncode == 1
    assert result.stderr == "desistkit: no pseudonym key: run `desistkit setup` or pass --key FILE\n"
    unknown = run_cli("share", str(EXAMPLES[0]), "--audience", "press", "--preview")
    assert unknown.returncode == 1
    assert "unknown audience 'press'; available: internal, case-conference" in unknown.stderr


@pytest.mark.parametrize(
    ("command", "suffix"), [("summary", "docx"), ("reflector", "pptx"), ("tracker", "xlsx")]
)
def test_document_commands_write_the_audit_record(tmp_path: Path, command: str, suffix: str) -> None:
    """--audit writes the export's audit record beside the document (counts and rules, no values);
    an existing audit file stops the command before the document is written."""
    key = tmp_path / "key.txt"
    key.write_text(bytes(range(32)).hex(), encoding="utf-8")
    out, audit = tmp_path / f"doc.{suffix}", tmp_path / "doc.audit.json"
    args = [command, str(EXAMPLES[0]), "--audience", "case-conference", "--key", str(key),
            "--on", "2025-11-30"]  # fmt: skip
    result = run_cli(*args, "-o", str(out), "--audit", str(audit))
    assert result.returncode == 0, result.stderr
    record = json.loads(audit.read_text("utf-8"))
    assert record["audience"] == "case-conference" and record["export_date"] == "2025-11-30"
    case = dk.load_case(EXAMPLES[0])
    assert case.reference not in audit.read_text("utf-8")
    other = tmp_path / f"other.{suffix}"
    again = run_cli(*args, "-o", str(other), "--audit", str(audit))
    assert again.returncode == 1 and "exists" in again.stderr and not other.exists()
