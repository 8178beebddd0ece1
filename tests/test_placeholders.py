"""Redaction placeholders are rendered in each document's language, and never leak as sentinels."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import attrs
import pytest

import desistkit as dk
from conftest import EXAMPLES
from desistkit.export.reflector import reflector_pptx
from desistkit.export.summary import summary_docx
from desistkit.export.tracker import tracker_xlsx

KEY = dk.PseudonymKey(b"placeholder-test-key-0123456789ab")


def _shared_with_a_name() -> dk.SharedCase:
    """A case-conference share whose one consented note names the client."""
    case = next(
        c
        for c in map(dk.load_case, EXAMPLES)
        if any("case-conference" in x.audiences and x.factors for x in c.consents)
    )
    consent = next(c for c in case.consents if "case-conference" in c.audiences and c.factors)
    assert case.client is not None
    name = case.client.given_names[0]
    note = dk.Note(f"{name} rang from 0170 5550142.", dk.Perspective.PROFESSIONAL, shareable=True)
    reflection = dk.FactorReflection(consent.factors[0], known=(note,))
    session = attrs.evolve(case.sessions[0], date=consent.given, reflections=(reflection,))
    case = attrs.evolve(case, sessions=(session,), goals=())
    now = dt.datetime.combine(consent.given, dt.time(12, 0))  # consent is checked at this moment
    return dk.share(case, "case-conference", key=KEY, on=consent.given, now=now, purpose=consent.purposes[0])


@pytest.mark.parametrize("lang", ["en", "fr", "el"])
def test_every_document_renders_placeholders_in_its_own_language(lang: str) -> None:
    """The deck, the Word summary and the tracker show [PERSON 1] in their language's word, and no
    part of any of them carries the language-neutral sentinel."""
    shared = _shared_with_a_name()
    loc = dk.get_localizer(lang)
    word = loc.text("redaction.person")
    for data in (reflector_pptx(shared, loc), summary_docx(shared, loc), tracker_xlsx(shared, loc)):
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = [package.read(n).decode("utf-8", "replace") for n in package.namelist()]
        assert not any("\ue001" in p or "\ue002" in p for p in parts)
        assert any(f"[{word} 1]" in p for p in parts)
