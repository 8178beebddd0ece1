"""The built-in factor catalogue and organisations' own catalogue files."""

from __future__ import annotations

import re

import pytest

import desistkit as dk

EXPECTED = {
    "relationship_belonging": (
        "Relationships and Belonging",
        [
            "Family of origin",
            "Partnership and children",
            "Friends",
            "Community",
            "Support services",
        ],
    ),
    "individual_development": (
        "Individual Development",
        [
            "Motivation to join",
            "Motivation to leave",
            "Personality traits",
            "Self-reflection",
            "Identity",
            "Emotions",
            "Beliefs and values",
            "Wellbeing",
            "Gender lens",
            "Appearance",
        ],
    ),
    "practical_life": (
        "Practical Life",
        [
            "Home environment",
            "Educational and vocational training",
            "Employment",
            "Financial situation",
            "Leisure and enjoyment",
            "Online life",
        ],
    ),
    "challenges": (
        "Challenges",
        [
            "Threats and retaliation",
            "Contact with people from the scene",
            "Alcohol and substance use",
            "Losses",
            "Administrative hurdles",
            "Crime and violence",
            "Stigmatisation",
            "Prosecution and imprisonment",
        ],
    ),
}


def test_exactly_the_29_factors_in_their_categories_and_order(catalogue: dk.Catalogue) -> None:
    """The catalogue has the four categories and 29 factors of the method, in order."""
    actual = {c.id: (c.name, [f.name for f in catalogue.factors_in(c.id)]) for c in catalogue.categories}
    assert actual == EXPECTED
    assert list(actual) == list(EXPECTED)
    assert len(catalogue) == 29


def test_ids_are_stable_snake_case_slugs_of_the_names(catalogue: dk.Catalogue) -> None:
    """Ids are unique snake_case slugs, so case files can refer to them."""
    ids = [f.id for f in catalogue]
    assert len(set(ids)) == 29
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) for i in ids)
    assert ids[:3] == ["family_of_origin", "partnership_and_children", "friends"]
    assert catalogue.factor("contact_with_scene").name == "Contact with people from the scene"


def test_every_factor_has_description_questions_and_colour(catalogue: dk.Catalogue) -> None:
    """Each card has a description, 3-5 open questions and its category colour."""
    for factor in catalogue:
        assert len(factor.description) > 40, factor.id
        assert 3 <= len(factor.questions) <= 5, factor.id
        assert all(q.endswith("?") for q in factor.questions), factor.id
        assert len(set(factor.questions)) == len(factor.questions), factor.id
        assert re.fullmatch(r"#[0-9A-F]{6}", factor.colour), factor.id
    colours = {c.colour for c in catalogue.categories}
    assert len(colours) == 4


def test_questions_are_open_not_yes_no(catalogue: dk.Catalogue) -> None:
    """Reflection questions invite talk: they do not start like a yes/no question."""
    closed = re.compile(r"^(Do|Does|Did|Are|Is|Was|Were|Have|Has|Can|Could|Will|Would|Should) ")
    # One deliberate exception: asking whether a change is wanted, followed by an open "what".
    allowed = {"Is there anything about your appearance you would like to change?"}
    bad = [q for f in catalogue for q in f.questions if closed.match(q) and q not in allowed]
    assert bad == []


def test_unknown_factor_suggests_the_closest_ids(catalogue: dk.Catalogue) -> None:
    """A misspelt id raises UnknownFactorError (a LookupError) naming the closest ids."""
    with pytest.raises(dk.UnknownFactorError) as info:
        catalogue.factor("familly_of_origin")
    assert info.value.suggestions[0] == "family_of_origin"
    assert "did you mean 'family_of_origin'" in str(info.value)
    assert isinstance(info.value, LookupError)


CUSTOM = """
format = "desistkit-catalogue/1"
extends = "default"
hide = ["appearance"]

[overrides.gender_lens]
name = "Gender roles"

[overrides.challenges]
colour = "#aa3300"

[[factors]]
id = "faith_community"
category = "relationship_belonging"
name = "Faith community"
description = "A mosque, church or other faith community that welcomes the client."
questions = ["What does your faith give you?", "Where do you practise it?", "Who there do you trust?"]
"""


def test_organisation_catalogue_adds_hides_and_renames() -> None:
    """An organisation's file extends the built-in catalogue; hidden factors stay loadable."""
    cat = dk.parse_catalogue(CUSTOM, source="org.toml")
    ids = cat.ids
    assert "appearance" not in ids
    assert "appearance" in cat  # old case files that mention it still load
    assert ids.index("faith_community") == 5  # at the end of its category
    assert cat.factor("gender_lens").name == "Gender roles"
    assert cat.factor("retaliation").colour == "#AA3300"
    assert len(cat) == 29


def test_every_problem_in_a_catalogue_file_is_reported_at_once() -> None:
    """Duplicate ids, unknown categories, missing text and bad keys all come in one error."""
    text = """
format = "desistkit-catalogue/1"
extends = "default"
hide = ["apperance"]

[[factors]]
id = "friends"
category = "relationship_belonging"
name = "Friends again"
description = "Duplicate."
questions = ["A?", "B?", "C?"]

[[factors]]
id = "sport"
category = "practical_lfe"
name = "Sport"
description = "Sport and exercise."
questions = ["A?", "B?", "C?"]

[[factors]]
id = "music"
category = "practical_life"
name = ""
description = "Music."
questions = ["Only one?"]
colour = "#123456"
"""
    with pytest.raises(dk.CatalogueError) as info:
        dk.parse_catalogue(text, source="org.toml")
    actual = [str(p) for p in info.value.problems]
    assert actual == [
        "factors[0].id: duplicate id 'friends'",
        "factors[1].category: unknown category 'practical_lfe'; expected one of "
        "relationship_belonging, individual_development, practical_life, challenges; "
        "did you mean 'practical_life'?",
        "factors[2].colour: unknown key; expected one of category, description, id, name, questions",
        "factors[2].name: missing text: a non-empty string is required",
        "factors[2].questions: has 1 questions; a card holds 3 to 5",
        "hide[0]: unknown factor id 'apperance'; did you mean 'appearance'?",
    ]
    assert str(info.value).startswith("org.toml: 6 problems")


def test_catalogue_file_that_is_not_toml(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A broken TOML file names the line; a file on disk is read through load_catalogue."""
    path = tmp_path / "org.toml"
    path.write_text('format = "desistkit-catalogue/1"\n[[factors]\nid=1\n', encoding="utf-8")
    with pytest.raises(dk.CatalogueError) as info:
        dk.load_catalogue(path)
    assert "is not valid TOML" in str(info.value)
    assert "line 2" in str(info.value)


def test_a_complete_catalogue_of_its_own() -> None:
    """Without `extends`, a file is a whole catalogue; an empty category is an error."""
    text = """
format = "desistkit-catalogue/1"
[[categories]]
id = "life"
name = "Life"
description = "Everything."
colour = "#336699"
symbol = "house"
[[categories]]
id = "empty"
name = "Empty"
description = "Nothing yet."
colour = "#336699"
[[factors]]
id = "work"
category = "life"
name = "Work"
description = "Work and income."
questions = ["What work do you like?", "What are you good at?", "What is a first step?"]
"""
    with pytest.raises(dk.CatalogueError) as info:
        dk.parse_catalogue(text)
    assert [str(p) for p in info.value.problems] == ["categories[1]: category 'empty' has no factors"]
    empty = '[[categories]]\nid = "empty"\nname = "Empty"\ndescription = "Nothing yet."\n'
    empty += 'colour = "#336699"\n'
    cat = dk.parse_catalogue(text.replace(empty, ""))
    assert [c.id for c in cat.categories] == ["life"]
    assert [(f.id, f.category.colour) for f in cat] == [("work", "#336699")]
