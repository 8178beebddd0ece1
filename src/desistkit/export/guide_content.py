"""What the printed caseworker guide says, decided once for the PDF and the Word renderer.

The guide's prose comes from labels.toml (``guide.*``, translated like every other text); its factor
pages come from the catalogue in the guide's language, so an organisation's own catalogue gives a
guide with its own categories, factors and card questions. Nothing here depends on a case: the guide
carries no personal data.
"""

from __future__ import annotations

import attrs

from desistkit.core.catalogue import Catalogue, default_catalogue
from desistkit.i18n.localizer import Localizer

__all__ = ["Bullets", "FactorPage", "GuideContent", "Para", "Section", "Subheading", "guide_content"]


@attrs.frozen
class Para:
    """A paragraph of running text; ``lead`` is a short bold line above it (a stance's heading)."""

    text: str
    lead: str = ""


@attrs.frozen
class Subheading:
    """A heading inside a section (the second level of the outline)."""

    text: str


@attrs.frozen
class Bullets:
    """A bulleted list, each item a sentence or the end of the sentence before the list."""

    items: tuple[str, ...]


Block = Para | Subheading | Bullets


@attrs.frozen
class FactorPage:
    """One factor as the guide shows it: its name, the description for the caseworker and the
    questions printed on its DesistCard."""

    id: str
    name: str
    description: str
    questions: tuple[str, ...]


@attrs.frozen
class Section:
    """A top-level section, or (with ``category``) one category of the factor catalogue."""

    key: str  # "purpose", ... or "category:<id>"
    heading: str
    blocks: tuple[Block, ...]
    level: int = 0
    colour: str | None = None  # a category's colour (#RRGGBB)
    factors: tuple[FactorPage, ...] = ()


@attrs.frozen
class GuideContent:
    """The whole guide in one language: cover texts and sections in reading order."""

    tag: str  # the BCP 47 language tag written on the document
    title: str
    subtitle: str
    cover_note: str
    contents: str  # the heading of the table of contents
    questions_label: str  # above a factor's card questions
    notes_label: str  # the heading of an empty page left for notes
    colours: tuple[str, ...]  # the categories' colours, for the cover
    sections: tuple[Section, ...]

    @property
    def factor_names(self) -> tuple[str, ...]:
        """The names of every factor the guide describes, in catalogue order."""
        return tuple(f.name for s in self.sections for f in s.factors)


def guide_content(loc: Localizer, catalogue: Catalogue | None = None) -> GuideContent:
    """The guide's content in the localizer's language, with the factors of ``catalogue`` (default
    the built-in one); hidden factors are left out, as on the cards."""
    translated = loc.catalogue(catalogue or default_catalogue())
    sections = [*_method(loc), _factors_intro(loc)]
    for category in translated.categories:
        factors = translated.factors_in(category.id)
        if not factors:
            continue
        sections.append(
            Section(
                f"category:{category.id}",
                category.name,
                (Para(category.description),),
                level=1,
                colour=category.colour,
                factors=tuple(FactorPage(f.id, f.name, f.description, f.questions) for f in factors),
            )
        )
    return GuideContent(
        tag=loc.tag,
        title=loc.text("guide.title"),
        subtitle=loc.text("guide.subtitle"),
        cover_note=loc.text("guide.cover_note"),
        contents=loc.text("guide.contents"),
        questions_label=loc.text("guide.factors.questions"),
        notes_label=loc.text("document.notes"),
        colours=tuple(c.colour for c in translated.categories),
        sections=tuple(sections),
    )


def _method(loc: Localizer) -> list[Section]:
    """The sections on the method, in the order a new caseworker needs them."""

    def t(key: str) -> str:
        return loc.text(f"guide.{key}")

    def paras(section: str, *keys: str) -> tuple[Para, ...]:
        return tuple(Para(t(f"{section}.{k}")) for k in keys)

    def items(section: str, *keys: str) -> Bullets:
        return Bullets(tuple(t(f"{section}.item_{k}") for k in keys))

    def section(key: str, *blocks: Block | tuple[Para, ...]) -> Section:
        flat: list[Block] = []
        for b in blocks:
            flat += b if isinstance(b, tuple) else [b]
        return Section(key, t(f"{key}.heading"), tuple(flat))

    def stance(name: str) -> Para:
        return Para(t(f"stances.{name}"), lead=loc.text(f"stance.{name}.heading"))

    prompts = ("knowing", "projecting", "client_view", "resources", "next_time")
    return [
        section("purpose", paras("purpose", "p1", "p2", "p3")),
        section(
            "stances",
            paras("stances", "p1"),
            stance("known"),
            stance("assumed"),
            stance("open"),
            Subheading(t("stances.reflect_heading")),
            paras("stances", "reflect_p1", "reflect_p2"),
            Bullets(tuple(loc.text(f"reflector.prompts.{p}") for p in prompts)),
        ),
        section("resources", paras("resources", "p1", "p2")),
        section("gender", paras("gender", "p1", "p2", "p3")),
        section("relationship", paras("relationship", "p1", "p2")),
        section(
            "goals",
            paras("goals", "p1", "p2"),
            items("goals", "own", "small", "linked", "review"),
            paras("goals", "p3"),
        ),
        section(
            "cards",
            paras("cards", "p1", "p2"),
            items("cards", "choose", "ask", "strengths", "close", "note"),
            paras("cards", "p3"),
        ),
        section(
            "conference",
            paras("conference", "p1", "p2"),
            items("conference", "consent", "export", "questions"),
            paras("conference", "p3", "p4"),
        ),
        section(
            "consent",
            paras("consent", "p1", "p2"),
            items("consent", "choice", "withdraw", "limits", "renew"),
            paras("consent", "p3"),
        ),
    ]


def _factors_intro(loc: Localizer) -> Section:
    return Section("factors", loc.text("guide.factors.heading"), (Para(loc.text("guide.factors.p1")),))
