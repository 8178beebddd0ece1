"""Sharing policies: per audience and field, what leaves the team (declarative TOML).

The built-in policy (``sharing/policies.toml``) defines the audiences ``internal``,
``case-conference``, ``security`` and ``research``. An organisation's file may extend it
(``extends = "default"``) with new audiences or stricter rules, or replace it; every problem in the
file is reported at once with its location (:class:`PolicyError`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import Any

import attrs

from desistkit.core import _toml as tomllib
from desistkit.core.errors import PolicyError, Problem, UnknownAudienceError
from desistkit.core.inputs import MAX_INPUT_BYTES, decode_utf8, read_bounded

__all__ = [
    "FIELDS",
    "VOCABULARIES",
    "AudienceRules",
    "Policy",
    "PolicyError",
    "UnknownAudienceError",
    "default_policy",
    "load_policy",
    "parse_policy",
]

POLICY_FORMAT = "desistkit-policy/1"
# Each field and the actions it allows, safest first: a field an organisation leaves out gets the first.
FIELDS: Mapping[str, tuple[str, ...]] = {
    "reference": ("pseudonymise", "keep"),
    "client": ("drop", "generalise:age-band", "keep"),
    # Typed by a caseworker, so free text: out only as a value of the policy's own list (`catalogue`:
    # [programmes], [agencies], [roles]); anything else becomes a neutral word ("agency", "role").
    "programme": ("drop", "catalogue", "keep"),
    "opened": ("drop", "generalise:month", "keep"),
    "team": ("drop", "catalogue", "keep"),
    "consents": ("drop", "keep"),
    "session.date": ("generalise:programme-week", "generalise:month", "keep"),
    "note.text": ("drop", "redact", "keep"),
    # The case's identifying places in shared text: [PLACE], or the region the policy maps them to.
    "note.places": ("redact", "generalise:region"),
    "goal.wording": ("drop", "redact", "keep"),
    "goal.dates": ("drop", "generalise:programme-week", "generalise:month", "keep"),
    "goal.owner_role": ("drop", "catalogue", "keep"),
    "ratings": ("drop", "keep"),
    "working_relationship": ("drop", "keep"),
    "working_relationship.note": ("drop", "redact", "keep"),
    # Case conferences (#16). Agencies and contact roles follow `team`; the rest has its own fields.
    # The day of a conference, its next date and the day each agency wrote its contribution.
    "conference.date": ("generalise:programme-week", "generalise:month", "keep"),
    # The notes in each agency's contribution: per note like session notes (shareable, consent per factor).
    "contribution.text": ("drop", "redact", "keep"),
    # Valence, rating and priorities in the contributions: what the comparison of agencies reads.
    "contribution.ratings": ("drop", "keep"),
    # Agreed actions: what will be done (free text), and their due dates and status history.
    "action.what": ("drop", "redact", "keep"),
    "action.dates": ("drop", "generalise:programme-week", "generalise:month", "keep"),
    # The conference's recommendations and what the client was told (notes; consent topic `conference`).
    "conference.recommendations": ("drop", "redact", "keep"),
    "conference.client_informed": ("drop", "redact", "keep"),
}
"""The fields a policy rules on, each with the actions it allows, safest first."""
# Fields added after policies were first written, and the older field each follows when an
# *internal* audience's table leaves it out: a team's own policy written before conferences keeps
# showing its conferences as it shows its sessions. Any other audience gets the safest action.
_FOLLOWS = {
    "conference.date": "session.date",
    "contribution.text": "note.text",
    "contribution.ratings": "ratings",
    "action.what": "goal.wording",
    "action.dates": "goal.dates",
    "conference.recommendations": "note.text",
    "conference.client_informed": "note.text",
}
# What only an internal audience may keep: personal data in the clear.
_INTERNAL_ONLY = {
    ("client", "keep"),
    ("note.text", "keep"),
    ("goal.wording", "keep"),
    ("working_relationship.note", "keep"),
    ("reference", "keep"),
    ("consents", "keep"),
    ("programme", "keep"),
    ("team", "keep"),
    ("goal.owner_role", "keep"),
    ("contribution.text", "keep"),
    ("action.what", "keep"),
    ("conference.recommendations", "keep"),
    ("conference.client_informed", "keep"),
}
# The lists a policy may give for `catalogue`: the values that may go out as typed.
VOCABULARIES = ("programmes", "agencies", "roles")
# Why `keep` is refused for a typed field, and what to use instead.
_TYPED_HINT = {
    "programme": "; use 'catalogue' with a [programmes] list in the policy",
    "team": "; use 'catalogue' with [agencies] and [roles] lists in the policy",
    "goal.owner_role": "; use 'catalogue' with a [roles] list in the policy",
}
_AUDIENCE = re.compile(r"^[a-z][a-z0-9-]{0,62}$")
_PURPOSE = re.compile(r"^[a-z][a-z0-9-]{0,62}$")
_AUDIENCE_KEYS = {"internal", "purpose", "unconsented", "fields"}


@attrs.frozen
class AudienceRules:
    """The rules for one audience."""

    name: str
    purpose: str
    internal: bool
    unconsented: str  # "structure" or "drop"
    fields: Mapping[str, str]

    def action(self, field: str) -> str:
        """The action for one field (see ``FIELDS``), e.g. ``generalise:month`` for ``session.date``."""
        return self.fields[field]


@attrs.frozen
class Policy:
    """A set of audiences with their rules."""

    audiences: Mapping[str, AudienceRules]
    source: str = "built-in"
    regions: Mapping[str, str] = attrs.field(factory=dict)  # place -> region, for generalise:region
    #: For ``catalogue``: the values of ``programmes``, ``agencies`` and ``roles`` that may go out as
    #: they are; any other value becomes a neutral word.
    vocabularies: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)

    def allowed(self, vocabulary: str) -> tuple[str, ...]:
        """The values of one list (``programmes``, ``agencies``, ``roles``); empty when not given."""
        return tuple(self.vocabularies.get(vocabulary, ()))

    def audience(self, name: str) -> AudienceRules:
        """The rules for one audience; [UnknownAudienceError][desistkit.UnknownAudienceError] otherwise."""
        try:
            return self.audiences[name]
        except KeyError:
            raise UnknownAudienceError(name, tuple(self.audiences)) from None


@functools.cache
def default_policy() -> Policy:
    """The built-in policy."""
    # the tables the wheel's build wrote beside the TOML (hatch_build.py), if made from this text
    text, tables = tomllib.shipped(resources.files(__package__), "policies.toml")
    return parse_policy(text, source="built-in") if tables is None else _policy(tables, "built-in")


def load_policy(path: str | PathLike[str], *, max_bytes: int = MAX_INPUT_BYTES) -> Policy:
    """An organisation's policy file, read at most ``max_bytes`` (1 MiB): a missing file, a folder,
    a device, a file over the limit or one that is not UTF-8 is a
    [PolicyError][desistkit.sharing.PolicyError] naming the file, as a problem in it is."""
    name = Path(path).name

    def refuse(message: str) -> PolicyError:
        return PolicyError(name, [Problem("", message)])

    data = read_bounded(path, max_bytes, refuse)
    return parse_policy(decode_utf8(data, refuse, what="; a policy is a TOML file"), source=name)


def parse_policy(text: str, *, source: str = "policy") -> Policy:
    """Parse policy TOML.

    Raises [PolicyError][desistkit.sharing.PolicyError] listing every problem with its location.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(source, [Problem("", f"is not valid TOML: {exc}")]) from None
    return _policy(data, source)


def _policy(data: dict[str, Any], source: str) -> Policy:
    """The policy of parsed policy TOML."""
    problems: list[Problem] = []
    for key in sorted(set(data) - {"format", "extends", "audiences", "regions", *VOCABULARIES}):
        problems.append(
            Problem(
                key,
                "unknown key; expected format, extends, audiences, regions, programmes, agencies or roles",
            )
        )
    regions = data.get("regions", {})
    if not isinstance(regions, dict) or not all(isinstance(v, str) and v.strip() for v in regions.values()):
        problems.append(Problem("regions", 'must be a table of place = "region"'))
        regions = {}
    if data.get("format") != POLICY_FORMAT:
        problems.append(Problem("format", f"must be {POLICY_FORMAT!r}"))
    audiences: dict[str, AudienceRules] = {}
    vocabularies: dict[str, tuple[str, ...]] = {}
    if "extends" in data:
        if data["extends"] == "default":
            audiences.update(default_policy().audiences)
            vocabularies.update(default_policy().vocabularies)
        else:
            problems.append(Problem("extends", "the only policy that can be extended is 'default'"))
    for name in VOCABULARIES:
        if name in data:
            vocabularies[name] = tuple(
                dict.fromkeys((*vocabularies.get(name, ()), *_vocabulary(name, data[name], problems)))
            )
    tables = data.get("audiences", {})
    if not isinstance(tables, dict):
        problems.append(Problem("audiences", "must be a table of audiences"))
        tables = {}
    for name, table in tables.items():
        where = f"audiences.{name}"
        if not _AUDIENCE.match(name):
            problems.append(Problem(where, "an audience name is lower-case letters, digits and '-'"))
            continue
        if not isinstance(table, dict):
            problems.append(Problem(where, "must be a table"))
            continue
        rules = _audience(name, table, where, problems)
        if rules is not None:
            audiences[name] = rules
    if not audiences and not problems:
        problems.append(Problem("audiences", "the policy defines no audience"))
    if problems:
        raise PolicyError(source, problems)
    return Policy(audiences, source, dict(regions), vocabularies)


def _vocabulary(name: str, table: object, problems: list[Problem]) -> tuple[str, ...]:
    """``[roles] allowed = ["probation officer", ...]``: the values that may go out as they are."""
    allowed = table.get("allowed") if isinstance(table, dict) else None
    if (
        not isinstance(table, dict)
        or set(table) != {"allowed"}
        or not isinstance(allowed, list)
        or not all(isinstance(v, str) and v.strip() for v in allowed)
    ):
        problems.append(Problem(name, 'must be a table with allowed = ["...", ...] (non-empty strings)'))
        return ()
    return tuple(" ".join(v.split()) for v in allowed)


def _audience(name: str, table: dict[str, Any], where: str, problems: list[Problem]) -> AudienceRules | None:
    before = len(problems)
    for key in sorted(set(table) - _AUDIENCE_KEYS):
        problems.append(Problem(f"{where}.{key}", f"unknown key{_hint(key, _AUDIENCE_KEYS)}"))
    internal = table.get("internal", False)
    if not isinstance(internal, bool):
        problems.append(Problem(f"{where}.internal", "must be true or false"))
        internal = False
    purpose = table.get("purpose")
    if not isinstance(purpose, str) or not _PURPOSE.match(purpose):
        problems.append(Problem(f"{where}.purpose", "is required: a lower-case word like 'case-planning'"))
    unconsented = table.get("unconsented", "drop")
    if unconsented not in ("structure", "drop"):
        problems.append(Problem(f"{where}.unconsented", "must be 'structure' or 'drop'"))
    given = table.get("fields", {})
    if not isinstance(given, dict):
        problems.append(Problem(f"{where}.fields", "must be a table of field = action"))
        given = {}
    fields = {}
    for field, allowed in FIELDS.items():
        action = given.get(field, _default(field, given, internal))
        loc = f'{where}.fields."{field}"' if "." in field else f"{where}.fields.{field}"
        if action not in allowed:
            problems.append(
                Problem(loc, f"{action!r} is not allowed here; expected one of {', '.join(allowed)}")
            )
        elif (field, action) in _INTERNAL_ONLY and not internal:
            problems.append(Problem(loc, f"{action!r} keeps personal data: only an internal audience may"
                                    + _TYPED_HINT.get(field, "")))  # fmt: skip
        fields[field] = action
    for field in sorted(set(given) - set(FIELDS)):
        loc = f'{where}.fields."{field}"'
        problems.append(Problem(loc, f"unknown field{_hint(field, FIELDS)}"))
    if len(problems) > before:
        return None
    return AudienceRules(name, str(purpose), internal, str(unconsented), fields)


def _default(field: str, given: Mapping[str, Any], internal: bool) -> Any:
    """The action of a field the audience's table leaves out: the safest, or for an internal
    audience the action of the field it follows (see ``_FOLLOWS``)."""
    safest = FIELDS[field][0]
    if not internal or field not in _FOLLOWS:
        return safest
    followed = given.get(_FOLLOWS[field], FIELDS[_FOLLOWS[field]][0])
    return followed if followed in FIELDS[field] else safest


def _hint(word: str, options: Any) -> str:
    import difflib  # only for a mistake in a policy file

    close = difflib.get_close_matches(word, list(options), n=1)
    return f"; did you mean {close[0]!r}?" if close else f"; expected one of {', '.join(sorted(options))}"
