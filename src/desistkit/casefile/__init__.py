"""Case files: canonical JSON in, [Case][desistkit.Case] out, and back; the JSON Schema; atomic files.

The layer between the pure core and the file system. Its public names are also importable from
[desistkit][].
"""

from __future__ import annotations

from desistkit.casefile.codec import (
    CASE_FORMAT_VERSION,
    MAX_CASE_FILE_BYTES,
    case_from_dict,
    case_schema,
    case_to_dict,
    check_case,
    dumps_case,
    load_case,
    loads_case,
    save_case,
)

__all__ = [
    "CASE_FORMAT_VERSION",
    "MAX_CASE_FILE_BYTES",
    "case_from_dict",
    "case_schema",
    "case_to_dict",
    "check_case",
    "dumps_case",
    "load_case",
    "loads_case",
    "save_case",
]
