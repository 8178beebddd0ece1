"""The endings a name takes in each EU language, folded like the text (ą -> a, ő -> o, ου -> oy).

A name is found with the endings of the note's language; a name of five or more letters also with
those of every other language (a Polish name declined in a Czech note). Never with any suffix:
'Rico' is not in 'Ricotta' unless the note is Finnish, where -tta is a real case ending.
"""

from __future__ import annotations

import functools

__all__ = ["ALL_ENDINGS", "endings"]

_GENITIVE_S = ("s", "es")
_TABLE: dict[str, tuple[str, ...]] = {
    "pl": ("a", "u", "owi", "em", "ie", "y", "i", "ego", "emu", "iem", "ach", "ami", "om", "ow", "owie",
           "e", "owa", "owej", "owna", "ej", "ym", "ich", "imi", "iego", "iej", "iemu", "im", "owny"),
    "cs": ("a", "u", "ovi", "em", "e", "y", "ou", "ove", "ova", "ovou", "i", "ech", "um", "ami", "ovy",
           "ovych", "ovym", "ovi", "ovo"),
    "sk": ("a", "u", "ovi", "om", "e", "y", "ou", "ova", "ovej", "ovu", "ovou", "ov", "och", "ami", "i",
           "ovi", "ovcov"),
    "sl": ("a", "u", "om", "em", "e", "i", "ju", "ov", "ev", "ih", "ema", "oma", "ah", "ova", "eva"),
    "hr": ("a", "u", "om", "em", "e", "i", "ov", "ova", "ovoj", "ovu", "ovom", "eva", "ovi", "ima", "ama"),
    "lt": ("as", "is", "us", "o", "ui", "a", "u", "e", "ai", "iene", "aite", "ams", "ui", "uose", "ie",
           "ys", "io", "iui", "iu", "yje"),
    "lv": ("s", "a", "am", "u", "ai", "i", "is", "im", "iem", "e", "es", "ei", "as"),
    "fi": ("n", "a", "ta", "ssa", "sta", "an", "en", "in", "on", "un", "hin", "han", "hen", "lla", "lta",
           "lle", "na", "ksi", "tta", "ia", "ja", "ille", "iin", "issa", "ista", "illa", "ilta", "ineen",
           "ni", "si", "nsa", "lle", "ssa", "sta"),
    "et": ("i", "d", "le", "ga", "ks", "ni", "na", "ta", "st", "s", "l", "lt", "sse", "id", "iga", "ile",
           "il", "is", "ist", "isse", "iks", "ini", "ina", "ita", "de", "te", "ile", "lt"),
    "hu": ("nak", "nek", "val", "vel", "t", "ot", "et", "at", "ba", "be", "ban", "ben", "bol", "rol",
           "tol", "hoz", "hez", "nal", "nel", "ra", "re", "ig", "kent", "ert", "ul", "ek", "ok", "ak",
           "ei", "ja", "je", "e", "ek", "tal", "tel", "on", "en", "n"),
    "el": ("oy", "ou", "o", "e", "a", "i", "on", "es", "ides", "idis", "a", "ide"),
    "bg": ("a", "ya", "ta", "to", "ut", "at", "ov", "ova", "ovi", "e"),
    "ro": ("ul", "ului", "lui", "ei", "a", "ii", "ilor"),
    "de": (*_GENITIVE_S, "ens", "n"),
    "lb": _GENITIVE_S,
    "nl": _GENITIVE_S, "en": ("s",), "sv": ("s",), "da": ("s",),
    "ga": ("a", "e", "i"),
    "mt": (), "it": (), "es": (), "pt": (), "fr": (),
}  # fmt: skip

# Hungarian instrumental and translative assimilate to a final consonant: Brenwald -> Brenwalddal.
_ASSIMILATING = {"hu": ("al", "el", "a", "e")}

ALL_ENDINGS = frozenset(e for values in _TABLE.values() for e in values)


@functools.cache
def endings(lang: str, long_name: bool) -> frozenset[str]:
    """The endings to accept in ``lang``; a long name accepts those of every language too."""
    own = frozenset(_TABLE.get(lang, ()))
    return own | ALL_ENDINGS if long_name else own


def assimilated(lang: str, word: str) -> frozenset[str]:
    """Endings that double the name's last consonant (Hungarian -val/-vel: Brenwald-dal)."""
    last = word[-1:]
    tails = _ASSIMILATING.get(lang)
    if not tails or not last or last in "aeiouy":
        return _NONE  # every language but Hungarian
    return frozenset(last + e for e in tails)


_NONE: frozenset[str] = frozenset()
