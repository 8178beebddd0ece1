"""Case files: canonical JSON in, [Case][desistkit.Case] out, and back; the JSON Schema; atomic files.

The layer between the pure core and the file system. Its public names are also importable from
[desistkit][].
"""

from __future__ import annotations

# The names are codec's, listed once there.
from desistkit.casefile import codec as _codec
from desistkit.casefile.codec import *  # noqa: F403

__all__ = [*_codec.__all__]
