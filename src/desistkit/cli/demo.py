"""``desistkit demo``: everything desistkit makes, for the embedded fictional demo case.

The demo case is moved in time whenever it is run (``casefile.demo.current_demo_case``): its
latest session was a few days ago and its consents hold, so the case conference documents show
what the client agreed to share, today and in ten years. The German documents are made from the
German-language demo case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import click

from desistkit.cli.options import refuse_existing, write_outputs

__all__ = ["demo"]

_README = """\
desistkit demo - made on {today}

Everything here is made from a fictional case: every name, number and place is invented.
The case is moved in time each time the demo runs: its latest session was on {latest}, {days}
days before the day it was made, and every other date moved with it, so that the client's
consent for the case conference holds (until {expires}). The shipped case keeps its own dates.

demo-case.json               the case file (English), as you would keep it
demo-case-de.json            the same case written in German, for the German documents
demo-summary.txt             a plain-text overview of the case's views (internal)
reflector-de.pptx            the CaseReflector deck for a case conference, in German
summary-de.docx              the Word case summary for the case conference, in German
summary-en.docx              the same summary in English, from the English case
case-conference-de.audit.json  what the conference documents removed and why (no values)
tracker-de.xlsx              the Excel tracker (internal, editable; `desistkit import` reads it back)
reflector-blank-fi.pptx      an empty Finnish CaseReflector to fill by hand
cards-de.pdf                 German DesistCards, A6, one face per page with crop marks
cards-de-a4-duplex.pdf       German DesistCards on A4 sheets, to print double-sided
cards-fi-sv-a4-duplex.pdf    Finnish-Swedish DesistCards (poker size) on A4, double-sided

The conference documents use a public demo key: never use it for a real case
(run `desistkit setup` for your organisation's own key).
"""


@click.command()
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default="desistkit-demo",
    show_default=True,
    help="Directory to write into (created if missing).",
)
@click.option("--force", is_flag=True, help="Replace files that already exist.")
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Make the demo as on this day (the same files every time) [default: today].",
)
def demo(out_dir: str, force: bool, today: dt.datetime | None) -> None:
    """Write every document desistkit makes, for the embedded fictional demo case.

    The case file in English and German, a text overview, the German conference deck and Word
    summary (and an English summary) with their audit record, the German Excel tracker, a blank
    Finnish CaseReflector, German cards (A6, and A4 duplex) and a Finnish-Swedish A4 duplex set.
    The case's dates are moved so that its latest session was a few days ago and its consents
    hold. All files are written, or none.
    """
    from desistkit.casefile import dumps_case
    from desistkit.casefile.demo import DAYS_SINCE_LAST_SESSION, current_demo_case
    from desistkit.export import render
    from desistkit.sharing import demo_key, share

    day = today.date() if today else dt.date.today()
    # Consent is checked at noon of `day` (the real clock's moment when it is today).
    now = (
        dt.datetime.combine(day, dt.time(12), tzinfo=dt.timezone.utc)
        if today
        else dt.datetime.now().astimezone().replace(microsecond=0)
    )
    english, german = current_demo_case(day, "en"), current_demo_case(day, "de")
    latest = max(s.date for s in english.sessions)
    expires = [c.expires for c in english.consents if "case-conference" in c.audiences and c.expires]
    click.echo(
        f"desistkit: the demo case is moved to today ({day.isoformat()}): its latest session was on "
        f"{latest.isoformat()}, and its consents hold as when it was written",
        err=True,
    )
    # The demo's pseudonym key is public: fine for a fictional case, never for a real one.
    conference = share(german, "case-conference", key=demo_key(), lang="de", now=now)
    conference_en = share(english, "case-conference", key=demo_key(), now=now)
    internal, internal_de = share(english, "internal", now=now), share(german, "internal", lang="de", now=now)
    readme = _README.format(
        today=day.isoformat(),
        latest=latest.isoformat(),
        days=DAYS_SINCE_LAST_SESSION,
        expires=min(expires).isoformat() if expires else "its end",
    )
    makers: dict[str, Callable[[], bytes]] = {
        "README.txt": lambda: readme.encode("utf-8"),
        "demo-case.json": lambda: dumps_case(english).encode("utf-8"),
        "demo-case-de.json": lambda: dumps_case(german).encode("utf-8"),
        "demo-summary.txt": lambda: render(internal, "text"),
        "reflector-de.pptx": lambda: render(conference, "deck", lang="de"),
        "summary-de.docx": lambda: render(conference, "summary", lang="de"),
        "summary-en.docx": lambda: render(conference_en, "summary", lang="en"),
        "case-conference-de.audit.json": lambda: conference.audit.to_json().encode("utf-8"),
        "tracker-de.xlsx": lambda: render(internal_de, "tracker", lang="de"),
        "reflector-blank-fi.pptx": lambda: render(None, "blank-deck", lang="fi"),
        "cards-de.pdf": lambda: render(None, "cards-pdf", lang="de"),
        "cards-de-a4-duplex.pdf": lambda: render(None, "cards-pdf", lang="de", layout="a4-duplex"),
        "cards-fi-sv-a4-duplex.pdf": lambda: render(
            None, "cards-pdf", lang="fi", second_lang="sv", layout="a4-duplex", size="poker"
        ),
    }
    target = Path(out_dir)
    # Check all first: a refused run leaves the directory exactly as it was (a new one: empty).
    target.mkdir(parents=True, exist_ok=True)
    refuse_existing([target / name for name in makers], force)
    outputs: list[tuple[str | Path, bytes]] = []
    for number, (name, make) in enumerate(makers.items(), 1):
        click.echo(f"desistkit: [{number}/{len(makers)}] {name}", err=True)
        outputs.append((target / name, make()))
    write_outputs(outputs, force=force)
