"""Content built once, rendered many times: what a document about a shared case says.

:func:`case_content` turns a SharedCase and a Localizer into a :class:`CaseContent` (title facts,
factors by category with their notes, goals, working relationship, charts, what moved since the
last case conference, open questions, blind spots, participants). The deck, the Word summary, the
plain-text summary and the tracker's overview draw it; none of them computes a view or decides what
a withheld text reads as. A new format is a renderer of these values, nothing more.
"""

# The package's names are its modules' names, listed once there.
from desistkit.export.content import build as _build
from desistkit.export.content import conference as _conference
from desistkit.export.content import model as _model
from desistkit.export.content import sections as _sections
from desistkit.export.content.build import *  # noqa: F403
from desistkit.export.content.conference import *  # noqa: F403
from desistkit.export.content.model import *  # noqa: F403
from desistkit.export.content.sections import *  # noqa: F403

__all__ = [*_model.__all__, *_build.__all__, *_conference.__all__, *_sections.__all__]
