"""An adapter for the spaCy pipelines an organisation installs itself: their PER/PERSON entities as
third-party names.

desistkit does not depend on spaCy and downloads no model: the organisation passes its own loaded
pipeline (``spacy.load("de_core_news_lg")``, a blank one with an ``entity_ruler``, or any callable
that returns an object with ``ents`` whose items have ``label_``, ``start_char`` and ``end_char``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from typing import Any

from desistkit.sharing.redaction._types import EntityType, Finding

__all__ = ["SpacyNameDetector"]

Pipeline = Callable[[str], Any]


class SpacyNameDetector:
    """People's names found by spaCy pipelines (entity labels ``PER`` or ``PERSON`` by default).

    ``nlp`` is one pipeline for every language, or a mapping from language code to pipeline (a note
    in a language without one is left to the other detectors). Named ``names`` by default, so it
    replaces the built-in third-party name detector; give another ``name`` to run both.

    >>> from desistkit.sharing import Redactor, share
    >>> redactor = Redactor(detectors=[SpacyNameDetector({"de": nlp_de, "fr": nlp_fr})])  # doctest: +SKIP
    """

    def __init__(
        self,
        nlp: Pipeline | Mapping[str, Pipeline],
        *,
        labels: Collection[str] = ("PER", "PERSON"),
        name: str = "names",
    ) -> None:
        if not callable(nlp) and not isinstance(nlp, Mapping):
            raise TypeError(f"SpacyNameDetector: nlp must be a spaCy pipeline or a mapping of them, not "
                            f"{type(nlp).__name__}")  # fmt: skip
        self._nlp = nlp
        self.labels = frozenset(labels)
        self.name = name

    def detect(self, text: str, lang: str) -> Iterator[Finding]:
        nlp = self._nlp.get(lang) if isinstance(self._nlp, Mapping) else self._nlp
        if nlp is None or not text.strip():
            return
        for ent in nlp(text).ents:
            if ent.label_ in self.labels and ent.end_char > ent.start_char:
                yield Finding(int(ent.start_char), int(ent.end_char), EntityType.PERSON, "spacy")
