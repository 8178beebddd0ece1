"""Names of people the case record does not list (other inmates, a cousin, a recruiter), offline.

A capitalised word is taken for a name when one of these holds, in this order:

1. it is on the given-name or surname list of the note's language or of the names frequent in
   exit work (Arabic, Turkish, Chechen, Albanian, Bosnian, Ukrainian), also with a case ending of
   the language, and is not an ordinary word of the language (``_data/names.txt``, ``NOTICE.md``);
2. a title stands before it (Herr, Mme, pan): then even an ordinary word is a name (Herr Koch);
3. a kinship word, a verb of meeting or calling, "named" or a preposition stands before it, or a
   verb of speech after it (``_data/cues.toml``), and it is not an ordinary word;
4. it stands inside a sentence, in a language that does not capitalise nouns (not German or
   Luxembourgish), and it is not an ordinary word.

Ordinary words are those of the project's catalogs in the language (thousands of words of casework),
Babel's month, day, country, language and city names, the full month and day names of every EU
language that are on no name list, and the short lists of ``cues.toml``. The language is the note's:
where its stop words clearly say it is written in another one than it was passed with, that one's
rules apply (:func:`_written_in`). Next
capitalised words (given name + surname, "van der", an initial) join the name as one span; a list
name that is also an ordinary word counts only there (Thomas Koch) or after a title.
"""

from __future__ import annotations

import functools
import itertools
import re
from importlib import resources

from desistkit.core import _toml as tomllib
from desistkit.sharing.redaction._endings import endings
from desistkit.sharing.redaction._fold import fold_word
from desistkit.sharing.redaction._leftovers import _at_sentence_start, _calendar_words
from desistkit.sharing.redaction._normalise import view
from desistkit.sharing.redaction._patterns import alternation, led_by_class
from desistkit.sharing.redaction._types import EntityType, Finding

__all__ = ["ThirdPartyNameDetector"]

_LETTERS = r"[^\W\d_]"


@functools.cache
def _upper() -> str:
    """The capital letters below U+2000, escaped for a character class: made on first use (with
    _capitalised), as most processes import the detector but never look for names."""
    return "".join(re.escape(c) for c in map(chr, range(0x41, 0x2000)) if c.isupper() and c.isalpha())


@functools.cache
def _capitalised() -> re.Pattern[str]:
    """A capitalised word, with apostrophes and hyphens inside (O'Brien, Jean-Pierre, Al-Hassan),
    or after an elided article (d'Ahmed, l'Ana). The capital first and what may stand before it
    checked after it (the same matches): a pattern that starts with a character class lets the
    engine skip to the next capital, one that starts with a look-behind is tried at every
    position (4x slower)."""
    return re.compile(
        rf"[{_upper()}](?:(?<![\w'’-].)|(?<=(?<!\w)[dlDL]['’].)){_LETTERS}*(?:['’-]{_LETTERS}+)*"
    )


_PARTICLES = (
    "van|von|de|der|den|di|da|del|della|dos|das|du|le|la|al|el|bin|ben|ibn|abu|ter|ten|zu|mac|ó|ní|nic|ua"
)
# What may stand between two parts of one name: space on one line, particles, an initial's dot.
_GAP = re.compile(rf"\.?[ \t\u00a0]+(?:(?:{_PARTICLES})[ \t\u00a0]+)*", re.IGNORECASE)
# What a gap starts with (a dot or a space: no other character matches them ignoring case).
_GAP_FIRST = frozenset(". \t\u00a0")
# German and Luxembourgish capitalise every noun: a capital there says nothing about a name.
_NOUN_CAPITALS = frozenset({"de", "lb"})
# Determiners before a capitalised German word make it a noun, not a name ("die Mutter sagte").
_DETERMINERS = frozenset((
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines", "sein",
    "seine", "seinen", "seinem", "seiner", "ihr", "ihre", "ihren", "ihrem", "ihrer", "mein", "meine",
    "meinen", "meinem", "meiner", "dein", "deine", "unser", "unsere", "euer", "eure", "kein", "keine",
    "keinen", "diese", "dieser", "diesen", "diesem", "jeder", "jede", "jeden", "alle", "beim", "vom",
    "zum", "zur", "im", "am", "welche", "welcher", "welches", "welchen", "jene", "jener", "jenes",
    "manche", "viele", "einige", "mehrere", "unsere", "unserer", "ihres", "seines",
))  # fmt: skip
_PRECEDING = re.compile(r"(\w+)[ \t]+$")
_PARTICLE_BEFORE = re.compile(rf"(?<!\w)(?:{_PARTICLES})[ \t\u00a0]+$", re.IGNORECASE)


def _data(name: str) -> str:
    return resources.files(__package__).joinpath("_data").joinpath(name).read_text("utf-8")


@functools.cache
def _cues() -> dict[str, dict[str, list[str]]]:
    return tomllib.loads(_data("cues.toml"))


@functools.cache
def _name_lists() -> dict[str, frozenset[str]]:
    """Folded names per language ("xx": any language), given names and surnames together."""
    out: dict[str, set[str]] = {}
    for line in _data("names.txt").splitlines():
        lang, _kind, *names = line.split()
        out.setdefault(lang, set()).update(names)
    return {lang: frozenset(names) for lang, names in out.items()}


def _stems(names: frozenset[str]) -> frozenset[str]:
    """Names without their nominative ending, to find them declined (Kowalski -> Kowalskiego)."""
    out = set()
    for n in names:
        if len(n) >= 4 and n[-1] in "aeiouy":
            out.add(n[:-1])
        if len(n) >= 5 and n[-2:] in ("os", "as", "is", "us", "es", "ys"):
            out.add(n[:-2])
    return frozenset(out)


@functools.cache
def _stopwords() -> dict[str, frozenset[str]]:
    """spaCy's stop words of each language, folded (``_data/stopwords.txt``, ``NOTICE.md``)."""
    lines = (line.split() for line in _data("stopwords.txt").splitlines() if line.strip())
    return {lang: frozenset(words) for lang, *words in lines}


@functools.cache
def _long_names() -> frozenset[str]:
    """Names of every language from five letters: shorter ones are too often words elsewhere.
    One set for all languages (each language adds only its own and the exit-work names)."""
    return frozenset(n for names in _name_lists().values() for n in names if len(n) >= 5)


class _Names:
    """The names of one language and of exit work, and the long names of every language."""

    def __init__(self, near: frozenset[str]) -> None:
        self.near = near
        self.long = _long_names()

    def __contains__(self, folded: object) -> bool:
        return folded in self.near or folded in self.long


@functools.cache
def _catalog_words(lang: str) -> frozenset[str]:
    """The folded words of the project's catalog in ``lang`` (English: the source texts)."""
    from babel.messages.mofile import read_mo

    root = resources.files("desistkit.i18n").joinpath("locales")
    mo = root.joinpath(f"{'de' if lang == 'en' else lang}/LC_MESSAGES/desistkit.mo")
    if not mo.is_file():
        return frozenset()
    with mo.open("rb") as f:
        catalog = read_mo(f)
    words: set[str] = set()
    for message in catalog:
        texts = message.id if lang == "en" else message.string
        for text in texts if isinstance(texts, (tuple, list)) else (texts,):
            words.update(re.findall(r"[^\W\d_]{2,}", fold_word(text or "")))
    return frozenset(words)


@functools.cache
def _babel_words(lang: str) -> frozenset[str]:
    """Month, day, country, language and city names of ``lang``: capitalised, never a person."""
    from babel import Locale

    try:
        locale = Locale.parse(lang)
    except Exception:  # noqa: BLE001 - an unknown language simply has no such words
        return frozenset()
    calendar = [names.values() for part in (locale.months, locale.days)
                for context in part.values() for names in context.values()]  # fmt: skip
    texts = [
        *(n for names in calendar for n in names),
        *locale.territories.values(),
        *locale.languages.values(),
    ]
    texts += [str(zone.get("city", "")) for zone in locale.time_zones.values()]
    # Only one-word names: the words of "Costa Rica" or "Saint-Martin" are also people's names.
    return frozenset(w for t in texts if re.fullmatch(r"[^\W\d_]{2,}(?:-[^\W\d_]+)*", w := fold_word(t)))


@functools.cache
def _all_names() -> frozenset[str]:
    """Every name on the lists, of every language, folded."""
    return frozenset().union(*_name_lists().values())


# A word folded, cached: the same words come back in every note.
_folded = functools.lru_cache(maxsize=65536)(fold_word)

# The stop word languages in a fixed order, and how many bits each one's count takes in a packed
# number (a note of a million words still fits).
_COUNT_BITS = 20


@functools.cache
def _stop_word_languages() -> tuple[tuple[str, ...], dict[str, int]]:
    """The languages of the stop word lists, and each stop word of two letters or more (folded)
    with the languages it is one of, packed: 1 << (_COUNT_BITS * i) for the i-th language. Summing
    the packed numbers of a note's words counts its stop words of every language at once."""
    stopwords = _stopwords()
    languages = tuple(sorted(stopwords))
    packed: dict[str, int] = {}
    for i, lang in enumerate(languages):
        for word in stopwords[lang]:
            if len(word) >= 2:
                packed[word] = packed.get(word, 0) | 1 << (_COUNT_BITS * i)
    return languages, packed


# Punctuation that sticks to a word ("aufgewühlt.").
_PUNCTUATION = ".,;:!?()[]{}\"'«»„“”‚‘’…/-"


def _written_in(text: str, lang: str) -> str:
    """The language ``text`` is written in when it is clearly not ``lang``, else ``lang``.

    Notes come with the caller's language, not the note's (the CLI's --lang defaults to en): a
    German note passed as English had every noun taken for a name. The words in lower case that
    are stop words decide: another language is chosen only if it alone has the most of them, at
    least three, and at least twice as many as ``lang`` and two more. On the 11,028 notes of the
    replay corpus, each passed in its own language, it never chose another one; passed as English,
    two thirds were recognised (the others have too few stop words to tell) and 7 got a wrong one.
    """
    # The words in lower case, without the punctuation around them, folded as the stop words are.
    words = [w.strip(_PUNCTUATION) for w in text.split() if w.islower()]
    if len(words) < 3:
        return lang
    languages, packed = _stop_word_languages()
    hits = [x for x in map(packed.get, [w if w.isascii() else _folded(w) for w in words]) if x]
    total = sum(hits)
    mask = (1 << _COUNT_BITS) - 1
    own = (total >> (_COUNT_BITS * languages.index(lang))) & mask if lang in languages else 0
    if len(hits) < 2 * own + 2 or len(hits) < 3:
        return lang  # no language can have enough (the usual case: most are of ``lang``)
    counts = [(total >> (_COUNT_BITS * i)) & mask for i in range(len(languages))]
    most = max(counts)
    if most < 3 or counts.count(most) > 1 or most < 2 * own + 2:
        return lang
    return languages[counts.index(most)]


def _alternatives(words: list[str]) -> str:
    # Longest first, as a trie: the same matches as the flat alternation, far fewer tries per
    # position (the cue patterns are compiled with re.IGNORECASE).
    return alternation(words, ignorecase=True)


class _Language:
    """What the detector knows of one language, built once per process."""

    def __init__(self, lang: str) -> None:
        lists = _name_lists()
        cues = _cues()
        own = cues.get(lang, {})
        self.capitals_mark_names = lang not in _NOUN_CAPITALS
        self.german = lang in _NOUN_CAPITALS
        # Names of other EU languages only from five letters: shorter ones are too often words.
        near = lists.get(lang, frozenset()) | lists.get("xx", frozenset())
        self.names = _Names(near)
        self.stems = _stems(near)  # declined: only names of the language and of exit work
        listed_ordinary = [*own.get("ordinary", []), *cues.get("common", {}).get("ordinary", [])]
        kinds = ("titles", "titles_after", "before", "after", "possessed")
        cue_words = [w for key in kinds for c in own.get(key, []) for w in c.split()]
        self.cue_words = frozenset(fold_word(w).strip(".") for w in cue_words)
        listed_words = frozenset(
            w for t in listed_ordinary for w in re.findall(r"[^\W\d_]{2,}", fold_word(t))
        )
        # A place of Babel's that is also a common name of the language (Martin) counts as a name;
        # the words written into cues.toml as ordinary stay ordinary.
        places = (_babel_words(lang) - near) | listed_words
        # The month and day names of the language, but not those that are a name on any list (Maja,
        # Juni, Freitag, Sobota, Julio, Avril). Only the language's own: another language's month is
        # a given name as often ("Met Mai at the office", "Juli", "Augustus"); a note written in
        # another language than it is passed with is read in its own where its words say so.
        calendar = _calendar_words(lang) - _all_names() if lang in _stopwords() else frozenset()
        self.ordinary = (
            _catalog_words(lang) | _stopwords().get(lang, frozenset()) | places | calendar | self.cue_words
        )
        # Places declined: w Krakowie, v Košiciach, της Θεσσαλονίκης: the place, or the place
        # without its final vowel, and a case ending of the language (stems of 4+ letters).
        self.place_stems = frozenset(p for p in places if len(p) >= 4) | frozenset(
            p[:-1] for p in places if len(p) >= 5 and p[-1] in "aeiouy"
        )
        self.endings = tuple(sorted(endings(lang, False), key=len, reverse=True))
        self.place_endings = endings(lang, False) | {"s"}
        upper = f"(?=[{_upper()}])"
        # rf"(?<!\w)(?:{titles})[ \t\u00a0]+{upper}" ignoring case, led by a class of letters.
        self.titles = self._led(own.get("titles", []), rf"(?i:[ \t\u00a0]+{upper})")
        self.before = self._led(own.get("before", []), rf"(?i:[ \t\u00a0]+{upper})")
        inverted = own.get("inverted", [])
        subject = rf"(?![ \t]+(?:{_alternatives(inverted)})(?!\w))" if inverted else ""
        self.after = self._compile(own.get("after", []), r"(?<=\w)(?:[ \t]*,)?[ \t]+(?:{})(?!\w)" + subject)
        self.titles_after = self._compile(own.get("titles_after", []), r"(?<=\w)[ \t]+(?:{})(?!\w)")
        self.possessed = self._compile(own.get("possessed", []), r"(?<=[sß'’])[ \t]+(?:{})(?!\w)")

    @staticmethod
    def _led(words: list[str], after: str) -> re.Pattern[str] | None:
        """The words (ignoring case) after no word character, then ``after``: led by the class of
        the words' first letters, which the engine scans for (:func:`led_by_class`)."""
        return re.compile(led_by_class(words) + after) if words else None

    @staticmethod
    def _compile(words: list[str], template: str) -> re.Pattern[str] | None:
        if not words:
            return None
        return re.compile(template.format(_alternatives(words)), re.IGNORECASE)

    def listed(self, folded: str) -> bool:
        """Whether a folded word is a listed name, as it stands or with a case ending."""
        if folded in self.names:
            return True
        for ending in self.endings:
            if folded.endswith(ending) and len(folded) - len(ending) >= 3:
                stem = folded[: -len(ending)]
                if stem in self.names or stem in self.stems:
                    return True
        return False

    def is_ordinary(self, folded: str) -> bool:
        if folded in self.ordinary:
            return True
        if folded and "'" not in folded and "’" not in folded and "-" not in folded:
            return self._ordinary_part(folded)  # one part: no splitting (most words)
        return all(self._ordinary_part(part) for part in _WORD_PARTS.split(folded) if part)

    def _ordinary_part(self, folded: str) -> bool:
        if folded in self.ordinary:
            return True
        # A place with a case ending of the language (w Krakowie, της Θεσσαλονίκης).
        stems = self.place_stems
        for k in range(max(4, len(folded) - 4), len(folded)):
            if folded[:k] in stems and folded[k:] in self.place_endings:
                return True
        return False


_WORD_PARTS = re.compile(r"['’-]")


@functools.cache
def _language(lang: str) -> _Language:
    return _Language(lang)


class ThirdPartyNameDetector:
    """Names of people the case does not list, in notes in any of the 24 EU languages, offline.

    Built in and named ``names``: an organisation replaces it with its own (e.g.
    :class:`SpacyNameDetector` over its spaCy pipeline) by passing a detector of that name.
    Findings are :attr:`EntityType.PERSON` without a number: ``[PERSON]``.
    """

    name = "names"

    def detect(self, text: str, lang: str) -> list[Finding]:
        v = view(text)
        t = v.text
        tokens, words, names, weak, unknown = _classify(t, lang)
        if not tokens:
            return []
        # A word taken for a name though on no list (a capital inside a sentence, after a cue), or
        # a listed one that is a stop word somewhere (Che, Will), may be a word of the language the
        # note is really written in: that language decides. (Most notes' names are neither.)
        stops = _stop_word_languages()[1]
        doubtful = any(not w[2] or w[0] in stops for w in itertools.compress(words, names))
        if doubtful and (written := _written_in(t, lang)) != lang:
            lang = written
            tokens, words, names, weak, unknown = _classify(t, lang)
        language = _language(lang)
        joinable = weak
        n = len(tokens)
        if language.german:
            # A name in the genitive (Brenners, Ahmeds) is followed by the noun it owns.
            genitive = [w[6] for w in words]
            # Nouns do not come in pairs without an article: two unknown capitalised words next to
            # each other are a given name and a surname ("um Pozepn Ruvanim"), or a name in the
            # genitive and a noun ("Brenners Geburtstag").
            for i in range(n - 1):
                if unknown[i] and unknown[i + 1]:
                    gap = t[tokens[i][1] : tokens[i + 1][0]]
                    if gap.strip(" \t\u00a0") == "" and "\n" not in gap:
                        names[i] = True
                        names[i + 1] = not genitive[i]
            joinable = [w and not g for w, g in zip(weak, [False, *genitive], strict=False)]
            # "Erwerbsarbeit von Frauen": a noun after a particle does not join a name.
            joinable = [j and not _PARTICLE_BEFORE.search(t, max(0, s - 12), s) for j, (s, _, _) in
                        zip(joinable, tokens, strict=True)]  # fmt: skip
        if True not in names:
            return []  # no name to spell again, none to join
        # One person, one spelling per note: a name found once is found at a sentence start too.
        found = {w[0] for w, name in zip(words, names, strict=True) if name}
        for i, w in enumerate(words):
            if not names[i] and (unknown[i] or weak[i]) and w[0] in found:
                names[i] = True
        # Whether each word continues the name before it, asked once per pair (joining and
        # spanning both ask).
        links = [_adjacent(t, tokens[i], tokens[i + 1][0]) for i in range(n - 1)]
        _join_neighbours(links, names, joinable)
        out = []
        i = 0
        while i < n:
            if not names[i]:
                i += 1
                continue
            j = i
            while j + 1 < n and names[j + 1] and links[j]:
                j += 1
            out.append(Finding(*v.span(tokens[i][0], tokens[j][1]), EntityType.PERSON, self.name))
            i = j + 1
        return out


# What _word knows of a capitalised word: its folded form; whether it is an ordinary word of the
# language, a listed name, an ordinary English word, a cue word; whether it is an initial or an
# acronym; whether it may be a name in the German genitive.
_Word = tuple[str, bool, bool, bool, bool, bool, bool]


def _classify(
    t: str, lang: str
) -> tuple[list[tuple[int, int, str]], list[_Word], list[bool], list[bool], list[bool]]:
    """The capitalised words of ``t`` (start, end, word), what :func:`_word` knows of each, and for
    each: a name; a word that may join a name next to it (weak); a word on no list and no ordinary
    word (unknown). One pass over the words as the pattern finds them."""
    tokens: list[tuple[int, int, str]] = []
    words: list[_Word] = []
    names: list[bool] = []
    weak: list[bool] = []
    unknown: list[bool] = []
    language: _Language | None = None
    title_ends: set[int] = set()
    titled: set[int] = set()
    # Where a cue before a name ends, where one after a name starts: each scan (a long list of
    # cues) made on first need, and only for a word it can concern. A cue before a name ends with
    # a space, tab or no-break space right before the word; one after a name (and a possessed
    # noun) starts with a space, tab or comma right after it (tests/test_redaction_fast_paths.py).
    before: set[int] | None = None
    after: set[int] | None = None
    for m in _capitalised().finditer(t):
        if language is None:  # the first capitalised word: what decides for all of them
            language = _language(lang)
            title_ends = _ends(language.titles, t)
            if language.titles_after is not None:
                titled = {x.start() for x in language.titles_after.finditer(t)}
        start, end = m.span()
        word = m.group()
        info = _word(lang, word)
        tokens.append((start, end, word))
        words.append(info)
        name = joins = alone = False
        _, ordinary, listed, english, cue, initial, _ = info
        if start in title_ends or end in titled:
            name = True
        elif cue or (language.german and _after_determiner(t, start)):
            pass
        else:
            # Where the sentence starts is looked up only when it decides (an English word, a capital).
            ordinary = ordinary or (english and _at_sentence_start(t, start))
            if listed and not ordinary:
                name = True
            elif ordinary or initial:  # an ordinary word, an initial, an acronym
                joins = listed or len(word) == 1
            elif language.capitals_mark_names and not _at_sentence_start(t, start):
                name = True
            else:
                if start and t[start - 1] in " \t\u00a0":
                    if before is None:
                        before = _ends(language.before, t)
                    name = start in before
                if not name and end < len(t) and t[end] in " \t,":
                    if after is None:
                        after = {x.start() for cue in (language.after, language.possessed) if cue
                                 for x in cue.finditer(t)}  # fmt: skip
                    name = end in after
                joins = alone = not name
        names.append(name)
        weak.append(joins)
        unknown.append(alone)
    return tokens, words, names, weak, unknown


@functools.lru_cache(maxsize=65536)
def _word(lang: str, word: str) -> _Word:
    """A capitalised word folded; whether it is an ordinary word of ``lang``, a listed name, an
    ordinary English word (English words start sentences in notes of every language: "Team"), a
    cue word; whether it is an initial or an acronym; whether it may be a name in the German
    genitive. Cached: the same words come back in every note."""
    language = _language(lang)
    folded = fold_word(word)
    english = lang != "en" and _language("en").is_ordinary(folded)
    initial = len(word) < 2 or word.isupper()
    genitive = language.german and word.endswith(("s", "'")) and folded not in language.names
    return (folded, language.is_ordinary(folded), language.listed(folded), english,
            folded in language.cue_words, initial, genitive)  # fmt: skip


def _ends(pattern: re.Pattern[str] | None, text: str) -> set[int]:
    return {m.end() for m in pattern.finditer(text)} if pattern is not None else set()


def _after_determiner(text: str, start: int) -> bool:
    found = _PRECEDING.search(text, max(0, start - 16), start)
    return found is not None and found.group(1).casefold() in _DETERMINERS


def _adjacent(text: str, left: tuple[int, int, str], start: int) -> bool:
    """Whether the next word at ``start`` continues the name ending with ``left`` (a dot only
    after an initial: "J. Brenti", never "Brenti. Then")."""
    end = left[1]
    if end >= start or text[end] not in _GAP_FIRST:
        return False  # the gap starts with a dot or a space: most words are not next to each other
    gap = _GAP.fullmatch(text, end, start)
    return gap is not None and (not gap.group().startswith(".") or len(left[2]) == 1)


def _join_neighbours(links: list[bool], names: list[bool], weak: list[bool]) -> None:
    """A capitalised word next to a name that could be a name joins it (Thomas Koch, J. Brenti);
    ``links[i]``: whether word ``i + 1`` is next to word ``i`` (:func:`_adjacent`)."""
    changed = True
    while changed:
        changed = False
        for i, link in enumerate(links):
            if not link or names[i] == names[i + 1]:
                continue
            k = i + 1 if names[i] else i
            if weak[k]:
                names[k], changed = True, True
