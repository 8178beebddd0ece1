"""``desistkit demo``: everything desistkit makes, for the embedded fictional demo case."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from desistkit.cli.options import write_outputs

__all__ = ["demo"]


@click.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default="desistkit-demo",
    show_default=True,
    help="Directory to write into (created if missing).",
)
@click.option("--force", is_flag=True, help="Replace files that already exist.")
def demo(out_dir: str, force: bool) -> None:
    """Write everything desistkit can produce for the embedded, fictional demo case."""
    from desistkit.casefile.demo import demo_case, demo_case_text
    from desistkit.export import render
    from desistkit.sharing import demo_key, share

    target = Path(out_dir)
    case = demo_case()
    # The demo case is fictional; its deck is made as for a case conference, with a demo-only key.
    # The demo case is fictional and dated in the past: it is shared as of its last session, when
    # its consent held (a real disclosure is checked against the clock).
    day = case.chronological[-1].date
    moment = dt.datetime.combine(day, dt.time(12), tzinfo=dt.timezone.utc)
    conference = share(case, "case-conference", key=demo_key(), on=day, now=moment)
    internal = share(case, "internal", on=day, now=moment)
    outputs = {
        "demo-case.json": demo_case_text().encode("utf-8"),
        "demo-summary.txt": render(internal, "text"),
        "cards-de.pdf": render(None, "cards-pdf", lang="de"),
        "cards-fi-sv-a4-duplex.pdf": render(
            None, "cards-pdf", lang="fi", second_lang="sv", layout="a4-duplex", size="poker"
        ),
        "reflector-de.pptx": render(conference, "deck", lang="de"),
        "reflector-blank-fi.pptx": render(None, "blank-deck", lang="fi"),
    }
    # Check all first: a refused run leaves the directory exactly as it was (a new one: empty).
    target.mkdir(parents=True, exist_ok=True)
    write_outputs([(target / name, data) for name, data in outputs.items()], force=force)
