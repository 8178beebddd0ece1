"""The errors desistkit raises: the whole public tree, in one module.

Every error is a :class:`DesistkitError`, and also the built-in exception that matches it, so
``except ValueError`` keeps working for callers who do not know desistkit::

    DesistkitError
    ├── ValidationError (ValueError)          -- one or more problems, each with where and what
    │   ├── CaseFileError                     -- a case file: JSON path per problem
    │   ├── CatalogueError                    -- a catalogue file: TOML location per problem
    │   ├── ConsentAnswersError               -- consent sheet answers: JSON path per problem, one line
    │   ├── DocumentError                     -- an imported document: sheet and cell per problem
    │   ├── PolicyError                       -- a sharing policy file: TOML location per problem
    │   └── RetentionPolicyError              -- a retention policy file: TOML location per problem
    ├── TemplateError (ValueError)            -- an organisation's template lacks a layout or style
    ├── PackageError (ValueError)             -- a document cannot be made safe to share as it is
    ├── ProgrammeError (ValueError)           -- cases that cannot go into one programme tracker
    ├── CardFitError (ValueError)             -- a card's text does not fit even at the smallest size
    ├── SharingError (ValueError)             -- a case cannot be shared as asked
    │   └── MissingKeyError                   -- the audience pseudonymises and no key was given
    ├── PseudonymKeyError (ValueError)        -- a pseudonym key or domain is unusable
    ├── KeyFileError (ValueError)             -- a handover key file is corrupt or of another version
    ├── HandoverError (ValueError)            -- a handover cannot be packed, or a bundle is refused
    ├── ReviewError (ValueError)              -- a translation review file that does not fit its catalog
    ├── FieldError (ValueError)               -- a model value built in code breaks its field's rule
    │   └── FieldTypeError (TypeError)        -- ... or has the wrong type
    ├── NotSharedError (TypeError)            -- an exporter got a raw Case: share() it first
    ├── UnknownFactorError (LookupError)      -- a factor id the catalogue does not have
    ├── UnknownSessionError (LookupError)     -- a session id the case does not have
    ├── UnknownGoalError (LookupError)        -- a goal id the case does not have
    ├── UnknownConferenceError (LookupError)  -- a conference id the case does not have
    ├── UnknownCategoryError (LookupError)    -- a category id the catalogue does not have
    ├── UnknownLabelError (LookupError)       -- a text key the message set does not have
    ├── UnknownAudienceError (LookupError)    -- an audience the policy does not define
    ├── UnknownLanguageError (LookupError)    -- a language desistkit does not speak
    ├── OutputError (OSError)                 -- an output that cannot or must not be written
    ├── UnknownDocumentTypeError (LookupError) -- a document type no exporter or importer has
    ├── OptionError (ValueError)              -- an exporter's, importer's or command's option is wrong
    └── OutputExistsError (FileExistsError)   -- refused to overwrite a file without ``force``

    MissingTranslationWarning (UserWarning)   -- a message fell back to English

Messages name the place and what was expected. They never repeat free text or anything from
the client's identifying data: errors end up in logs and HTTP responses. ``docs/errors.md`` is
generated from this module (``tools/errors_doc.py``); a test keeps it current.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

__all__ = [
    "CardFitError",
    "CaseFileError",
    "CatalogueError",
    "ConsentAnswersError",
    "DesistkitError",
    "DocumentError",
    "FieldError",
    "FieldTypeError",
    "HandoverError",
    "KeyFileError",
    "MissingKeyError",
    "MissingTranslationWarning",
    "NotSharedError",
    "OptionError",
    "OutputError",
    "OutputExistsError",
    "PackageError",
    "PolicyError",
    "Problem",
    "ProgrammeError",
    "PseudonymKeyError",
    "RetentionPolicyError",
    "ReviewError",
    "SharingError",
    "TemplateError",
    "UnknownAudienceError",
    "UnknownCategoryError",
    "UnknownConferenceError",
    "UnknownDocumentTypeError",
    "UnknownFactorError",
    "UnknownGoalError",
    "UnknownLabelError",
    "UnknownLanguageError",
    "UnknownSessionError",
    "ValidationError",
]


class DesistkitError(Exception):
    """Base of every error desistkit raises on purpose."""


@attrs.frozen
class Problem:
    """One thing wrong with an input: where it is, and what was expected.

    ``location`` is a JSON path such as ``sessions[2].reflections.family_of_origin.rating`` (case
    files) or ``factors[3].name`` (catalogues); the empty string means the whole document.
    """

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class ValidationError(DesistkitError, ValueError):
    """An input has one or more problems; all of them are in `problems`."""

    def __init__(self, source: str, problems: Iterable[Problem]) -> None:
        self.source = source
        self.problems: Sequence[Problem] = tuple(problems)
        count = len(self.problems)
        head = f"{source}: {count} problem{'s' if count != 1 else ''}"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))


class CaseFileError(ValidationError):
    """A case file is not valid JSON or does not follow the case file format."""


class CatalogueError(ValidationError):
    """A factor catalogue file (duplicate ids, unknown categories, missing text) or an
    organisation's translation catalog (.po syntax, a damaged .mo) has problems."""


class ConsentAnswersError(ValidationError):
    """The client's answers from the consent sheet (JSON) cannot be recorded: every problem with its
    JSON path (``answers.security.topics[1]``), on one line, as a caseworker reads it at the prompt."""

    def __init__(self, source: str, problems: Iterable[Problem]) -> None:
        super().__init__(source, problems)
        self.args = (f"{source}: " + "; ".join(str(p) for p in self.problems),)

    def __str__(self) -> str:
        return str(self.args[0])


class DocumentError(ValidationError):
    """A document to import (a tracker workbook) is unsafe to open or does not hold a valid case.

    Each problem's location names the sheet and cell as Excel writes them (``Sessions!E14``,
    ``'Working relationship'!D3``); the empty location means the whole file.
    """


class TemplateError(DesistkitError, ValueError):
    """An organisation's template cannot be used: unreadable, or a layout or style the document
    needs is missing (the message names it and what the template has)."""


class UnknownFactorError(DesistkitError, LookupError):
    """A factor id is not in the catalogue; `suggestions` holds the closest ids."""

    def __init__(self, factor_id: str, suggestions: Sequence[str] = ()) -> None:
        self.factor_id = factor_id
        self.suggestions = tuple(suggestions)
        hint = f"; did you mean {_or_list(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown factor id {factor_id!r}{hint}")


class _NotAvailableError(DesistkitError, LookupError):
    """What the lookup errors share: `available` holds what could have been asked for, and the
    message lists it after saying what was asked (``; available: a, b``)."""

    def __init__(
        self, message: str, available: Sequence[str], *, listed_as: str = "available:", always: bool = False
    ) -> None:
        self.available = tuple(available)
        listed = f"; {listed_as} {', '.join(self.available)}" if self.available or always else ""
        super().__init__(f"{message}{listed}")


class UnknownSessionError(_NotAvailableError):
    """A session id is not in the case."""

    def __init__(self, session_id: str, available: Sequence[str] = ()) -> None:
        self.session_id = session_id
        super().__init__(f"unknown session id {session_id!r}", available, listed_as="the case has")


class UnknownConferenceError(_NotAvailableError):
    """A conference id is not in the case."""

    def __init__(self, conference_id: str | None, available: Sequence[str] = ()) -> None:
        self.conference_id = conference_id  # None: the latest was asked for
        if available:
            super().__init__(f"unknown conference id {conference_id!r}", available, listed_as="the case has")
            return
        none = "the case has no case conference (none recorded, no session of kind case_conference)"
        asked = f"unknown conference id {conference_id!r}: " if conference_id is not None else ""
        super().__init__(f"{asked}{none}", ())


class OutputExistsError(DesistkitError, FileExistsError):
    """The output file exists and overwriting was not asked for."""

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(f"{path} exists; pass force=True (CLI: --force) to replace it")


class FieldError(DesistkitError, ValueError):
    """A model value breaks its field's rule (built in code, not loaded from a file: files raise
    `CaseFileError` with every problem). `field` names the field; the value is echoed only when it
    cannot be free text (numbers, ids)."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field} {message}")


class FieldTypeError(FieldError, TypeError):
    """A model value has the wrong type for its field."""


class NotSharedError(DesistkitError, TypeError):
    """An exporter was given a raw `Case`, or `share()` something that is not one: call
    ``desistkit.share(case, audience, ...)`` first. A programming error, not bad input."""


class UnknownGoalError(_NotAvailableError):
    """A goal id is not in the case."""

    def __init__(self, goal_id: str, available: Sequence[str] = ()) -> None:
        self.goal_id = goal_id
        super().__init__(f"unknown goal id {goal_id!r}", available, listed_as="the case has")


class UnknownCategoryError(_NotAvailableError):
    """A category id is not in the catalogue."""

    def __init__(self, category_id: str, available: Sequence[str] = ()) -> None:
        self.category_id = category_id
        super().__init__(f"unknown category id {category_id!r}", available)


class UnknownLabelError(DesistkitError, LookupError):
    """A text key (``document.goals``) is not in the message set, or has no plural form."""


class ReviewError(DesistkitError, ValueError):
    """A translation review file (``desistkit locales --apply``) does not fit the catalog: the
    message names the row and what was expected."""


class OutputError(DesistkitError, OSError):
    """An output cannot or must not be written: its folder is missing or read-only, the disk is
    full, or it is one of the command's inputs. The message names the user's path (never a hidden
    temporary file) and what to do."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(f"{path} {message}")


class PolicyError(ValidationError):
    """A policy file has problems; each names its location in the TOML."""


class PackageError(DesistkitError, ValueError):
    """A document (or an organisation's template) cannot be made safe to share as it is."""


class ProgrammeError(DesistkitError, ValueError):
    """The cases cannot go into one programme tracker as given (internal, mixed audiences, none)."""


class CardFitError(DesistkitError, ValueError):
    """A card's text does not fit its safe area even at the smallest size allowed."""


class SharingError(DesistkitError, ValueError):
    """A case cannot be shared as asked (e.g. a pseudonymising audience without a key)."""


class MissingKeyError(SharingError):
    """The audience pseudonymises the case reference and no pseudonym key was given.

    The message names the Python parameter (``key=``); the command line says how to get a key
    there (``desistkit setup``, ``--key FILE``) instead."""


class UnknownAudienceError(_NotAvailableError):
    """The audience is not defined by the policy; `available` lists those that are."""

    def __init__(self, audience: str, available: tuple[str, ...]) -> None:
        self.audience = audience
        super().__init__(f"unknown audience {audience!r}", available, always=True)


class UnknownLanguageError(_NotAvailableError):
    """The asked language is not available; `available` lists the ones that are."""

    def __init__(self, requested: str, available: Sequence[str]) -> None:
        self.requested = requested
        super().__init__(f"language {requested!r} is not available", available, always=True)


class UnknownDocumentTypeError(_NotAvailableError):
    """No exporter (or importer) has this name; `available` lists those that do."""

    def __init__(self, name: str, available: Sequence[str], *, what: str = "document type") -> None:
        self.name = name
        super().__init__(f"unknown {what} {name!r}", available, always=True)


class OptionError(DesistkitError, ValueError):
    """An option of an exporter or importer is unknown or has a value it cannot take.

    `option` is the option's name, `expected` what it takes; the message also says what was given
    (its type, or the value where it is one of a few words)."""

    def __init__(self, option: str, expected: str, given: str) -> None:
        self.option = option
        self.expected = expected
        super().__init__(f"option {option!r}: expected {expected}, got {given}")


class PseudonymKeyError(DesistkitError, ValueError):
    """A pseudonym key or domain is unusable. The message never contains the key."""


class KeyFileError(DesistkitError, ValueError):
    """A handover key file (public or private) is unreadable, corrupt or of another format version.
    The message names the file's part, never the key."""


class HandoverError(DesistkitError, ValueError):
    """A case cannot be handed over as asked (the client has not agreed: the message says why), or a
    handover bundle is refused (tampered, truncated, not addressed to this key, not from the sender)."""


class RetentionPolicyError(ValidationError):
    """A retention policy file has problems; each names its location in the TOML."""


class MissingTranslationWarning(UserWarning):
    """A message has no translation in the asked language; the English source text is used."""


def _or_list(items: Sequence[str]) -> str:
    quoted = [repr(i) for i in items]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]
