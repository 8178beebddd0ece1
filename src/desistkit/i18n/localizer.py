"""Languages: locale negotiation, gettext catalogs and Babel formatting, behind one Localizer.

    loc = get_localizer("de_AT")
    loc.text("document.goals")                        -> "Ziele"
    loc.plural("plural.goals_achieved", 3)            -> "3 Ziele erreicht"
    loc.format_date(date(2025, 3, 7))                 -> "07.03.2025"
    loc.catalogue()                                   -> the factor catalogue in German

Lookups run along a chain: an organisation's catalog directories first, then the packaged catalogs;
within each, the asked locale before its language (``de_AT`` then ``de``). A message found nowhere
falls back to the English source text with a :class:`MissingTranslationWarning`, never silently.
Localizers are immutable and cached; they are safe to share between threads.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import gettext
import io
import itertools
import os
import re
import struct
import warnings
from collections.abc import Iterable, Sequence
from decimal import Decimal
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import Any

import attrs
from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import lists as babel_lists
from babel import numbers as babel_numbers
from babel.support import Translations

from desistkit.core import model as _model
from desistkit.core.catalogue import Catalogue, default_catalogue
from desistkit.core.errors import (
    CatalogueError,
    MissingTranslationWarning,
    Problem,
    UnknownLabelError,
    UnknownLanguageError,
)
from desistkit.i18n.texts import Message, catalogue_messages, label_messages

__all__ = [
    "EU_LANGUAGES",
    "Localizer",
    "MissingTranslationWarning",
    "UnknownLanguageError",
    "available_languages",
    "get_localizer",
]

SOURCE_LANGUAGE = "en"
EU_LANGUAGES = (
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr",
    "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",
)  # fmt: skip
"""The 24 official languages of the EU (ISO 639-1), each with a packaged translation."""
DOMAIN = "desistkit"
_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$")


CatalogDirs = Sequence[str | PathLike[str]]


def available_languages(catalog_dirs: CatalogDirs = ()) -> tuple[str, ...]:
    """Languages with a catalog: English, the packaged ones, and those in the given directories."""
    found = {SOURCE_LANGUAGE, *_packaged_languages()}
    for directory in catalog_dirs:
        for path in Path(directory).glob(f"*/LC_MESSAGES/{DOMAIN}.[mp]o"):
            code = path.parts[-3]
            if _TAG.match(code):
                found.add(code.split("_")[0].lower())
    return tuple(sorted(found))


@functools.cache
def _packaged_languages() -> tuple[str, ...]:
    root = resources.files(__package__).joinpath("locales")
    if not root.is_dir():
        return ()
    return tuple(sorted(p.name for p in root.iterdir() if p.joinpath(f"LC_MESSAGES/{DOMAIN}.mo").is_file()))


def negotiate(requested: str, catalog_dirs: CatalogDirs = ()) -> Locale:
    """The Babel locale for a request such as ``de``, ``de-AT``, ``pt_BR``; clear error otherwise."""
    available = available_languages(catalog_dirs)
    tag = requested  # " EN" is refused, not guessed: a tag with spaces is a typing or paste slip
    if not _TAG.match(tag):
        raise UnknownLanguageError(requested, available)
    try:
        locale = Locale.parse(tag.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        language = tag.replace("-", "_").split("_")[0].lower()
        if language not in available:
            raise UnknownLanguageError(requested, available) from None
        locale = Locale.parse(language)
    if locale.language not in available:
        raise UnknownLanguageError(requested, available)
    return locale


def get_localizer(language: str = SOURCE_LANGUAGE, *, catalog_dirs: CatalogDirs = ()) -> Localizer:
    """A (cached) Localizer for a language or locale tag, e.g. ``"fi"``, ``"de-AT"``, ``"pt_BR"``.

    Args:
        language: A language code or locale tag; negotiated to the closest available language.
        catalog_dirs: An organisation's directories laid out ``<lang>/LC_MESSAGES/desistkit.po``
            (or ``.mo``); their wording wins over the packaged translations, and they may add languages.

    Raises:
        UnknownLanguageError: No catalog for the language; ``available`` lists those there are.
    """
    dirs = tuple(str(Path(d).resolve()) for d in catalog_dirs)
    return _localizer(language, dirs)


@functools.lru_cache(maxsize=128)
def _localizer(language: str, dirs: tuple[str, ...]) -> Localizer:
    locale = negotiate(language, dirs)
    return Localizer(locale, _translations(str(locale), dirs), dirs)


def clear_caches() -> None:
    """Forget cached localizers, catalogs and labels (after changing catalog files at run time)."""
    _localizer.cache_clear()
    _translations.cache_clear()
    _packaged_languages.cache_clear()
    label_messages.cache_clear()


class _SourceText(gettext.NullTranslations):
    """The end of every chain: the English source, with a warning unless English was asked for."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self._language = language

    def _missing(self, context: str) -> None:
        if self._language != SOURCE_LANGUAGE:
            warnings.warn(
                f"no {self._language!r} translation for {context!r}; using the English text",
                MissingTranslationWarning,
                stacklevel=4,
            )

    def pgettext(self, context: str, message: str) -> str:
        self._missing(context)
        return message

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        self._missing(context)
        return msgid1 if n == 1 else msgid2


@functools.lru_cache(maxsize=128)
def _translations(locale_tag: str, dirs: tuple[str, ...]) -> gettext.NullTranslations:
    locale = Locale.parse(locale_tag)
    chain_locales = list(dict.fromkeys([locale_tag, str(locale.language)]))
    layers: list[gettext.NullTranslations] = []
    for directory in dirs:
        for tag in chain_locales:
            layer = _load_dir(Path(directory) / tag / "LC_MESSAGES", tag, directory)
            if layer is not None:
                layers.append(layer)
    packaged = resources.files(__package__).joinpath("locales")
    for tag in chain_locales:
        mo = packaged.joinpath(f"{tag}/LC_MESSAGES/{DOMAIN}.mo")
        if mo.is_file():
            layers.append(Translations(io.BytesIO(mo.read_bytes()), domain=DOMAIN))
    layers.append(_SourceText(str(locale.language)))
    for upper, lower in itertools.pairwise(layers):
        upper.add_fallback(lower)
    return layers[0]


MAX_CATALOG_BYTES = 8 * 1024 * 1024
"""An organisation's .po or .mo file, at most: a complete catalog is about 300 KiB."""
_PLURAL_PROBES = (*range(1001), 10**4, 10**5, 10**6, 10**9)
"""The numbers an organisation's Plural-Forms rule is tried on before it is used."""


def _load_dir(directory: Path, tag: str, root: str) -> gettext.NullTranslations | None:
    """The organisation's catalog in ``directory`` (under the folder ``root``), checked before it is
    used: an organisation's folder is semi-trusted input whose words end in shared documents."""
    mo, po = directory / f"{DOMAIN}.mo", directory / f"{DOMAIN}.po"
    # present at all (a FIFO, a device, a dangling link): read, and refused if it is no file
    if os.path.lexists(mo):
        data = _read_catalog(mo, root)
        try:
            layer = Translations(io.BytesIO(data), domain=DOMAIN)
        except (OSError, ValueError, UnicodeDecodeError, LookupError, struct.error, RecursionError):
            problem = Problem(
                "",
                "is not a compiled gettext catalog this desistkit can use (check its charset and "
                "Plural-Forms); compile it again from its .po",
            )
            raise CatalogueError(str(mo), [problem]) from None
        _check_layer(layer, mo)
        return layer
    if os.path.lexists(po):
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import PoFileError, read_po

        text = _po_text(_read_catalog(po, root), po)
        try:
            catalog = read_po(io.StringIO(text), locale=tag, abort_invalid=True)
        except PoFileError as exc:
            where = f"line {exc.lineno}" if getattr(exc, "lineno", None) else ""
            raise CatalogueError(
                str(po), [Problem(where, f"is not valid .po syntax ({exc.args[0]})")]
            ) from None
        except ValueError:  # Babel reading the header: nplurals=abc
            problem = Problem("Plural-Forms", "is not 'nplurals=N; plural=EXPRESSION;'")
            raise CatalogueError(str(po), [problem]) from None
        _check_charset(catalog.charset, po)
        catalog.charset = "utf-8"  # the text was read as UTF-8; the .mo made of it says so
        # write_mo keeps plural messages with empty forms; gettext would then return "".
        for message in list(catalog):
            if message.id and isinstance(message.string, tuple) and not all(message.string):
                catalog.delete(message.id, message.context)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        buffer.seek(0)
        try:
            layer = Translations(buffer, domain=DOMAIN)
        except (ValueError, LookupError, RecursionError):  # gettext compiling the Plural-Forms rule
            problem = Problem("Plural-Forms", "is not a rule gettext can use (n, numbers and C operators)")
            raise CatalogueError(str(po), [problem]) from None
        _check_layer(layer, po)
        return layer
    return None


def _read_catalog(path: Path, root: str) -> bytes:
    """The bytes of an organisation's catalog file: inside its folder (a link out of it, say to a
    case file, is refused), a regular file, at most MAX_CATALOG_BYTES."""
    from desistkit.core.inputs import read_bounded

    def refuse(message: str) -> CatalogueError:
        return CatalogueError(str(path), [Problem("", message)])

    if not path.resolve().is_relative_to(Path(root).resolve()):
        raise refuse("is a link to a file outside the translations folder; copy the file into the folder")
    return read_bounded(path, MAX_CATALOG_BYTES, refuse)


def _po_text(data: bytes, po: Path) -> str:
    """The .po file's text: UTF-8 (a byte order mark allowed), every line checked."""
    from desistkit.core.inputs import decode_utf8

    text = decode_utf8(data, lambda message: CatalogueError(str(po), [Problem("", message)]))
    _check_po_syntax(text.splitlines(), po)
    return text


def _check_charset(charset: str, path: Path) -> None:
    """A .po file is read as UTF-8; one that declares another charset was either saved in it (then
    its bytes are not UTF-8 and are refused before) or declares it wrongly, and its words would
    come out garbled (ä as Ã¤) in documents: either way the organisation must fix the header."""
    import codecs

    try:  # "CHARSET" is the unfilled placeholder of a template (.pot): read as UTF-8 like the rest
        utf8 = charset.lower() == "charset" or codecs.lookup(charset).name == "utf-8"
    except LookupError:
        utf8 = False
    if not utf8:
        problem = Problem("Content-Type", "must declare charset=UTF-8 (save the file as UTF-8)")
        raise CatalogueError(str(path), [problem])


def _check_layer(layer: gettext.NullTranslations, path: Path) -> None:
    """What gettext accepted may still fail, or leak, when a document uses it: a Plural-Forms rule
    that divides by zero or picks a form the catalog has not, and translations whose {placeholders}
    are not the English text's (``{0.__class__}`` prints Python internals, ``{n:>999999999}`` a
    gigabyte of spaces, a field the English does not use may pull another value into the text)."""
    info = getattr(layer, "_info", {})
    found = re.search(r"nplurals\s*=\s*(\d+)", info.get("plural-forms", ""))
    count = int(found.group(1)) if found else 2
    plural: Any = getattr(layer, "plural", lambda n: int(n != 1))
    for n in _PLURAL_PROBES:
        try:
            index = plural(n)
        except Exception:  # noqa: BLE001 - ZeroDivisionError, or whatever else the rule's arithmetic raises
            index = None
        if not isinstance(index, int) or not 0 <= index < count:
            problem = Problem("Plural-Forms", f"the rule gives no form of the {count} for n = {n}")
            raise CatalogueError(str(path), [problem])
    labels = label_messages()
    for key, value in getattr(layer, "_catalog", {}).items():
        name = key[0] if isinstance(key, tuple) else key
        if not isinstance(name, str) or "\x04" not in name or not isinstance(value, str):
            continue  # the header, or a message without context: desistkit looks up none
        context, english = name.split("\x04", 1)
        label = labels.get(context)
        allowed = _fields(english) | (_fields(label.text) | _fields(label.plural or "") if label else set())
        wrong = _fields(value, strict=True) - allowed
        if wrong:
            shown = ", ".join(sorted(wrong))[:60]
            expected = ", ".join(sorted(allowed)) or "none"
            problem = Problem(
                f"msgctxt {context[:80]!r}",
                f"uses the placeholder(s) {shown}; the English text has {expected} (write them as "
                "they are there, e.g. {n})",
            )
            raise CatalogueError(str(path), [problem])


def _fields(text: str, *, strict: bool = False) -> set[str]:
    """The ``{fields}`` of a text as written: ``{n}``. With ``strict``, anything that is not a plain
    name without conversion or format (``{0}``, ``{n.__class__}``, ``{n:>9}``, ``{n!r}``, an
    unbalanced brace) is returned as written, so that it matches no English field."""
    import string

    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return {"{unbalanced braces}"} if strict else set()
    found = set()
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name.isidentifier() and not spec and not conversion:
            found.add(f"{{{name}}}")
        elif strict:
            written = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            found.add(f"{{{written}}}")
    return found


_PO_STRING = r'"(?:[^"\\]|\\.)*"\s*$'
_PO_LINE = re.compile(rf"^(?:(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?{_PO_STRING}")


def _check_po_syntax(lines: list[str], po: Path) -> None:
    """Babel reads a broken .po leniently (an unterminated string loses its last letter, a msgstr
    without msgid is kept); an organisation's wording must not go wrong silently, so every line is
    checked first: a comment, a blank line, a keyword with one quoted string, or a continuation."""
    last = ""  # the keyword of the entry being read
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            if not stripped:
                last = ""
            continue
        found = _PO_LINE.match(stripped)
        keyword = found.group(1) if found else None
        wrong = found is None or (keyword is None and not last)
        if keyword and keyword.startswith("msgstr") and last not in ("msgid", "msgid_plural", "msgstr"):
            wrong = True
        if keyword == "msgid_plural" and last != "msgid":
            wrong = True
        if wrong:
            problem = Problem(
                f"line {number}", "is not valid .po syntax (check quotes and msgid/msgstr pairs)"
            )
            raise CatalogueError(str(po), [problem])
        if keyword:
            last = keyword.split("[")[0]


_ENUM_KEYS: dict[type[enum.Enum], str] = {
    _model.Stance: "stance.{}.name",
    _model.Perspective: "perspective.{}",
    _model.Valence: "valence.{}",
    _model.Priority: "priority.{}",
    _model.GoalStatus: "goal_status.{}",
    _model.GoalAgreement: "goal_agreement.{}",
    _model.Setting: "setting.{}",
    _model.SessionKind: "session_kind.{}",
    _model.ConferenceOccasion: "conference.occasion.{}",
    _model.ActionStatus: "conference.action_status.{}",
}


_KEPT = 1024  # a localizer's cached numbers, at most (then forgotten and made again); catalogues: 16


@attrs.frozen(repr=False)
class Localizer:
    """Texts and formats for one locale. Get one with [get_localizer][desistkit.get_localizer]."""

    locale: Locale
    _translations: gettext.NullTranslations = attrs.field(alias="translations")
    catalog_dirs: tuple[str, ...] = ()
    # A document asks for the same few counts and the same catalogue many times (a deck: ~45 numbers
    # at ~15 µs each in Babel, the catalogue at ~0.5 ms); each is made once per localizer.
    _numbers: dict[int, str] = attrs.field(factory=dict, init=False, repr=False, eq=False)
    _catalogues: dict[int, tuple[Catalogue, Catalogue]] = attrs.field(
        factory=dict, init=False, repr=False, eq=False
    )

    def __repr__(self) -> str:
        return f"<Localizer {self.locale}>"

    @property
    def language(self) -> str:
        """The language code, e.g. ``de`` for ``de_AT``."""
        return str(self.locale.language)

    @property
    def tag(self) -> str:
        """A BCP 47 tag with a region, for ``a:lang`` / ``w:lang``: ``de-AT``, or ``de-DE`` for ``de``."""
        territory = self.locale.territory or Locale.parse(_likely(self.language)).territory
        return f"{self.language}-{territory}" if territory else self.language

    # --- texts ---------------------------------------------------------------------------------

    def text(self, key: str, **fields: Any) -> str:
        """A label in this language, with ``{fields}`` filled in."""
        message = _label(key)
        translated = self._translations.pgettext(key, message.text)
        return translated.format(**fields) if fields else translated

    def plural(self, key: str, n: int, **fields: Any) -> str:
        """A plural label for ``n`` (formatted for the locale as ``{n}``)."""
        message = _label(key)
        if message.plural is None:
            raise UnknownLabelError(f"label {key!r} has no plural form")
        translated = self._translations.npgettext(key, message.text, message.plural, n)
        return translated.format(n=self.format_number(n), **fields)

    def enum(self, member: enum.Enum) -> str:
        """The label of a model value: a stance, valence, priority, setting, goal status, ..."""
        pattern = _ENUM_KEYS.get(type(member))
        if pattern is None:
            raise UnknownLabelError(f"no label for {type(member).__name__}")
        return self.text(pattern.format(member.value))

    def audience(self, audience: str, *, marking: bool = False) -> str:
        """An audience's name (``case-conference``), or its marking sentence for document titles.

        An audience of an organisation's own policy (``funder``) has no built-in label: its name and
        marking come from the organisation's catalog directory (msgctxt ``audience.funder.name`` and
        ``audience.funder.marking``), and are the audience's id until it provides them.
        """
        key = f"audience.{audience.replace('-', '_')}.{'marking' if marking else 'name'}"
        if key in label_messages():
            return self.text(key)
        return self._translations.pgettext(key, audience)

    def catalogue(self, catalogue: Catalogue | None = None) -> Catalogue:
        """The catalogue with names, descriptions and questions in this language (same ids)."""
        source = catalogue or default_catalogue()
        found = self._catalogues.get(id(source))
        if found is not None and found[0] is source:
            return found[1]
        if len(self._catalogues) >= 16:
            self._catalogues.clear()
        translated = self._translated(source)
        self._catalogues[id(source)] = (source, translated)  # keeps source: its id stays its own
        return translated

    def _translated(self, source: Catalogue) -> Catalogue:
        t = self._translations.pgettext
        categories = {
            c.id: attrs.evolve(
                c,
                name=t(f"category.{c.id}.name", c.name),
                description=t(f"category.{c.id}.description", c.description),
            )
            for c in source.categories
        }

        def factor(f: Any) -> Any:
            return attrs.evolve(
                f,
                category=categories[f.category.id],
                name=t(f"factor.{f.id}.name", f.name),
                description=t(f"factor.{f.id}.description", f.description),
                questions=tuple(t(f"factor.{f.id}.question.{n}", q) for n, q in enumerate(f.questions, 1)),
            )

        return Catalogue(
            categories=tuple(categories.values()),
            factors=tuple(factor(f) for f in source.factors),
            hidden=tuple(factor(f) for f in source.hidden),
            source=source.source,
        )

    def missing(self, catalogue: Catalogue | None = None) -> tuple[str, ...]:
        """Keys of the messages (labels and catalogue) that have no translation in this language."""
        if self.language == SOURCE_LANGUAGE:
            return ()
        messages: Iterable[Message] = (
            *label_messages().values(),
            *catalogue_messages(catalogue or default_catalogue()),
        )
        return tuple(m.key for m in messages if not self._has(m))

    def _has(self, message: Message) -> bool:
        layer: gettext.NullTranslations | None = self._translations
        key = f"{message.key}\x04{message.text}"
        while layer is not None and not isinstance(layer, _SourceText):
            found = getattr(layer, "_catalog", {})
            if key in found or (key, 0) in found:
                return True
            layer = getattr(layer, "_fallback", None)
        return False

    # --- formats -------------------------------------------------------------------------------

    def format_date(self, day: dt.date, format: str = "medium") -> str:
        """A date as the locale writes it (``short``, ``medium``, ``long``, ``full``)."""
        return babel_dates.format_date(day, format=format, locale=self.locale)

    def format_month(self, day: dt.date) -> str:
        """Month and year, e.g. ``März 2025``."""
        return babel_dates.format_skeleton("yMMMM", day, locale=self.locale)

    def format_number(self, number: int | float | Decimal) -> str:
        """A number with the locale's grouping and decimal signs (French: narrow no-break spaces)."""
        if type(number) is not int:  # floats (-0.0 == 0.0) and Decimals (1.0 == 1.00) not cached
            return babel_numbers.format_decimal(number, locale=self.locale)
        found = self._numbers.get(number)
        if found is None:
            if len(self._numbers) >= _KEPT:
                self._numbers.clear()
            found = self._numbers[number] = babel_numbers.format_decimal(number, locale=self.locale)
        return found

    def format_percent(self, number: float | Decimal) -> str:
        """A fraction as a percentage, e.g. 0.25 -> ``25 %`` in German."""
        return babel_numbers.format_percent(number, locale=self.locale)

    def format_list(self, items: Sequence[str]) -> str:
        """``a, b and c`` in the locale's words."""
        return babel_lists.format_list(list(items), locale=self.locale)


@functools.cache
def _likely(language: str) -> str:
    from babel.core import get_global

    subtags = get_global("likely_subtags")
    return str(subtags.get(language, language))


def _label(key: str) -> Message:
    labels = label_messages()
    try:
        return labels[key]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(key, list(labels), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise UnknownLabelError(f"unknown label {key!r}{hint}") from None
