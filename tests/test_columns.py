"""Table columns sized by content: they fill the width, never cut a word that could fit, and give
short columns what they need."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from desistkit.export._columns import _extent, column_widths
from desistkit.export._fit import PT
from desistkit.export._hyphen import hyphenate

WORDS = ["Sopimustilanne", "Tarkistuspäivä", "vastaanottajaryhmälle", "In Arbeit", "lokakuu 2025", "–",
         hyphenate("Unterstützungsangebote", "de"), "Mit Klient*in vereinbart, noch nicht überprüft " * 3,
         "C\u2011KBYP\u2011A72A\u20115REK"]  # fmt: skip
CELL = st.sampled_from(WORDS)


@settings(max_examples=300, deadline=None)
@given(st.integers(2, 6).flatmap(lambda n: st.tuples(st.lists(CELL, min_size=n, max_size=n),
                                                     st.lists(st.lists(CELL, min_size=n, max_size=n),
                                                              min_size=1, max_size=4))))  # fmt: skip
def test_columns_fill_the_width_and_hold_their_widest_piece(table: tuple[list[str], list[list[str]]]) -> None:
    """The widths add up to the text width; when the pieces can fit, every column holds its widest
    unbreakable piece (a syllable with its hyphen, a whole pseudonym), so nothing breaks mid-word."""
    header, rows = table
    widths = column_widths(header, rows, 170.0, 10.0, 4.4)
    assert abs(sum(widths) - 170.0) < 1e-6
    em = 10.0 * PT
    least = [
        max(_extent(h, "B")[0], *(_extent(r[i], "")[0] for r in rows)) * em + 4.4
        for i, h in enumerate(header)
    ]
    if sum(least) <= 170.0:
        assert all(w >= lo - 1e-6 for w, lo in zip(widths, least, strict=True))


def test_a_short_column_gets_its_line_and_the_long_text_the_rest() -> None:
    """A status and a date keep their one line; the long wording takes the remaining width."""
    long = "Die Klientin möchte bis zum Herbst eine Ausbildung im Handwerk beginnen und sich bewerben " * 2
    widths = column_widths(
        ["Ziel", "Status", "Überprüfung am"], [[long, "In Arbeit", "Oktober 2025"]], 170, 10, 4.4
    )
    assert widths[1] == _extent("In Arbeit", "")[1] * 10 * PT + 4.4
    assert widths[0] > 100
