"""Case files in, SharedCases out: what the document commands make their documents from.

Loading is the case file layer's, sharing the sharing layer's; exporters see only SharedCases. This
module joins the two for the command line (and is the example to copy for a batch of one's own).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from os import PathLike
from typing import Any

from desistkit.casefile import load_case
from desistkit.core.catalogue import Catalogue
from desistkit.core.errors import DesistkitError, ProgrammeError, ValidationError
from desistkit.sharing import SharedCase, share

__all__ = ["shared_case", "shared_cases"]


def shared_case(
    path: str | PathLike[str], audience: str, *, catalogue: Catalogue | None = None, **share_arguments: Any
) -> SharedCase:
    """A case file loaded and shared for the audience (``share_arguments``: on, key, domain, policy, lang)."""
    return share(load_case(path, catalogue=catalogue), audience, **share_arguments)


def shared_cases(
    paths: Iterable[str | PathLike[str]],
    audience: str,
    *,
    on: dt.date,
    key: Any = None,
    policy: Any = None,
    domain: str | None = None,
    lang: str = "en",
    catalogue: Catalogue | None = None,
) -> Iterator[SharedCase]:
    """Load and share case files one at a time, for the programme tracker.

    An invalid file raises its :class:`~desistkit.CaseFileError` with the file's path as source
    (every problem with its JSON path, never the file's content); a case that cannot be shared
    raises :class:`~desistkit.ProgrammeError` naming the path.
    """
    for path in paths:
        shown = str(path)
        try:
            case = load_case(path, catalogue=catalogue)
        except ValidationError as exc:
            raise type(exc)(shown, exc.problems) from None
        try:
            yield share(case, audience, on=on, key=key, policy=policy, domain=domain, lang=lang)
        except DesistkitError as exc:
            raise ProgrammeError(f"{shown}: {exc}") from None
