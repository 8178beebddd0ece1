"""The case tracker's Agencies sheet (issue #16): each agency's view of each factor at each
conference with the agreement and divergence marks, the agreed actions beside it, localised, no
text for an external audience, deterministic, and ignored (kept from --base) when read back."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest

import desistkit as dk
from conference_fixtures import conference_case
from desistkit.core.conference import Divergence, compare_conference
from desistkit.importing import read_tracker
from ooxml_schema import require_schemas, validate_package

KEY = dk.PseudonymKey(bytes(range(32)))
ON = dt.date(2025, 12, 5)
NOW = dt.datetime.combine(ON, dt.time(12), tzinfo=dt.timezone.utc)


def _case() -> dk.Case:
    return dk.case_from_dict(conference_case())


def _tracker(case: dk.Case, lang: str = "de", audience: str = "internal") -> bytes:
    return dk.render(dk.share(case, audience, key=KEY, on=ON, now=NOW), "tracker", lang=lang)


def _rows(data: bytes, lang: str, table: str) -> list[dict[str, object]]:
    """The rows of one of the Agencies sheet's tables as {header: value}."""
    sheet = openpyxl.load_workbook(io.BytesIO(data))[dk.get_localizer(lang).text("tracker.sheet.agencies")]
    first, last = sheet.tables[table].ref.split(":")
    cells = [[c.value for c in row] for row in sheet[first:last]]
    header = [str(h).strip() for h in cells[0]]
    return [dict(zip(header, row, strict=True)) for row in cells[1:]]


def test_one_row_per_conference_factor_and_agency_with_the_comparisons_marks() -> None:
    """Every conference, every factor an agency addressed, every contributing agency: the row's
    agreement and divergence marks are the comparison's, under headers in the tracker's language."""
    case, loc = _case(), dk.get_localizer("de")
    rows = _rows(_tracker(case), "de", "Agencies")
    catalogue = dk.default_catalogue()
    expected = []
    for conference in case.conference_history:
        for factor in compare_conference(conference, catalogue).factors:
            if factor.addressed:
                expected += [(conference.id, factor.factor_id, v.agency, factor) for v in factor.views]
    conference_id, factor_id = loc.text("tracker.agencies.conference_id"), loc.text("tracker.factor_id")
    agency, agree = loc.text("document.agency"), loc.text("tracker.agencies.agree")
    assert [(r[conference_id], r[factor_id], r[agency]) for r in rows] == [e[:3] for e in expected]
    for row, (_, _, _, factor) in zip(rows, expected, strict=True):
        assert (row[agree] == "✓") is factor.agree
        for kind in Divergence:
            assert (row[loc.text(f"minutes.divergence.{kind.value}")] == "✓") is (kind in factor.divergences)
    probation = next(r for r in rows if r[conference_id] == "c2" and r[agency] == "Probation service"
                     and r[factor_id] == "family_of_origin")  # fmt: skip
    assert probation[loc.text("document.rating")] == 2
    assert probation[loc.text("priority.client")] == loc.enum(dk.Priority.HIGH)
    assert probation[loc.text("minutes.agency_priority")] == loc.enum(dk.Priority.MEDIUM)
    assert probation[loc.text("document.valence")] == loc.enum(dk.Valence.RESOURCE)
    assert probation[loc.text("minutes.occasion")] == loc.text("conference.occasion.before_temporary_release")
    assert probation[loc.text("document.date")] == dt.datetime(2025, 12, 1)


def test_the_actions_beside_it_name_owner_due_date_and_status() -> None:
    """Each agreed action with its responsible agency, due date (a real date) and current status."""
    case, loc = _case(), dk.get_localizer("de")
    rows = _rows(_tracker(case), "de", "Actions")
    actions = [(c.id, a) for c in case.conferences for a in c.actions]
    assert len(rows) == len(actions)
    for row, (conference_id, action) in zip(rows, actions, strict=True):
        assert action.due is not None
        assert row[loc.text("tracker.agencies.conference_id")] == conference_id
        assert row[loc.text("minutes.action")] == action.what
        assert row[loc.text("minutes.owner")] == action.owner
        assert row[loc.text("minutes.due")] == dt.datetime.combine(action.due, dt.time())
        assert row[loc.text("document.status")] == loc.text(f"conference.action_status.{action.status.value}")


@pytest.mark.parametrize("lang", ["de", "el"])
def test_valid_and_the_same_bytes_twice(lang: str) -> None:
    """Schema-valid with the two new tables, and byte-identical for the same input."""
    require_schemas()
    data = _tracker(_case(), lang)
    assert validate_package(data) == []
    assert data == _tracker(_case(), lang)


def test_security_tracker_holds_no_conference_text() -> None:
    """For the security audience no note, action wording, recommendation or statement of the client
    from any conference is in any part of the workbook."""
    case = _case()
    data = _tracker(case, "en", "security")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        text = b"".join(archive.read(n) for n in archive.namelist()).decode("utf-8", "replace")
    secrets = [n.text for c in case.conference_history for k in c.contributions for r in k.reflections
               for n in r.all_notes]  # fmt: skip
    secrets += [a.what for c in case.conferences for a in c.actions if not a.shareable]
    secrets += [n.text for c in case.conferences for n in c.recommendations]
    secrets += [c.client_informed.text for c in case.conferences if c.client_informed]
    assert [s for s in secrets if s in text] == []


def test_read_back_with_base_keeps_the_conferences() -> None:
    """The Agencies sheet is not read back; with --base the case keeps its conferences, so the
    round trip is lossless."""
    case = _case()
    assert read_tracker(_tracker(case, "fr"), base=case) == case
    assert read_tracker(_tracker(case, "fr")).conferences == ()
