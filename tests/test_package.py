"""The installed package: light import, complete public API, data files shipped."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import types
from importlib import resources
from pathlib import Path

import pytest

import desistkit as dk
from conftest import EXAMPLES


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(json.loads(out))


def test_import_does_not_load_document_libraries() -> None:
    """`import desistkit` loads no python-pptx, python-docx, openpyxl, cattrs or jsonschema."""
    loaded = _modules_after("import desistkit")
    heavy = {"pptx", "docx", "openpyxl", "lxml", "cattrs", "jsonschema", "click", "babel"}
    assert heavy & {m.split(".")[0] for m in loaded} == set()


def test_import_loads_none_of_the_packages_modules() -> None:
    """`import desistkit` costs a bare interpreter start plus the version: every name, the core's
    attrs classes included, loads on first use (issue #20)."""
    loaded = _modules_after("import desistkit")
    assert {m for m in loaded if m.startswith("desistkit.")} == {"desistkit._version"}
    assert "attr" not in {m.split(".")[0] for m in loaded}
    names = _modules_after("import desistkit\nassert 'Case' in dir(desistkit)")
    assert "desistkit.core.model" in names  # dir() and __all__ read the core's names


def test_a_command_loads_only_its_own_module() -> None:
    """A command imports its own module of desistkit.cli, not the other commands' (issue #20)."""
    code = (
        "import contextlib, io\n"
        "from desistkit.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main.main(['schema'], standalone_mode=False)"
    )
    commands = {m for m in _modules_after(code) if m.startswith("desistkit.cli.")}
    assert commands == {"desistkit.cli.app", "desistkit.cli.info", "desistkit.cli.options"}


def test_loading_a_case_does_not_load_document_libraries() -> None:
    """Reading and checking a case file needs no document library either."""
    loaded = _modules_after("import desistkit; desistkit.demo_case()")
    assert {"pptx", "docx", "openpyxl"} & {m.split(".")[0] for m in loaded} == set()


def test_public_api_is_complete_and_sorted() -> None:
    """__all__ is sorted, every name in it resolves, and nothing public is missing from it."""

    # Sorted the way ruff (RUF022) sorts it: constants, then classes, then functions.
    def kind(name: str) -> tuple[int, str]:
        return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)

    assert dk.__all__ == sorted(dk.__all__, key=kind)
    for name in dk.__all__:
        assert getattr(dk, name) is not None
    public = {
        name
        for name, value in vars(dk).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    } - {"annotations", "TYPE_CHECKING", "Any"}
    assert public - set(dk.__all__) == set()


def test_errors_share_one_base_and_match_built_ins() -> None:
    """Integrators catch DesistkitError, or the built-in each error also is."""
    assert issubclass(dk.CaseFileError, dk.ValidationError)
    assert issubclass(dk.ValidationError, (dk.DesistkitError, ValueError))
    assert issubclass(dk.UnknownFactorError, LookupError)
    assert issubclass(dk.OutputExistsError, FileExistsError)
    assert all(issubclass(getattr(dk, n), dk.DesistkitError) for n in dk.__all__ if n.endswith("Error"))


def test_tests_run_against_the_installed_package() -> None:
    """The package under test is the installed wheel, not the source tree."""
    assert "site-packages" in dk.__file__ or "dist-packages" in dk.__file__


def test_package_ships_data_and_type_information() -> None:
    """The wheel carries the catalogue, the labels, the compiled catalogs, the fonts, the demo case
    and py.typed, each in the layer that reads it."""
    root = resources.files("desistkit")
    assert root.joinpath("core/factors/catalogue.toml").is_file()
    assert root.joinpath("i18n/labels.toml").is_file()
    assert root.joinpath("i18n/locales/de/LC_MESSAGES/desistkit.mo").is_file()
    assert root.joinpath("export/fonts/DejaVuSans.ttf").is_file()
    assert root.joinpath("casefile/data/demo-case.json").is_file()
    assert root.joinpath("py.typed").is_file()


@pytest.mark.parametrize(
    ("package", "name"),
    [
        ("desistkit.i18n", "labels.toml"),
        ("desistkit.core", "factors/catalogue.toml"),
        ("desistkit.sharing", "policies.toml"),
    ],
)
def test_the_wheel_ships_the_tables_of_its_toml_files(package: str, name: str) -> None:
    """The build writes the tables of the TOML files every process reads as JSON beside them
    (hatch_build.py), which the package reads instead of parsing the TOML: made from the shipped
    text; and the labels, catalogue and policy made from them are the TOML's."""
    from desistkit.core import _toml
    from desistkit.core.catalogue import default_catalogue, parse_catalogue
    from desistkit.i18n.texts import label_messages, parse_labels
    from desistkit.sharing import default_policy, parse_policy

    files = resources.files(package)
    text = files.joinpath(name).read_text("utf-8")
    assert files.joinpath(name.removesuffix(".toml") + ".json").read_text("utf-8") == _toml.tables_json(text)
    assert _toml.shipped(files, name) == (text, _toml.loads(text))
    made = {
        "labels.toml": (label_messages, parse_labels),
        "factors/catalogue.toml": (
            default_catalogue,
            lambda t: parse_catalogue(t, source="built-in catalogue"),
        ),
        "policies.toml": (default_policy, lambda t: parse_policy(t, source="built-in")),
    }
    shipped, parse = made[name]
    assert shipped() == parse(text)  # type: ignore[no-untyped-call]


def test_tables_made_from_another_text_are_not_used(tmp_path: Path) -> None:
    """An edited TOML file (its tables were written before the edit), a broken or missing JSON: the
    TOML is parsed."""
    from desistkit.core import _toml

    (tmp_path / "labels.toml").write_text('[a]\nb = "c"\n', encoding="utf-8")
    (tmp_path / "labels.json").write_text(_toml.tables_json('[a]\nb = "old"\n'), encoding="utf-8")
    assert _toml.shipped(tmp_path, "labels.toml") == ('[a]\nb = "c"\n', None)
    (tmp_path / "labels.json").write_text(_toml.tables_json('[a]\nb = "c"\n'), encoding="utf-8")
    assert _toml.shipped(tmp_path, "labels.toml") == ('[a]\nb = "c"\n', {"a": {"b": "c"}})
    (tmp_path / "labels.json").write_text("{not json", encoding="utf-8")
    assert _toml.shipped(tmp_path, "labels.toml")[1] is None
    (tmp_path / "labels.json").unlink()
    assert _toml.shipped(tmp_path, "labels.toml")[1] is None


def test_caches_can_be_cleared() -> None:
    """Long-running services can drop the cached catalogue; a fresh one is equal."""
    before = dk.default_catalogue()
    dk.clear_caches()
    after = dk.default_catalogue()
    assert after is not before and after == before


def test_one_error_module_holds_the_whole_public_tree() -> None:
    """Every public error class is defined in desistkit.core.errors, importable from desistkit,
    and drawn in the module's tree; every one is a DesistkitError and a built-in exception."""
    from desistkit.core import errors

    classes = {n: getattr(errors, n) for n in errors.__all__ if n != "Problem"}
    assert {n for n in dk.__all__ if n.endswith(("Error", "Warning"))} == set(classes)
    for name, cls in classes.items():
        assert cls.__module__ == "desistkit.core.errors"
        assert re.search(rf"(── |^    ){name}\b", errors.__doc__ or "", re.M), f"{name} is not in the tree"
        if issubclass(cls, Exception) and not issubclass(cls, Warning):
            assert issubclass(cls, dk.DesistkitError)
            builtin = [
                b
                for b in cls.__mro__
                if b.__module__ == "builtins" and b not in (Exception, BaseException, object)
            ]
            assert builtin or cls is dk.DesistkitError, (
                f"{name} should also be the matching built-in exception"
            )


def test_lookups_raise_desistkit_errors_not_bare_builtins(catalogue: dk.Catalogue) -> None:
    """Unknown goals, categories and text keys raise typed errors an integrator can map to HTTP,
    which are still LookupErrors for callers who do not know desistkit."""
    case = dk.load_case(EXAMPLES[0])
    with pytest.raises(dk.UnknownGoalError, match="unknown goal id 'nope'") as goal:
        case.goal("nope")
    assert isinstance(goal.value, LookupError)
    with pytest.raises(dk.UnknownCategoryError, match="unknown category id 'nope'"):
        catalogue.category("nope")
    with pytest.raises(dk.UnknownLabelError, match="did you mean"):
        dk.get_localizer("en").text("document.goalz")
    with pytest.raises(dk.FieldError, match="rating must be from 0 to 4") as field:
        dk.FactorReflection(factor_id="friends", rating=9)
    assert isinstance(field.value, ValueError) and field.value.field == "rating"
