"""National identity numbers of the EU member states, checksum-validated (python-stdnum)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator

from desistkit.sharing.redaction._patterns import pattern_findings
from desistkit.sharing.redaction._types import EntityType, Finding

__all__ = ["NationalIdDetector"]

_DIGITS = re.compile(r"\d(?<![\w+].)(?:[ .\-/]?\d){6,14}(?![\w])")
_ALNUM_ID = re.compile(r"(?<![\w])(?=[A-Z0-9]*\d)[A-Z0-9][A-Z0-9\-]{6,18}[A-Z0-9](?![\w])", re.IGNORECASE)
_HETU = re.compile(r"\d(?<![\w].)\d{5}[-+A-FU-Y]\d{3}[0-9A-Y](?![\w])", re.IGNORECASE)
# Digits with a check letter after a separator: 48.213.907-L, 48213907 l.
_DIGITS_LETTER = re.compile(r"\d(?<![\w+].)(?:[ .\-/]?\d){6,10}[ -]?[A-Za-z](?![\w])")
_DATE_LIKE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")
_ID_MODULES = (
    "at.vnr", "be.nn", "bg.egn", "cz.rc", "de.idnr", "dk.cpr", "ee.ik", "es.dni", "es.nie",
    "fi.hetu", "fr.nir", "gr.amka", "hr.oib", "ie.pps", "it.codicefiscale", "lt.asmens", "lv.pvn",
    "nl.bsn", "pl.pesel", "pt.cc", "ro.cnp", "se.personnummer", "si.emso", "sk.rc",
)  # fmt: skip


# How many letters and digits each number has, written compactly: only those validators run.
_ID_LENGTHS = {
    "at.vnr": (10,), "be.nn": (11,), "bg.egn": (10,), "cz.rc": (9, 10), "de.idnr": (11,),
    "dk.cpr": (10,), "ee.ik": (11,), "es.dni": (9,), "es.nie": (9,), "fi.hetu": (10, 11), "fr.nir": (15,),
    "gr.amka": (11,), "hr.oib": (11,), "ie.pps": (8, 9), "it.codicefiscale": (16,), "lt.asmens": (11,),
    "lv.pvn": (11,), "nl.bsn": (8, 9), "pl.pesel": (11,), "pt.cc": (12,), "ro.cnp": (13,),
    "se.personnummer": (10, 12), "si.emso": (13,), "sk.rc": (9, 10),
}  # fmt: skip


@functools.cache
def _id_validators() -> dict[int, tuple[Callable[[str], bool], ...]]:
    import importlib

    by_length: dict[int, list[Callable[[str], bool]]] = {}
    for module in _ID_MODULES:
        is_valid = importlib.import_module(f"stdnum.{module}").is_valid
        for length in _ID_LENGTHS[module]:
            by_length.setdefault(length, []).append(is_valid)
    return {k: tuple(v) for k, v in by_length.items()}


_SPACE_OR_DOT = re.compile(r"[\s.]")


def _is_national_id(candidate: str) -> bool:
    if _DATE_LIKE.fullmatch(candidate):
        return False
    compact = _SPACE_OR_DOT.sub("", candidate).upper()
    validators = _id_validators().get(sum(c.isalnum() for c in compact), ())
    for is_valid in validators:
        try:
            if is_valid(compact):
                return True
        except Exception:  # noqa: BLE001 - a validator that cannot parse the value says no
            continue
    return False


class NationalIdDetector:
    """Personal identity numbers of 23 member states in their usual forms, valid checksums only."""

    name = "national_id"

    def detect(self, text: str, lang: str) -> Iterator[Finding]:
        patterns = (_HETU, _DIGITS, _DIGITS_LETTER, _ALNUM_ID)
        # The four patterns find many of the same numbers (a quarter of the candidates): each
        # distinct one is checked once per note.
        checked: dict[str, int] = {}

        def valid_length(candidate: str) -> int:
            length = checked.get(candidate)
            if length is None:
                checked[candidate] = length = _national_id_length(candidate)
            return length

        return pattern_findings(text, patterns, EntityType.ID_NUMBER, valid_length=valid_length)


def _national_id_length(candidate: str) -> int:
    return len(candidate) if _is_national_id(candidate) else 0
