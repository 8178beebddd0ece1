"""The batch example (examples/batch/export_programme.py): a whole programme, bad files reported, audited."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import docx
import pytest
from click.testing import CliRunner

import desistkit as dk
from conftest import BAD, EXAMPLES, ROOT
from desistkit.sharing import KnownIdentifiers

SCRIPT = ROOT / "examples" / "batch" / "export_programme.py"
ON = "2025-11-30"
KEY = dk.PseudonymKey(bytes(range(1, 33)))


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("example_export_programme", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _programme(tmp_path: Path, bad: tuple[str, ...] = ()) -> Path:
    folder = tmp_path / "cases"
    folder.mkdir()
    for path in EXAMPLES:
        shutil.copy(path, folder / path.name)
    for name in bad:
        shutil.copy(BAD / name, folder / name)
    return folder


def _run(*args: str, key: bool = True) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESISTKIT_PSEUDONYM")}
    if key:
        env["DESISTKIT_PSEUDONYM_KEY"] = KEY.hex()
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, env=env,
                          check=False, timeout=300)  # fmt: skip


def test_programme_export_goes_past_a_bad_file_and_audits_every_case(tmp_path: Path) -> None:
    """Valid cases are exported under their pseudonym; the bad one is reported by path with every
    problem; the audit log has one line per case with share()'s record and no client data."""
    cases = _programme(tmp_path, bad=("duplicates.json",))
    out = tmp_path / "out"
    result = _run(str(cases), "--audience", "case-conference", "--lang", "de", "--on", ON, "--out", str(out))
    assert result.returncode == 2, result.stderr
    with pytest.raises(dk.CaseFileError) as bad:
        dk.load_case(cases / "duplicates.json")
    assert f"{cases / 'duplicates.json'}: {len(bad.value.problems)} problem(s)" in result.stderr
    assert all(str(problem) in result.stderr for problem in bad.value.problems)
    assert "exported 3 of 4 cases" in result.stdout

    lines = [json.loads(line) for line in (out / "audit.jsonl").read_text("utf-8").splitlines()]
    assert lines[-1] == {"status": "exported", "programme": "programme.xlsx", "cases": 3}
    assert (out / "programme.xlsx").is_file()
    lines = lines[:-1]
    assert [line["status"] for line in lines] == ["failed", "exported", "exported", "exported"]
    assert lines[0] == {"status": "failed", "file": "duplicates.json", "error": "CaseFileError",
                        "problems": len(bad.value.problems)}  # fmt: skip
    on = dt.date.fromisoformat(ON)
    log_text = (out / "audit.jsonl").read_text("utf-8").casefold()
    for path, line in zip(EXAMPLES, lines[1:], strict=True):  # the examples sort after "duplicates"
        case = dk.load_case(path)
        shared = dk.share(case, "case-conference", key=KEY, on=on)
        assert line["reference"] == shared.case.reference != case.reference
        expected = shared.audit.to_dict()
        assert {k: v for k, v in line["audit"].items() if k != "created_at"} == {
            k: v for k, v in expected.items() if k != "created_at"
        }
        folder = out / shared.case.reference
        assert sorted(p.name for p in folder.iterdir()) == sorted(d.filename for d in _load_script().PER_CASE)
        assert line["documents"] == [d.filename for d in _load_script().PER_CASE]
        summary = folder / "summary.docx"
        assert (
            docx.Document(str(summary))
            .paragraphs[0]
            .text.startswith(dk.get_localizer("de").text("summary.title"))
        )
        notes = [n.text for s in case.sessions for r in s.reflections for n in r.all_notes]
        identifiers = [v for v in KnownIdentifiers.from_identity(case.client).values if len(v) >= 3]
        leaked = [v for v in [*identifiers, case.reference, path.name, *notes] if v.casefold() in log_text]
        assert leaked == []
    names = {p.name for p in out.rglob("*")}
    assert not [case.reference for case in map(dk.load_case, EXAMPLES) if case.reference in names]


def test_existing_output_is_never_replaced_without_force(tmp_path: Path) -> None:
    """A second run refuses to overwrite (exit 1, files untouched); --force replaces."""
    cases = _programme(tmp_path)
    out = tmp_path / "out"
    args = (str(cases), "--audience", "case-conference", "--on", ON, "--out", str(out), "--quiet")
    assert _run(*args).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    again = _run(*args)
    assert again.returncode == 1 and "use --force" in again.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert _run(*args, "--force").returncode == 0


def test_no_key_for_a_pseudonymising_audience_stops_before_any_file(tmp_path: Path) -> None:
    """Without a configured key the batch fails at once with a clear message and writes nothing."""
    cases = _programme(tmp_path)
    out = tmp_path / "out"
    result = _run(str(cases), "--audience", "case-conference", "--out", str(out), key=False)
    assert result.returncode == 1
    assert "key" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_programme_documents_get_every_shared_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A programme-wide document (the registry the programme tracker joins) receives every valid
    shared case once, and its line in the audit log counts them; the progress bar is shown."""
    script = _load_script()
    seen: list[str] = []

    def render(shared: list[dk.SharedCase], loc: dk.Localizer, cat: dk.Catalogue) -> bytes:
        seen.extend(s.case.reference for s in shared)
        return "\n".join(seen).encode()

    monkeypatch.setattr(script, "PROGRAMME", [script.ProgrammeDocument("programme.txt", render)])
    monkeypatch.setenv("DESISTKIT_PSEUDONYM_KEY", KEY.hex())
    out = tmp_path / "out"
    cases = _programme(tmp_path, bad=("missing-and-empty.json",))
    result = CliRunner().invoke(
        script.main, [str(cases), "--audience", "research", "--on", ON, "--out", str(out)]
    )
    assert result.exit_code == 2, result.output
    assert "Exporting cases" in result.stderr
    assert sorted(seen) == sorted(p.name for p in out.iterdir() if p.is_dir())
    assert len(seen) == len(EXAMPLES)
    last = json.loads((out / "audit.jsonl").read_text("utf-8").splitlines()[-1])
    assert last == {"status": "exported", "programme": "programme.txt", "cases": len(EXAMPLES)}
