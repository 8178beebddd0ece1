"""The ``desistkit`` command line: thin commands over the library's registries.

:mod:`.app` holds the group and :func:`run` (errors to exit codes), :mod:`.options` the options
several commands share; each other module is one family of commands.
"""

from __future__ import annotations

from desistkit.cli.app import main, run
from desistkit.cli.cards import cards
from desistkit.cli.conference import conference
from desistkit.cli.consent import consent, consent_sheet
from desistkit.cli.demo import demo
from desistkit.cli.documents import reflector, summary, tracker
from desistkit.cli.guide import guide
from desistkit.cli.handover import handover
from desistkit.cli.imports import import_
from desistkit.cli.info import catalogue, locales, schema, validate
from desistkit.cli.keys import keys
from desistkit.cli.retention import retention
from desistkit.cli.setup import setup
from desistkit.cli.share import redact, share_command

_COMMANDS = (setup, keys, demo, validate, schema, catalogue, locales, redact, share_command)
for _command in (*_COMMANDS, cards, summary, reflector, tracker, import_):
    main.add_command(_command)
for _command in (keys, handover, retention):  # continuity (#17)
    main.add_command(_command)
main.add_command(conference)  # multi-agency case conferences (#16)
main.add_command(guide)  # the printed caseworker guide (#18)
for _command in (consent_sheet, consent):  # the client's consent (#18)
    main.add_command(_command)

__all__ = ["main", "run"]
