"""Write src/desistkit/export/fonts/advances.bin from the bundled DejaVu Sans fonts.

    python tools/font_advances.py

Run it after replacing the bundled fonts; tests/test_fit.py fails until the table matches them.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # the source tree's fonts, not an installed copy's

from desistkit.export._fit import ADVANCES_FILE, advances_from_fonts  # noqa: E402

if __name__ == "__main__":
    data = advances_from_fonts()
    ADVANCES_FILE.write_bytes(data)
    print(f"{ADVANCES_FILE.relative_to(ROOT)}: {len(data):,} bytes")
