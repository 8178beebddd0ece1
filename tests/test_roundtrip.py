"""Generated cases survive the trip to JSON and back unchanged, and follow the schema."""

from __future__ import annotations

import json

import jsonschema
from hypothesis import HealthCheck, given, settings

import desistkit as dk
from strategies import cases

VALIDATOR = jsonschema.Draft202012Validator(
    dk.case_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_case_to_json_to_case_is_the_identity(case: dk.Case) -> None:
    """case -> canonical JSON -> case gives the same case, and the same text again."""
    text = dk.dumps_case(case)
    again = dk.loads_case(text)
    assert again == case
    assert dk.dumps_case(again) == text


@settings(max_examples=100, deadline=None)
@given(cases())
def test_generated_case_files_follow_the_published_schema(case: dk.Case) -> None:
    """What desistkit writes, the JSON Schema accepts; and the model's own checks find nothing."""
    data = json.loads(dk.dumps_case(case))
    assert [e.message for e in VALIDATOR.iter_errors(data)] == []
    assert dk.check_case(case) == ()
