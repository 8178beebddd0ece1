"""Write docs/errors.md from desistkit.core.errors, the one module that holds every public error.

    python tools/errors_doc.py            # rewrites docs/errors.md
    python tools/errors_doc.py --check    # exit 1 if docs/errors.md is not what this script writes

The tree comes from the module's docstring, each class's text from its docstring, and each example
message from a real instance, so the page cannot drift from the code (tests/test_docs.py runs
``--check``).
"""

from __future__ import annotations

import argparse
import inspect
import sys
from pathlib import Path

from desistkit.core import errors

DOC = Path(__file__).resolve().parents[1] / "docs" / "errors.md"

# One real instance per class, made as desistkit makes them; its str() is the example message.
EXAMPLES: dict[str, object] = {
    "DesistkitError": errors.DesistkitError("the base class; never raised on its own"),
    "ValidationError": errors.ValidationError(
        "case.json", [errors.Problem("sessions[2].date", "expected a date such as 2026-03-14")]
    ),
    "CaseFileError": errors.CaseFileError(
        "case.json",
        [
            errors.Problem("sessions[2].reflections.friends.rating", "expected an integer from 0 to 4"),
            errors.Problem("goals[0].factors[1]", "unknown factor id 'freinds'; did you mean 'friends'?"),
        ],
    ),
    "ConsentAnswersError": errors.ConsentAnswersError(
        "answers.json",
        [
            errors.Problem(
                "answers.security.topics[1]",
                "unknown value; expected one of goals, working_relationship, handover_note",
            )
        ],
    ),
    "CatalogueError": errors.CatalogueError(
        "org-catalogue.toml", [errors.Problem("factors[3].name", "missing text")]
    ),
    "DocumentError": errors.DocumentError(
        "tracker.xlsx", [errors.Problem("Sessions!E14", "expected a rating from 0 to 4")]
    ),
    "PolicyError": errors.PolicyError(
        "policy.toml", [errors.Problem("audiences.funder.fields.note.text", "expected keep, drop or redact")]
    ),
    "TemplateError": errors.TemplateError(
        "template.pptx has no layout named 'Title Only'; it has: Title Slide, Blank"
    ),
    "PackageError": errors.PackageError("template.pptx: word/document.xml declares a DTD"),
    "ProgrammeError": errors.ProgrammeError("the programme tracker takes cases shared for one audience"),
    "CardFitError": errors.CardFitError("factor.friends.question.2 does not fit the card at 7 pt"),
    "SharingError": errors.SharingError("share() got two moments of disclosure: pass now= only"),
    "MissingKeyError": errors.MissingKeyError(
        "audience 'case-conference' pseudonymises: pass key=PseudonymKey.from_text(...) to share(), "
        "with the organisation's key from your secret store"
    ),
    "KeyFileError": errors.KeyFileError(
        "lena.pub: format 'desistkit-public-key/2' is not one this desistkit reads (it reads "
        "'desistkit-public-key/1')"
    ),
    "HandoverError": errors.HandoverError(
        "the client has not agreed to a handover to 'handover' for 'continuity': consent was withdrawn "
        "on 2026-03-01"
    ),
    "RetentionPolicyError": errors.RetentionPolicyError(
        "retention.toml", [errors.Problem("drop.notes", "expected a period such as '5 years' or '12 months'")]
    ),
    "PseudonymKeyError": errors.PseudonymKeyError("a pseudonym key needs at least 16 random bytes"),
    "OptionError": errors.OptionError("layout", "'single' or 'a4-duplex'", "'a5'"),
    "ReviewError": errors.ReviewError("row 14 (factor.friends.name): the English differs from the catalog's"),
    "FieldError": errors.FieldError("rating", "must be from 0 to 4, got 7"),
    "FieldTypeError": errors.FieldTypeError("rating", "must be an integer from 0 to 4, got '3'"),
    "NotSharedError": errors.NotSharedError(
        "exporters take a SharedCase, not Case: call desistkit.share(case, audience, key=..., on=...) first"
    ),
    "UnknownFactorError": errors.UnknownFactorError("freinds", ["friends"]),
    "UnknownSessionError": errors.UnknownSessionError("s9", ["s1", "s2"]),
    "UnknownGoalError": errors.UnknownGoalError("g7", ["g1", "g2"]),
    "UnknownConferenceError": errors.UnknownConferenceError("c9", ["c1", "c2"]),
    "UnknownDocumentTypeError": errors.UnknownDocumentTypeError("slides", ["deck", "summary", "tracker"]),
    "UnknownCategoryError": errors.UnknownCategoryError("nope", ["relationship", "individual"]),
    "UnknownLabelError": errors.UnknownLabelError(
        "unknown label 'document.goal'; did you mean 'document.goals'?"
    ),
    "UnknownAudienceError": errors.UnknownAudienceError("funder", ("internal", "case-conference")),
    "UnknownLanguageError": errors.UnknownLanguageError("xx", ["bg", "cs", "da", "..."]),
    "OutputExistsError": errors.OutputExistsError("deck.pptx"),
    "OutputError": errors.OutputError(
        "deck.pptx", "cannot be written: the disk is full; free some space and run again"
    ),
    "MissingTranslationWarning": errors.MissingTranslationWarning(
        "no 'ga' translation for 'document.goals'; English used"
    ),
}

INTRO = """\
# Errors

<!-- Generated by tools/errors_doc.py from src/desistkit/core/errors.py; do not edit by hand. -->

Every error desistkit raises on purpose is a `DesistkitError` and also the matching built-in
exception, so generic handlers keep working. All of them live in one module,
`desistkit.core.errors`, and every one is importable from `desistkit` itself.

```text
{tree}
```

A web service maps `ValidationError` to HTTP 422 and returns `[{{"location": p.location, "message":
p.message}} for p in exc.problems]`; the lookup errors of query parameters (`UnknownAudienceError`,
`UnknownLanguageError`) to 400 naming the parameter. Messages never contain free text or the client's
identifying data: errors end up in logs and HTTP responses.

```python
try:
    case = dk.loads_case(request_body)
except dk.CaseFileError as exc:
    return {{"errors": [{{"location": p.location, "message": p.message}} for p in exc.problems]}}, 422
```

The command line prints one message on stderr and exits non-zero, never with a traceback: 2 for
invalid input and usage errors, 1 for other errors, 70 for an internal error (set `DESISTKIT_DEBUG=1`
to see its traceback), 130 when interrupted.

## Every class, with an example message
"""


def _tree() -> str:
    doc = errors.__doc__ or ""
    parts = doc.split("::\n", 1)[1].strip("\n").split("\n\n")
    block = "\n\n".join(part for part in parts[:2] if part.startswith("    "))
    return "\n".join(line[4:] for line in block.splitlines())


def _builtin(cls: type) -> str:
    bases = [b.__name__ for b in cls.__mro__[1:] if b.__module__ == "builtins" and b is not object]
    return bases[0] if bases else "Exception"


def render() -> str:
    parts = [INTRO.format(tree=_tree())]
    classes = [getattr(errors, name) for name in errors.__all__ if name != "Problem"]
    missing = sorted(c.__name__ for c in classes if c.__name__ not in EXAMPLES)
    if missing:
        raise SystemExit(f"tools/errors_doc.py: add an example for {', '.join(missing)}")
    for cls in classes:
        # A private base (the lookup errors' shared __init__) is no part of the public tree.
        parent = next(
            b.__name__
            for b in cls.__mro__[1:]
            if (b.__module__ == errors.__name__ and not b.__name__.startswith("_")) or b is Exception
        )
        text = " ".join(inspect.cleandoc(cls.__doc__ or "").split())
        example = str(EXAMPLES[cls.__name__])
        parts.append(
            f"\n### `{cls.__name__}`\n\n"
            f"Subclass of `{parent}`; catch it also as `{_builtin(cls)}`. {text}\n\n"
            f"```text\n{example}\n```\n"
        )
    return "".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if docs/errors.md is out of date")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        if DOC.read_text("utf-8") != text:
            print("docs/errors.md is out of date: run python tools/errors_doc.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
