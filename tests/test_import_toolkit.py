"""The importers' toolkit: factor lists, vocabularies, dates and ratings as a caseworker writes them."""

from __future__ import annotations

import datetime as dt

import pytest

import desistkit as dk
from desistkit.importing.toolkit import (
    enum_vocabulary,
    factor_list,
    factor_names,
    is_rating,
    parse_date,
    whole_number,
)

SPANISH = dk.get_localizer("es")
NAMES = factor_names(SPANISH, dk.default_catalogue())


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("Pareja, hijos e hijas", ("partnership_and_children",)),
        ("pareja,  HIJOS e hijas ;friends", ("partnership_and_children", "friends")),
        ("friends\nPareja, hijos e hijas, friends", ("friends", "partnership_and_children")),
        ("Partnership and children", ("partnership_and_children",)),  # English is read too
        ("", ()),
    ],
)
def test_a_factor_list_is_matched_against_the_names_not_split_at_every_comma(
    text: str, ids: tuple[str, ...]
) -> None:
    """A name that holds the separator is read whole; ids and English names are read too."""
    found = factor_list(text, NAMES)
    assert (found.ids, found.unknown) == (ids, ())


def test_what_a_factor_list_cannot_read_is_given_back_item_by_item() -> None:
    """Unknown items are returned as written, the known ones still read."""
    found = factor_list("Pareja, hijas; frends", NAMES)
    assert (found.ids, found.unknown) == ((), ("Pareja", "hijas", "frends"))


def test_a_vocabulary_reads_every_eu_language_and_the_case_file_value() -> None:
    """The document's language first, then English, every EU language, and in_progress / in progress."""
    statuses = enum_vocabulary(SPANISH, dk.GoalStatus)
    german = dk.get_localizer("de").enum(dk.GoalStatus.ACHIEVED)
    for word in (SPANISH.enum(dk.GoalStatus.ACHIEVED), german, f"  {german.upper()} ", "achieved"):
        assert statuses.get(word) is dk.GoalStatus.ACHIEVED
    assert statuses.get("in progress") is statuses.get("in_progress") is dk.GoalStatus.IN_PROGRESS
    assert statuses.get("soon") is None
    assert statuses.expected == tuple(SPANISH.enum(s) for s in dk.GoalStatus)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-03-14", dt.date(2026, 3, 14)),
        ("14.03.2026", dt.date(2026, 3, 14)),
        ("14/3/2026", dt.date(2026, 3, 14)),
        ("14-03-2026", dt.date(2026, 3, 14)),
        ("2026. 03. 14.", dt.date(2026, 3, 14)),  # Hungarian
        ("2026.03.14", dt.date(2026, 3, 14)),  # Lithuanian
        ("14.03.26", None),  # which century: not guessed
        ("03/14/2026", None),  # month first: not a date in any EU language
        ("14 March 2026", None),
        ("1850-01-01", None),
        ("2026-02-30", None),
    ],
)
def test_one_date_parser_for_every_form_and_no_guesses(text: str, day: dt.date | None) -> None:
    """ISO, day first with . / -, year first as in Hungarian and Lithuanian; nothing ambiguous."""
    assert parse_date(text) == day


@pytest.mark.parametrize(
    ("value", "number"),
    [
        (3, 3),
        (3.0, 3),
        ("3", 3),
        (" 3 / 4", 3),
        ("7", 7),
        (True, None),
        (2.5, None),
        ("3/5", None),
        ("²", None),
    ],
)
def test_ratings_are_whole_numbers_in_the_models_range(value: object, number: int | None) -> None:
    """A rating is read from a number or a text, and is a rating only from RATING_MIN to RATING_MAX."""
    assert whole_number(value) == number
    assert [is_rating(n) for n in (-1, 0, 4, 5)] == [False, True, True, False]
