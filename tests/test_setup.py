"""`desistkit keys pseudonym` and `desistkit setup`: a caseworker gets a key without Python, and
every command finds it (and her language) afterwards. Each test has its own settings folder
(DESISTKIT_CONFIG_DIR)."""

from __future__ import annotations

import json
import os
import pty
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import desistkit as dk
from conftest import EXAMPLES, ROOT, run_cli
from desistkit.cli import main

PRISON = ROOT / "examples" / "prison-case.json"
NO_KEY = "desistkit: no pseudonym key: run `desistkit setup` or pass --key FILE\n"


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty settings folder of this test's own."""
    folder = tmp_path / "settings"
    monkeypatch.setenv("DESISTKIT_CONFIG_DIR", str(folder))
    monkeypatch.delenv("DESISTKIT_PSEUDONYM_KEY", raising=False)
    return folder


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_keys_pseudonym_writes_a_private_key_and_never_replaces_one(tmp_path: Path) -> None:
    """The key file is one line of hex for 32 bytes, readable by its owner only; an existing key is
    kept unless --force (a new key would give every client a new pseudonym)."""
    out = tmp_path / "org.key"
    result = run_cli("keys", "pseudonym", "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text("ascii")
    assert len(text) == 65 and text.endswith("\n") and int(text, 16) >= 0
    assert _mode(out) == 0o600
    dk.PseudonymKey.from_text(text)
    again = run_cli("keys", "pseudonym", "-o", str(out))
    assert again.returncode == 1 and again.stderr == f"desistkit: {out} exists; use --force to replace it\n"
    assert out.read_text("ascii") == text
    assert run_cli("keys", "pseudonym", "-o", str(out), "--force").returncode == 0
    assert out.read_text("ascii") != text and _mode(out) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["org.key"]  # no temporary left


def test_setup_stores_organisation_language_and_a_new_key(settings: Path) -> None:
    """setup with options asks nothing, writes the settings and a private key in the folder."""
    result = run_cli("setup", "--organisation", "Verein Ausweg e. V.", "--lang", "de")
    assert result.returncode == 0, result.stderr
    config = (settings / "config.toml").read_text("utf-8")
    assert 'organisation = "Verein Ausweg e. V."' in config and 'lang = "de"' in config
    key = settings / "pseudonym.key"
    dk.PseudonymKey.from_text(key.read_text("ascii"))
    assert _mode(key) == 0o600 and _mode(settings / "config.toml") == 0o600
    assert "a new pseudonym key in" in result.stderr
    # The settings file is TOML a person can read and edit; the key is named relative to it.
    assert config.splitlines()[1:] == [
        'organisation = "Verein Ausweg e. V."',
        'lang = "de"',
        'pseudonym_key = "pseudonym.key"',
    ]


@pytest.mark.parametrize(("option", "value"), [("--lang", "klingon"), ("--organisation", "Verein\x07")])
def test_setup_refuses_what_it_cannot_store(settings: Path, option: str, value: str) -> None:
    """An unknown language or a name with control characters: exit 2, nothing written."""
    result = run_cli("setup", option, value)
    assert result.returncode == 2 and f"Invalid value for {option}" in result.stderr, result.stderr
    assert not settings.exists()


def test_commands_find_the_stored_key_and_language(settings: Path, tmp_path: Path) -> None:
    """After setup, a conference export needs no --key and no --lang: the same pseudonym as with
    --key FILE, and the documents in the language chosen at setup."""
    assert run_cli("setup", "--organisation", "", "--lang", "de").returncode == 0
    stored, explicit = tmp_path / "stored.json", tmp_path / "explicit.json"
    common = ["share", str(PRISON), "--audience", "case-conference", "--on", "2025-11-30"]
    assert run_cli(*common, "-o", str(stored)).returncode == 0
    key = settings / "pseudonym.key"
    assert run_cli(*common, "--key", str(key), "-o", str(explicit)).returncode == 0
    reference = json.loads(stored.read_text("utf-8"))["reference"]
    assert reference == json.loads(explicit.read_text("utf-8"))["reference"]
    assert reference.startswith("C-")
    listing = run_cli("catalogue")
    assert listing.returncode == 0 and "Herkunftsfamilie" in listing.stdout
    assert "Family of origin" in run_cli("catalogue", "--lang", "en").stdout


def test_setup_again_keeps_the_key(settings: Path) -> None:
    """A second setup is refused without --force; with --force the settings change, the key stays."""
    assert run_cli("setup", "--organisation", "A", "--lang", "fi").returncode == 0
    key = (settings / "pseudonym.key").read_bytes()
    again = run_cli("setup", "--organisation", "B", "--lang", "sv")
    assert again.returncode == 1 and "config.toml exists; use --force" in again.stderr
    assert 'organisation = "A"' in (settings / "config.toml").read_text("utf-8")
    forced = run_cli("setup", "--organisation", "B", "--lang", "sv", "--force")
    assert forced.returncode == 0, forced.stderr
    assert 'lang = "sv"' in (settings / "config.toml").read_text("utf-8")
    assert (settings / "pseudonym.key").read_bytes() == key


def test_setup_with_an_existing_key_file(settings: Path, tmp_path: Path) -> None:
    """--key names a key kept elsewhere (e.g. on the organisation's drive); a file that is not a
    key is refused before anything is written."""
    key = tmp_path / "org.key"
    assert run_cli("keys", "pseudonym", "-o", str(key)).returncode == 0
    assert run_cli("setup", "--lang", "de", "--key", str(key)).returncode == 0
    assert f'pseudonym_key = "{key}"' in (settings / "config.toml").read_text("utf-8")
    assert not (settings / "pseudonym.key").exists()
    other = tmp_path / "notes.txt"
    other.write_text("not a key", encoding="utf-8")
    refused = run_cli("setup", "--lang", "de", "--key", str(other), "--force")
    assert refused.returncode == 1 and "notes.txt: not a pseudonym key" in refused.stderr
    assert str(key) in (settings / "config.toml").read_text("utf-8")


def test_setup_asks_in_a_terminal(settings: Path) -> None:
    """Run in a terminal without options, setup asks for the organisation and the language."""
    leader, follower = pty.openpty()
    with subprocess.Popen(
        [sys.executable, "-m", "desistkit", "setup"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    ) as process:
        os.close(follower)
        os.write(leader, b"Fachstelle Nord\nfi\n")
        assert process.wait(timeout=60) == 0
    output = b""
    try:
        while chunk := os.read(leader, 4096):
            output += chunk
    except OSError:  # the terminal closes with the process
        pass
    os.close(leader)
    assert b"Organisation name" in output and b"Language you work in" in output
    config = (settings / "config.toml").read_text("utf-8")
    assert 'organisation = "Fachstelle Nord"' in config and 'lang = "fi"' in config


def test_no_key_speaks_cli_in_the_cli_and_python_in_python(settings: Path, tmp_path: Path) -> None:
    """Without a key: the command line says how to get one there, the library names its parameter."""
    for command, suffix in (("summary", "docx"), ("reflector", "pptx"), ("share", "json")):
        out = tmp_path / f"out.{suffix}"
        result = run_cli(command, str(PRISON), "--audience", "case-conference", "-o", str(out))
        assert (result.returncode, result.stderr) == (1, NO_KEY), command
        assert not out.exists()
    programme = run_cli("tracker", *map(str, EXAMPLES), "-o", str(tmp_path / "p.xlsx"))
    assert (programme.returncode, programme.stderr) == (1, NO_KEY)
    assert not (tmp_path / "p.xlsx").exists()
    with pytest.raises(dk.MissingKeyError, match=r"pass key=PseudonymKey\.from_text\(\.\.\.\) to share\(\)"):
        dk.share(dk.load_case(PRISON), "case-conference")


def test_a_stored_key_that_is_gone_is_named(settings: Path, tmp_path: Path) -> None:
    """Settings pointing at a key that was moved: the error names the settings and the key file."""
    assert run_cli("setup", "--lang", "en").returncode == 0
    (settings / "pseudonym.key").unlink()
    result = run_cli("share", str(PRISON), "--audience", "case-conference", "--preview")
    assert result.returncode == 1
    assert "pseudonym key named in" in result.stderr and "pseudonym.key" in result.stderr
    (settings / "config.toml").write_text("lang = [", encoding="utf-8")
    broken = run_cli("catalogue")
    assert broken.returncode == 1 and "config.toml: not valid TOML" in broken.stderr


def test_former_option_names_still_work_and_warn(settings: Path, tmp_path: Path) -> None:
    """--key-file and --catalog-dir are hidden aliases of --key and --translations: they work, say
    they are deprecated, and are not in --help."""
    key = tmp_path / "org.key"
    assert run_cli("keys", "pseudonym", "-o", str(key)).returncode == 0
    result = run_cli(
        "share", str(PRISON), "--audience", "case-conference", "--key-file", str(key), "--preview"
    )
    assert result.returncode == 0 and result.stderr == (
        "desistkit: warning: --key-file is deprecated; use --key FILE\n"
    )
    org = tmp_path / "org-locales" / "de" / "LC_MESSAGES"
    org.mkdir(parents=True)
    (org / "desistkit.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "factor.family_of_origin.name"\nmsgid "Family of origin"\nmsgstr "Familie (Org)"\n',
        encoding="utf-8",
    )
    for option in ("--translations", "--catalog-dir"):
        listing = run_cli("catalogue", "--lang", "de", option, str(tmp_path / "org-locales"))
        assert listing.returncode == 0 and "Familie (Org)" in listing.stdout, listing.stderr
        assert ("deprecated" in listing.stderr) == (option == "--catalog-dir")
    for command in ("share", "summary", "cards", "catalogue"):
        shown = run_cli(command, "--help").stdout
        assert "--key-file" not in shown and "--catalog-dir" not in shown, command


OUTPUTS = [
    ("summary", [str(PRISON), "--audience", "internal"], "x.doc", ".docx"),
    ("reflector", [str(PRISON), "--audience", "internal"], "x.ppt", ".pptx"),
    ("reflector", ["--blank"], "x.potx", ".pptx"),
    ("tracker", [str(PRISON)], "x.xls", ".xlsx"),
    ("tracker", [str(PRISON), str(EXAMPLES[0])], "x.csv", ".xlsx"),
    ("cards", [], "x.ppt", ".pdf"),
    ("cards", ["--format", "pptx"], "x.pdf", ".pptx"),
    ("share", [str(PRISON), "--audience", "internal"], "x.txt", ".json"),
    ("import", [str(PRISON)], "x.txt", ".json"),
    ("locales", ["--review", "de"], "x.ods", ".xlsx or .csv"),
]


@pytest.mark.parametrize(("command", "args", "name", "expected"), OUTPUTS)
def test_every_output_name_is_checked(
    tmp_path: Path, command: str, args: list[str], name: str, expected: str
) -> None:
    """Every command that writes a file refuses a name of another type before reading anything."""
    # In-process (click's runner): the check is click's, and ten interpreter starts cost seconds.
    result = CliRunner().invoke(main, [command, *args, "-o", str(tmp_path / name)])
    assert result.exit_code == 2, result.output
    assert f"expected a {expected} file name, got '{name}'" in result.output
    assert list(tmp_path.iterdir()) == []


def test_audit_and_mapping_names_are_checked(tmp_path: Path) -> None:
    """--audit and --mapping-out are JSON files too."""
    out = str(tmp_path / "x.docx")
    wrong = run_cli(
        "summary", str(PRISON), "--audience", "internal", "-o", out, "--audit", str(tmp_path / "a.txt")
    )
    assert (
        wrong.returncode == 2 and "'--audit'" in wrong.stderr and "expected a .json file name" in wrong.stderr
    )
    mapping = run_cli("share", str(PRISON), "--audience", "internal", "-o", str(tmp_path / "s.json"),
                      "--mapping-out", str(tmp_path / "m.csv"))  # fmt: skip
    assert mapping.returncode == 2 and "'--mapping-out'" in mapping.stderr
    assert list(tmp_path.iterdir()) == []
