"""Reading a CaseReflector deck back into a case: boxes found by name, never by position.

A blank or generated deck that a caseworker filled or edited in PowerPoint or LibreOffice Impress
becomes a new session of a case, or (with a conference id) one agency's contribution to a case
conference of the case (:mod:`desistkit.importing._contribution`). What is read: the stance boxes of
each factor (``<factor>:known``, ``:assumed``, ``:open``, and their continuations ``:2``, ``:3``),
one note per paragraph with its perspective in brackets; the assessment box (valence, rating, and
priorities as "Client's priority: High"); goals (``goal:<id>:<field>``); the case reference and the
date of the reflection on the title slide; the agency a blank deck was made for. What cannot be read
is reported by slide and shape, never guessed. The priorities a generated deck shows under a
factor's name, gender-lens and discrimination notes are shown in the deck but not read back.

The deck is untrusted: :func:`~desistkit.formats.package.open_package` checks its size, entry
count and compression ratios and refuses DTDs before anything is parsed; XML is then parsed without
entities or network access, and only the slide parts are read.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
from lxml import etree

from desistkit.core import model
from desistkit.core.catalogue import Catalogue, default_catalogue
from desistkit.core.checks import case_problems, shown
from desistkit.core.errors import DocumentError, Problem
from desistkit.core.model import (
    ID_PATTERN,
    REFERENCE_PATTERN,
    Case,
    ConferenceOccasion,
    Goal,
    GoalAgreement,
    GoalStatus,
    Note,
    Perspective,
    Priority,
    SessionKind,
    Setting,
    Stance,
    StatusChange,
    Valence,
)
from desistkit.formats import deck as contract
from desistkit.formats.package import PPTX, Package, Source, open_package
from desistkit.i18n.localizer import EU_LANGUAGES, Localizer, get_localizer
from desistkit.importing._contribution import ContributionRequest, add_contribution
from desistkit.importing.toolkit import (
    RATING_RANGE,
    Problems,
    Vocabulary,
    enum_vocabulary,
    factor_list,
    factor_names,
    is_rating,
    parse_date,
    vocabulary,
    whole_number,
)

__all__ = ["PPTX", "read_deck", "read_deck_package"]


_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
_ELLIPSIS = "…"
_NONE = ("–", "-")  # what the deck writes in a goal's empty factors or review box


@attrs.frozen
class _Shape:
    slide: int
    name: str
    paragraphs: tuple[str, ...]
    langs: tuple[str, ...]

    @property
    def where(self) -> str:
        return f"slide {self.slide}, shape {self.name}"


def read_deck(
    source: Source,
    *,
    base: Case | None = None,
    setting: Setting | None = None,
    date: dt.date | None = None,
    kind: SessionKind = SessionKind.OTHER,
    catalogue: Catalogue | None = None,
    conference: str | None = None,
    agency: str | None = None,
    occasion: ConferenceOccasion | None = None,
    replace: bool = False,
) -> Case:
    """The reflection in a CaseReflector deck (a path, bytes or a binary stream) as a new session,
    or as one agency's contribution to a case conference.

    With ``base``, the session is added to that case (its reference must match the deck's, if the
    deck names one); without, a new case is made and ``setting`` is needed. The session's date is
    ``date`` if given, else the one the deck says (a generated deck in its title slide's shape
    name, a blank deck in its date box); a generated deck also says its setting. Raises
    :class:`~desistkit.DocumentError` listing every problem, each naming slide and shape.

    With ``conference`` (an id), the deck is ``agency``'s contribution to that conference of the
    ``base`` case (a deck made with ``blank_reflector_pptx(agency=...)`` names its agency;
    ``agency``, if given too, must be the same). A conference the case does not have yet is
    created on ``date`` for ``occasion`` (default ``other``); an existing one keeps its date and
    occasion (a different ``date`` or ``occasion`` is a problem). The agency's earlier contribution
    is replaced only with ``replace``; other agencies' are never touched. The deck's date box is
    when the agency wrote it.
    """
    package = open_package(source)
    if package.content_type != PPTX:
        raise DocumentError(package.source, [Problem("", "is not a PowerPoint deck (.pptx)")])
    return read_deck_package(
        package,
        base=base,
        setting=setting,
        date=date,
        kind=kind,
        catalogue=catalogue,
        conference=conference,
        agency=agency,
        occasion=occasion,
        replace=replace,
    )


def read_deck_package(
    package: Package,
    *,
    base: Case | None = None,
    setting: Setting | None = None,
    date: dt.date | None = None,
    kind: SessionKind = SessionKind.OTHER,
    catalogue: Catalogue | None = None,
    conference: str | None = None,
    agency: str | None = None,
    occasion: ConferenceOccasion | None = None,
    replace: bool = False,
) -> Case:
    """:func:`read_deck` for a package that :func:`~desistkit.formats.package.open_package` checked."""
    cat = catalogue or default_catalogue()
    source = package.source
    shapes = _shapes(_parts(package))
    if not any(contract.is_data_box(s.name) for s in shapes):
        raise DocumentError(
            source,
            [
                Problem(
                    "",
                    "is a PowerPoint deck, but not a CaseReflector: no shape has a CaseReflector name "
                    "(such as family_of_origin:known); make one with `desistkit reflector`",
                )
            ],
        )
    problems = Problems()
    read = [s for s in shapes if contract.is_data_box(s.name)]
    slides_of: dict[str, list[int]] = defaultdict(list)
    for shape in read:
        slides_of[shape.name].append(shape.slide)
    for name, slides in slides_of.items():
        if (
            len(slides) > 1
        ):  # a duplicated slide or a copied box: which one holds the truth is not ours to guess
            where = ", ".join(str(n) for n in slides)
            problems.add(f"slides {where}, shape {name}", "the name is used more than once; keep one")
    loc = _language(shapes)
    by_name = {s.name: s for s in shapes}
    made_for = next(
        ((s, told) for s in shapes if isinstance(told := contract.parse(s.name), contract.ContributionFacts)),
        None,
    )
    if conference is not None or agency is not None or occasion is not None or replace:
        request = ContributionRequest(conference, agency, date, occasion, replace)
        return _read_contribution(shapes, by_name, made_for, request, base, cat, loc, problems, source)
    if made_for is not None:
        problems.add(
            made_for[0].where,
            f"the deck is the contribution of {made_for[1].agency!r} to a case conference: "
            "give the conference (CLI: --conference ID)",
        )

    # A deck desistkit generated says its reference, setting and session date in a shape name;
    # a blank deck has boxes the caseworker writes them in. Options given by the caller win.
    facts = next(
        (told for s in shapes if isinstance(told := contract.parse(s.name), contract.DeckFacts)),
        contract.DeckFacts(),
    )
    reference = _single(by_name.get("case:reference")) or facts.reference
    reference_where = by_name["case:reference"].where if "case:reference" in by_name else "slide 1"
    if base is not None:
        if reference and reference != base.reference:
            problems.add(reference_where, "the deck is for another case than the base")
        reference = base.reference
    elif not reference:
        problems.add("slide 1, shape case:reference", "no case reference: write it on the title slide")
    elif not re.match(REFERENCE_PATTERN, reference):
        problems.add(reference_where, "not a case reference (letters, digits, . _ -; at most 64)")
    if setting is None and facts.setting:
        try:
            setting = Setting(facts.setting)
        except ValueError:
            named = shown(facts.setting, [s.value for s in Setting])  # hand-edited: may be anything
            problems.add("slide 1", f"the deck names a setting desistkit does not know ({named})")
    if base is None and setting is None:
        problems.add("", "the deck does not say the setting: give setting (CLI: --setting) or a base case")

    day = date
    date_shape = by_name.get("session:date")
    written = _single(date_shape)
    if day is None and facts.date:
        day = parse_date(facts.date)
    if day is None and written and date_shape is not None:
        day = parse_date(written)
        if day is None:
            problems.add(
                date_shape.where,
                "not a date (write it as 2026-03-14 or 14.03.2026; a month alone does not say the day), "
                "or give the date (CLI: --date)",
            )
    if day is None and not (written and date_shape is not None):
        problems.add("slide 1, shape session:date", "no date: write it on the title slide or give one")

    reflections = _reflections(shapes, cat, loc, problems)
    goals = _goals(shapes, cat, loc, day, base, problems)
    if problems:
        raise problems.error(source)
    assert day is not None
    taken = {s.id for s in base.sessions} if base is not None else set()
    number = len(taken) + 1
    while f"s{number}" in taken:
        number += 1
    session = model.Session(id=f"s{number}", date=day, kind=kind, reflections=tuple(reflections))
    if base is not None:
        merged = {g.id: g for g in base.goals}
        merged.update({g.id: g for g in goals})
        case = attrs.evolve(base, sessions=(*base.sessions, session), goals=tuple(merged.values()))
    else:
        assert setting is not None and reference
        case = Case(reference=reference, setting=setting, sessions=(session,), goals=tuple(goals))
    found = case_problems(case, cat)
    if found:
        raise DocumentError(source, found)
    return case


# --- one agency's contribution to a case conference --------------------------------------------


def _read_contribution(
    shapes: Sequence[_Shape],
    by_name: Mapping[str, _Shape],
    made_for: tuple[_Shape, contract.ContributionFacts] | None,
    request: ContributionRequest,
    base: Case | None,
    cat: Catalogue,
    loc: Localizer,
    problems: Problems,
    source: str,
) -> Case:
    """The deck as ``request.agency``'s contribution to conference ``request.conference`` of
    ``base``: the agency must be the one the deck names (if it names one), the case reference the
    base's (if written), and no goal box may be filled (a contribution holds no goals)."""
    if request.conference is None:
        problems.add("", "agency, occasion and replace are for a contribution: give the conference too")
    if base is None:
        problems.add("", "a contribution to a case conference goes into a case: give base (CLI: --base)")
    reference_shape = by_name.get(contract.CASE_REFERENCE)
    reference = _single(reference_shape)
    if base is not None and reference and reference != base.reference and reference_shape is not None:
        problems.add(reference_shape.where, "the deck is for another case than the base")
    agency = request.agency.strip() if request.agency is not None else None
    if made_for is not None:
        shape, told = made_for
        if agency is not None and agency != told.agency:
            problems.add(
                shape.where,
                f"the deck is the contribution of {told.agency!r}, not of {agency!r}: "
                "import it for the agency it was made for, or make a blank deck for that agency",
            )
        agency = told.agency
    if agency is None:
        problems.add("", "the deck does not say which agency wrote it: give the agency (CLI: --for AGENCY)")
    elif (given := contract.agency_problem(agency)) is not None:
        problems.add("", f"agency: expected {contract.AGENCY_EXPECTED}, got {given}")
    date_shape = by_name.get(contract.SESSION_DATE)
    written_text = _single(date_shape)
    written = parse_date(written_text) if written_text else None
    if written_text and written is None and date_shape is not None:
        problems.add(
            date_shape.where, "not a date (write the day the agency wrote it as 2026-03-14 or 14.03.2026)"
        )
    for shape in shapes:
        if isinstance(contract.parse(shape.name), contract.GoalBox) and _single(shape):
            problems.add(
                shape.where,
                "a contribution to a case conference holds no goals (goals are agreed with the client): "
                "leave the goal rows empty, or import the deck as a session (without the conference)",
            )
    reflections = _reflections(shapes, cat, loc, problems)
    if not reflections and not problems:  # most likely the blank deck itself, not the filled one
        problems.add("", "no factor has a note, valence, rating or priority: the deck was not filled in")
    if problems:
        raise problems.error(source)
    assert base is not None and agency is not None and request.conference is not None
    contribution = model.Contribution(agency=agency, reflections=tuple(reflections), written=written)
    case = add_contribution(base, request.conference, contribution, request, problems)
    if case is None:
        raise problems.error(source)
    found = case_problems(case, cat)
    if found:
        raise DocumentError(source, found)
    return case


# --- the package ------------------------------------------------------------------------------


def _parts(package: Package) -> dict[str, bytes]:
    """The presentation and its slides; the package's sizes and XML prologs are already checked."""
    with zipfile.ZipFile(io.BytesIO(package.data)) as archive:
        wanted = [
            i
            for i in archive.infolist()
            if i.filename in ("ppt/presentation.xml", "ppt/_rels/presentation.xml.rels")
            or re.fullmatch(r"ppt/slides/slide\d+\.xml", i.filename)
        ]
        parts = {info.filename: archive.read(info) for info in wanted}
    if "ppt/presentation.xml" not in parts:
        raise DocumentError(package.source, [Problem("", "not a PowerPoint deck: no ppt/presentation.xml")])
    return parts


def _xml(name: str, body: bytes) -> Any:
    try:
        return etree.fromstring(body, _PARSER)
    except etree.XMLSyntaxError:
        raise DocumentError("deck", [Problem(name, "not well-formed XML")]) from None


def _shapes(parts: Mapping[str, bytes]) -> list[_Shape]:
    presentation = _xml("ppt/presentation.xml", parts["ppt/presentation.xml"])
    rels = _xml("ppt/_rels/presentation.xml.rels", parts.get("ppt/_rels/presentation.xml.rels", b"<r/>"))
    targets = {r.get("Id"): posixpath.normpath(posixpath.join("ppt", r.get("Target", ""))) for r in rels}
    shapes = []
    order = [s.get(f"{_R}id") for s in presentation.iter(f"{_P}sldId")]
    for number, rid in enumerate(order, 1):
        name = targets.get(rid)
        if name is None or name not in parts:
            raise DocumentError("deck", [Problem(f"slide {number}", "its part is missing from the file")])
        root = _xml(name, parts[name])
        if root.get("show") in ("0", "false"):  # a slide the caseworker hid is not read
            continue
        for sp in root.iter(f"{_P}sp"):
            nv = sp.find(f"{_P}nvSpPr/{_P}cNvPr")
            body = sp.find(f"{_P}txBody")
            if nv is None or body is None:
                continue
            paragraphs = []
            langs = []
            for p in body.iter(f"{_A}p"):
                # A manual line break (Shift+Enter) separates words like a space.
                text = "".join(
                    " " if t.tag == f"{_A}br" else t.text or "" for t in p.iter(f"{_A}t", f"{_A}br")
                )
                paragraphs.append(_plain(text))
                langs += [r.get("lang") for r in p.iter(f"{_A}rPr") if r.get("lang")]
            shapes.append(_Shape(number, nv.get("name", ""), tuple(paragraphs), tuple(langs)))
    return shapes


def _plain(text: str) -> str:
    """Text as typed: the deck's non-breaking hyphens (in pseudonyms) as hyphens, soft hyphens gone."""
    return text.replace("\u2011", "-").replace("\u00ad", "")


def _single(shape: _Shape | None) -> str:
    return " ".join(p.strip() for p in shape.paragraphs if p.strip()) if shape else ""


def _language(shapes: Sequence[_Shape]) -> Localizer:
    """The deck's language: the most frequent run language tag in the stance boxes, else English."""
    counts = Counter(lang.split("-")[0].lower() for s in shapes for lang in s.langs)
    for language, _ in counts.most_common():
        if language in EU_LANGUAGES:
            return get_localizer(language)
    return get_localizer("en")


# --- words back to values ---------------------------------------------------------------------


def _withheld_pattern(loc: Localizer) -> re.Pattern[str]:
    forms = {loc.plural("plural.notes_withheld", n) for n in (1, 2, 3, 5, 11, 21, 101)}
    forms.add(loc.text("document.withheld"))
    numbered = [
        re.escape(f).replace(re.escape(loc.format_number(n)), r"\d+")
        for f in forms
        for n in (1, 2, 3, 5, 11, 21, 101)
    ]
    return re.compile("|".join(f"^{f}$" for f in [*sorted(set(numbered)), *(re.escape(f) for f in forms)]))


def _notes(
    shape_parts: Sequence[_Shape], perspectives: Vocabulary[Perspective], withheld: re.Pattern[str]
) -> list[Note]:
    texts: list[str] = []
    for shape in shape_parts:
        for raw in shape.paragraphs:
            text = raw.strip()
            if not text or withheld.match(text):
                continue
            if texts and texts[-1].endswith(_ELLIPSIS) and text.startswith(_ELLIPSIS):
                # The deck cut a note between words (" …" / "… ") or inside a word ("…" / "…").
                previous, rest = texts[-1][: -len(_ELLIPSIS)], text[len(_ELLIPSIS) :]
                inside = not previous.endswith(" ") and not rest.startswith(" ")
                texts[-1] = previous + rest if inside else previous.rstrip() + " " + rest.lstrip()
                continue
            texts.append(text)
    notes = []
    for text in texts:
        perspective = Perspective.PROFESSIONAL  # the caseworker writes the deck: their view, unless marked
        found = re.search(r"\s*\(([^()]+)\)\s*$", text)
        said = perspectives.get(found.group(1)) if found else None
        if found and said is not None:
            perspective = said
            text = text[: found.start()].rstrip()
        if text:
            notes.append(Note(text=text, perspective=perspective))
    return notes


def _reflections(
    shapes: Sequence[_Shape], cat: Catalogue, loc: Localizer, problems: Problems
) -> list[model.FactorReflection]:
    perspectives = enum_vocabulary(loc, Perspective)
    valences = enum_vocabulary(loc, Valence)
    withheld = _withheld_pattern(loc)
    not_addressed = vocabulary(loc, lambda other: [(True, other.text("stance.not_addressed.name"))])
    not_rated = vocabulary(loc, lambda other: [(True, other.text("document.not_rated"))])
    whose = vocabulary(
        loc,
        lambda other: [
            ("client", other.text("priority.client")),
            ("caseworker", other.text("priority.caseworker")),
            ("caseworker", other.text("reflector.priority_marker")),
        ],
    )
    levels = enum_vocabulary(loc, Priority)
    boxes: dict[tuple[str, str], list[tuple[int, _Shape]]] = defaultdict(list)
    for shape in shapes:
        found = contract.parse(shape.name)
        if not isinstance(found, contract.FactorBox):
            continue
        if found.factor not in cat:
            problems.add(shape.where, "names a factor the catalogue does not have")
            continue
        boxes[(found.factor, found.field)].append((found.part, shape))
    reflections = []
    for factor in [f.id for f in (*cat.factors, *cat.hidden)]:
        notes = {
            stance: _notes(
                [s for _, s in sorted(boxes.get((factor, stance.value), []), key=lambda x: x[0])],
                perspectives,
                withheld,
            )
            for stance in Stance
        }
        valence, rating = Valence.UNCLEAR, None
        priority: dict[str, Priority] = {}
        assessment = [s for _, s in sorted(boxes.get((factor, contract.ASSESSMENT), []), key=lambda x: x[0])]
        lines = [p.strip() for s in assessment for p in s.paragraphs if p.strip()]
        lines = [line for line in lines if not not_addressed.get(line)]
        where = assessment[0].where if assessment else ""
        for line in lines:
            said = valences.get(line)
            number = whole_number(line)
            if said is not None:
                valence = said
            elif number is not None:
                if is_rating(number):
                    rating = number
                else:
                    problems.add(where, f"a rating is a whole number {RATING_RANGE}")
            elif not_rated.get(line):
                continue
            elif (said_priorities := _priorities(line, whose, levels)) is not None:
                priority.update(said_priorities)
            else:
                expected = ", ".join(valences.expected)
                example = f"{loc.text('priority.client')}: {loc.enum(Priority.HIGH)}"
                problems.add(
                    where,
                    f"expected a valence ({expected}), a rating {RATING_RANGE} or a priority ({example})",
                )
        if any(notes.values()) or rating is not None or valence is not Valence.UNCLEAR or priority:
            reflections.append(
                model.FactorReflection(
                    factor_id=factor,
                    known=tuple(notes[Stance.KNOWN]),
                    assumed=tuple(notes[Stance.ASSUMED]),
                    open=tuple(notes[Stance.OPEN]),
                    valence=valence,
                    rating=rating,
                    client_priority=priority.get("client"),
                    caseworker_priority=priority.get("caseworker"),
                )
            )
    return reflections


def _priorities(
    line: str, whose: Vocabulary[str], levels: Vocabulary[Priority]
) -> dict[str, Priority] | None:
    """``Client's priority: High`` (or several, separated by ``;``) as {"client": HIGH}; None when
    the line is not priorities. "Priority: High" alone is the writer's own (the caseworker's, or
    in a contribution the agency's)."""
    found: dict[str, Priority] = {}
    for piece in line.split(";"):
        if not piece.strip():
            continue
        label, colon, word = piece.rpartition(":")
        who = whose.get(label) if colon else None
        level = levels.get(word) if colon else None
        if who is None or level is None:
            return None
        found[who] = level
    return found or None


def _goals(
    shapes: Sequence[_Shape],
    cat: Catalogue,
    loc: Localizer,
    day: dt.date | None,
    base: Case | None,
    problems: Problems,
) -> list[Goal]:
    fields: dict[str, dict[str, _Shape]] = defaultdict(dict)
    for shape in shapes:
        found = contract.parse(shape.name)
        if isinstance(found, contract.GoalBox):
            fields[found.goal][found.field] = shape
    statuses = enum_vocabulary(loc, GoalStatus)
    agreements = enum_vocabulary(loc, GoalAgreement)
    names = factor_names(loc, cat)
    existing = {g.id: g for g in base.goals} if base is not None else {}
    goals: list[Goal] = []
    for goal_id, boxes in fields.items():
        values = {key: _single(shape) for key, shape in boxes.items()}
        withheld = (loc.text("withheld.wording"), loc.text("document.withheld"))
        if values.get("wording", "") in withheld or not any(values.values()):
            continue  # withheld for the deck's audience, or an empty row of a blank deck
        if not values.get("wording"):
            problems.add(boxes.get("wording", next(iter(boxes.values()))).where, "a goal needs its wording")
            continue
        status = statuses.get(values["status"]) if values.get("status") else GoalStatus.OPEN
        agreement = agreements.get(values["agreement"]) if values.get("agreement") else GoalAgreement.PROPOSED
        if status is None:
            problems.add(boxes["status"].where, f"expected one of {', '.join(statuses.expected)}")
        if agreement is None:
            problems.add(boxes["agreement"].where, f"expected one of {', '.join(agreements.expected)}")
        written = values.get("factors", "")
        linked = factor_list("" if written in _NONE else written, names)
        if linked.unknown:
            problems.add(boxes["factors"].where, "names a factor the catalogue does not have")
        review = None
        if values.get("review") and values["review"] not in _NONE:
            review = parse_date(values["review"])
            if review is None:
                problems.add(boxes["review"].where, "not a date (write it as 2026-03-14 or 14.03.2026)")
        blank_row = contract.GoalBox(goal_id, "wording").new
        if not blank_row and not re.fullmatch(ID_PATTERN, goal_id):
            problems.add(boxes["wording"].where, "the shape's goal id is not an id (a-z, 0-9, _ and -)")
            continue
        if status is None or agreement is None or day is None:
            continue
        new_id = _free_id(existing, goals) if blank_row else goal_id
        previous = existing.get(new_id)
        history: tuple[StatusChange, ...] = previous.history if previous is not None else ()
        if day is not None and (not history or history[-1].status is not status):
            history = (*history, StatusChange(status=status, date=max([day, *(h.date for h in history)])))
        goals.append(
            Goal(
                id=new_id,
                wording=values["wording"],
                agreement=agreement,
                history=history,
                factors=linked.ids,
                review_date=review,
                owner_role=previous.owner_role if previous is not None else None,
                shareable=previous.shareable if previous is not None else False,
            )
        )
    return goals


def _free_id(existing: Mapping[str, Goal], goals: Iterable[Goal]) -> str:
    taken = set(existing) | {g.id for g in goals}
    n = 1
    while f"g{n}" in taken:
        n += 1
    return f"g{n}"
