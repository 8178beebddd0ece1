"""The deck baseline for many decks at once: ``python deck_jobs.py --jobs N RECIPES_DIR OUT_DIR``.

What a competent developer runs to make a folder of decks on several cores with python-pptx:
``multiprocessing.Pool(N)`` (the platform's start method: fork on Linux, so the workers inherit
python-pptx imported here) mapped over the recipe files (see deck.py), each worker reading one
recipe and writing its deck straight to ``OUT_DIR/<recipe name>.pptx``. Start-up and imports count,
as for deck_script.py. Left out, besides what deck.py leaves out: loading and sharing the case
files (the recipes are ready), atomic writing, and reporting a failed deck by its input.
"""

from __future__ import annotations

import argparse
import multiprocessing
import pickle
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from deck import write


def make(paths: tuple[Path, Path]) -> None:
    recipe, out = paths
    out.write_bytes(write(pickle.loads(recipe.read_bytes())))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("recipes", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    args.out.mkdir(exist_ok=True)
    work = [(recipe, args.out / f"{recipe.stem}.pptx") for recipe in sorted(args.recipes.glob("*.pickle"))]
    with multiprocessing.Pool(args.jobs) as pool:
        pool.map(make, work)
