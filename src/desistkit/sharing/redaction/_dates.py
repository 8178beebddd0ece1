"""Finding one date however a note writes it, in any of the 24 languages, with one regular expression.

Rather than render the birth date in every format (hundreds of strings per case, compiled anew for
each case), every date-shaped phrase is found once with a pattern built from the month names of all
EU locales (Babel's CLDR data, folded like the text), then parsed and compared with the date wanted.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator

from desistkit.sharing.redaction._fold import fold_word

__all__ = ["find_date"]

_LOCALES = (
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt", "lv",
    "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv", "en_GB",
)  # fmt: skip


@functools.cache
def _months() -> dict[str, frozenset[int]]:
    """Folded month name or abbreviation -> the month numbers it names (listopad: 10 in hr, 11 in pl)."""
    from babel import Locale

    names: dict[str, set[int]] = {}
    for tag in _LOCALES:
        months = Locale.parse(tag).months
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in months[context][width].items():
                    folded = fold_word(name).strip(". ")
                    if len(folded) >= 3:
                        names.setdefault(folded, set()).add(number)
    return {k: frozenset(v) for k, v in names.items()}


def _alternatives(names: list[str], depth: int) -> str:
    """``names`` as one alternation, longest first, shared first letters written once up to
    ``depth`` (ma(?:r(?:s|zo)|...)): the engine no longer tries each of 400 names at every word.
    Only names that start alike are grouped, each group in the given order, so the same name
    wins as in the flat alternation."""
    if depth == 0 or not all(names):
        return "|".join(re.escape(name) for name in names)
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(name[0], []).append(name[1:])
    return "|".join(f"{re.escape(c)}(?:{_alternatives(rests, depth - 1)})" for c, rests in groups.items())


@functools.cache
def _pattern() -> re.Pattern[str]:
    month = _alternatives(sorted(_months(), key=len, reverse=True), 2)
    m = rf"(?P<m>{month})\.?"
    d = r"(?P<d>\d{1,2})"
    y = r"(?P<y>\d{4}|\d{2})"
    textual = [
        rf"{d}\.?\s*(?:de\s+|of\s+|ta.?\s*)?{m},?\s*(?:de\s+|del\s+)?{y}",  # 7. März 1994, 7 de marzo de 1994
        rf"{m}\s+{d}(?:st|nd|rd|th)?,?\s*{y}",  # March 7, 1994
        rf"{y}\.?\s*(?:m\.\s*)?{m}\s*{d}\.?(?:\s*d\.)?",  # 1994. március 7., 1994 m. kovo 7 d.
        rf"{y}\.\s*gada\s*{d}\.\s*{m}",  # 1994. gada 7. marts
    ]
    numeric = [
        r"(?P<a>\d{1,2})\s*[./-]\s*(?P<b>\d{1,2})\s*[./-]\s*(?P<c>\d{4}|\d{2})",  # 07.03.1994, 3/7/94
        r"(?P<iy>\d{4})\s*[./-]\s*(?P<im>\d{1,2})\s*[./-]\s*(?P<id>\d{1,2})",  # 1994-03-07, 1994. 03. 07.
        r"(?P<cy>\d{4})(?P<cm>\d{2})(?P<cd>\d{2})",  # 19940307
    ]
    alternatives = [f"(?:{p})" for p in textual] + [f"(?:{p})" for p in numeric]
    # Each alternative names its groups; give each a unique suffix so they can share one pattern.
    joined = [re.sub(r"\(\?P<(\w+)>", rf"(?P<\g<1>{i}>", alt) for i, alt in enumerate(alternatives)]
    return re.compile(r"(?<![\w])(?:" + "|".join(joined) + r")(?![\w])")


_SUFFIX = re.compile(r"\d+$")  # the alternative's number after a group's name
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")


def _year_matches(text: str, year: int) -> bool:
    return int(text) == year if len(text) == 4 else int(text) == year % 100


def find_date(folded: str, day: dt.date) -> Iterator[tuple[int, int]]:
    """Spans of ``folded`` text (see :func:`fold`) that write the date ``day``."""
    # Every form writes the day's number and the year's last two digits; most notes have neither,
    # and the month-name pattern is slow to try at every word. (Digits of other scripts also
    # match the pattern: then it runs.)
    if (f"{day.year % 100:02d}" not in folded or str(day.day) not in folded) and (
        folded.isascii() or not _OTHER_DIGIT.search(folded)
    ):
        return
    months = _months()
    for match in _pattern().finditer(folded):
        groups = {_SUFFIX.sub("", k): v for k, v in match.groupdict().items() if v is not None}
        if "m" in groups:
            ok = (int(groups["d"]) == day.day and day.month in months.get(groups["m"].strip(". "), ())
                  and _year_matches(groups["y"], day.year))  # fmt: skip
        elif "a" in groups:
            a, b = int(groups["a"]), int(groups["b"])
            ok = _year_matches(groups["c"], day.year) and (
                (a, b) == (day.day, day.month) or (a, b) == (day.month, day.day)
            )
        elif "iy" in groups:
            ok = (int(groups["iy"]), int(groups["im"]), int(groups["id"])) == (day.year, day.month, day.day)
        else:
            ok = (int(groups["cy"]), int(groups["cm"]), int(groups["cd"])) == (day.year, day.month, day.day)
        if ok:
            yield match.start(), match.end()
