"""Write the deck's packaged default template (16:9, python-pptx's own master and layouts widened).

    python tools/default_template.py

The deck opens src/desistkit/export/deck/default-template.pptx instead of building it with
python-pptx in every process (about a tenth of a second of a fresh CLI run). Run this after
changing ``make_default_template`` or upgrading python-pptx if tests/test_reflector.py says the
shipped file no longer matches what the code makes.
"""

from __future__ import annotations

from desistkit.export.deck.writer import DEFAULT_TEMPLATE, make_default_template


def main() -> None:
    DEFAULT_TEMPLATE.write_bytes(make_default_template())
    print(DEFAULT_TEMPLATE, DEFAULT_TEMPLATE.stat().st_size)


if __name__ == "__main__":
    main()
