"""Exporters: SharedCase (+ Localizer, options) -> document bytes, by name through the registry.

    import desistkit as dk
    dk.render(shared, "deck", lang="de")            # bytes
    dk.export.exporters()                           # every document type by name

The document types' own modules (``reflector``, ``summary``, ``tracker``, ``programme``, ``cards``,
``text``, ``guide``) load their document library on first use.
"""

from desistkit.export.options import (
    BlankDeckOptions,
    CardsOptions,
    ConferenceDeckOptions,
    DeckOptions,
    GuideOptions,
    MinutesOptions,
    ProgrammeOptions,
    SummaryOptions,
    TextOptions,
    TrackerOptions,
)
from desistkit.export.registry import (
    ENTRY_POINT_GROUP,
    Exporter,
    Takes,
    exporter,
    exporters,
    register_exporter,
    render,
    unregister_exporter,
)

__all__ = [
    "ENTRY_POINT_GROUP",
    "BlankDeckOptions",
    "CardsOptions",
    "ConferenceDeckOptions",
    "DeckOptions",
    "Exporter",
    "GuideOptions",
    "MinutesOptions",
    "ProgrammeOptions",
    "SummaryOptions",
    "Takes",
    "TextOptions",
    "TrackerOptions",
    "exporter",
    "exporters",
    "register_exporter",
    "render",
    "unregister_exporter",
]
