"""The deck baseline as a whole process: ``python deck_script.py RECIPE.pickle OUT.pptx``.

What a python-pptx script a developer runs from the shell costs, start-up and imports included;
the recipe (see deck.py) is read from a pickle written before the clock starts.
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from deck import write

if __name__ == "__main__":
    Path(sys.argv[2]).write_bytes(write(pickle.loads(Path(sys.argv[1]).read_bytes())))
