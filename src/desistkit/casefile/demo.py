"""The demo case embedded in the package: a fictional prison case used by ``desistkit demo``."""

from __future__ import annotations

from importlib import resources

from desistkit.core.model import Case

__all__ = ["demo_case", "demo_case_text"]


def demo_case_text() -> str:
    """The demo case file as shipped (canonical JSON)."""
    return resources.files(__package__).joinpath("data/demo-case.json").read_text("utf-8")


def demo_case() -> Case:
    """The fictional demo case. Every name and number in it is invented."""
    from desistkit.casefile import loads_case

    return loads_case(demo_case_text(), source="demo case")
