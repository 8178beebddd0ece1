"""Redaction throughput and recall, side by side with Microsoft Presidio (pattern recognisers only).

    python benchmarks/bench_redaction.py [--per-language 200] [--repeat 3] [--join K] [--all-presidio]

Runs desistkit's Redactor over the seeded corpus of benchmarks/redaction_corpus.py (8 languages) and
reports MB/s and recall per identifier type. If presidio-analyzer is installed (an optional
benchmark dependency: pip install presidio-analyzer), the same texts go through Presidio's pattern
recognisers with an empty NLP engine (offline: no model download), in the same run.
Baseline for the machine: one pass of a single e-mail regular expression over the same texts.

``--join K`` joins K notes of one language into one (the first note's identity is the case's), to see
how the ratio moves with note length; ``--all-presidio`` asks Presidio for every entity its pattern
recognisers know instead of the four both detect (what it costs to run all of them).
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
import tracemalloc
import warnings
from collections import defaultdict
from typing import Any

from redaction_corpus import Sample, generate

from desistkit.sharing import KnownIdentifiers, Redactor

# Presidio entity -> our type, for the types both detect.
PRESIDIO_TYPES = {"EMAIL_ADDRESS": "email", "PHONE_NUMBER": "phone", "IBAN_CODE": "iban", "URL": "url"}


def _timed(fn: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _recall(samples: list[Sample], spans_per_sample: list[list[tuple[int, int, str]]]) -> dict[str, float]:
    hit: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for sample, spans in zip(samples, spans_per_sample, strict=True):
        for kind, start, end in sample.planted:
            hit[kind][1] += 1
            hit[kind][0] += any(s <= start and end <= e for s, e, _ in spans)
    return {k: v[0] / v[1] for k, v in sorted(hit.items())}


class NoNames:
    """Stands in for the built-in third-party names detector, to measure what it costs."""

    name = "names"

    def detect(self, text: str, lang: str) -> tuple[()]:
        return ()


def desistkit_run(samples: list[Sample], names: bool = True) -> list[list[tuple[int, int, str]]]:
    out = []
    extra = [] if names else [NoNames()]
    for s in samples:
        redactor = Redactor(KnownIdentifiers.from_identity(s.identity), detectors=extra)
        out.append([(f.start, f.end, f.type.value) for f in redactor.find(s.text, s.lang)])
    return out


def presidio_engine() -> Any:
    try:
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine
    except ImportError:
        return None

    class NoNlp(NlpEngine):  # type: ignore[misc]
        """Pattern recognisers only: no model, no download."""

        def load(self) -> None: ...
        def is_loaded(self) -> bool:
            return True

        def process_text(self, text: str, language: str) -> Any:
            return NlpArtifacts(entities=[], tokens=[], tokens_indices=[], lemmas=[], nlp_engine=self,
                                language=language)  # fmt: skip

        def process_batch(self, texts: Any, language: str, **kwargs: Any) -> Any:
            for text in texts:
                yield text, self.process_text(text, language)

        def is_stopword(self, word: str, language: str) -> bool:
            return False

        def is_punct(self, word: str, language: str) -> bool:
            return False

        def get_supported_entities(self) -> list[str]:
            return []

        def get_supported_languages(self) -> list[str]:
            return ["en"]

    # Presidio's URL recogniser uses tldextract, which fetches the public suffix list by default:
    # use the snapshot shipped with tldextract instead, so the benchmark stays offline.
    import tldextract

    tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=())
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers(languages=["en"])
    return AnalyzerEngine(registry=registry, nlp_engine=NoNlp(), supported_languages=["en"])


def joined(samples: list[Sample], k: int) -> list[Sample]:
    """Every K notes of one language as one note with the first one's identity (planted spans are
    dropped: recall is measured on the notes as generated)."""
    out = []
    for i in range(0, len(samples) - k + 1, k):
        group = samples[i : i + k]
        if len({s.lang for s in group}) == 1:
            out.append(Sample(group[0].lang, " ".join(s.text for s in group), group[0].identity, []))
    return out


def presidio_run(engine: Any, samples: list[Sample], every: bool = False) -> list[list[tuple[int, int, str]]]:
    out = []
    entities = None if every else list(PRESIDIO_TYPES)
    for s in samples:
        results = engine.analyze(text=s.text, language="en", entities=entities)
        out.append([(r.start, r.end, PRESIDIO_TYPES.get(r.entity_type, r.entity_type)) for r in results])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-language", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--join", type=int, default=1, metavar="K", help="join K notes into one")
    parser.add_argument("--all-presidio", action="store_true", help="every Presidio pattern entity")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    samples = generate(args.per_language, seed=7)
    if args.join > 1:
        samples = joined(samples, args.join)
    megabytes = sum(len(s.text.encode("utf-8")) for s in samples) / 1e6
    desistkit_run(samples[:20])  # warm caches (date variants, validators) as a service would

    email = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
    base = _timed(lambda: [email.findall(s.text) for s in samples], args.repeat)
    ours = _timed(lambda: desistkit_run(samples), args.repeat)
    without_names = _timed(lambda: desistkit_run(samples, names=False), args.repeat)
    tracemalloc.start()
    spans = desistkit_run(samples)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"corpus: {len(samples)} notes, {megabytes:.2f} MB, 8 languages")
    print(f"baseline: one e-mail regex          {megabytes / base:9.1f} MB/s")
    print(f"desistkit Redactor (build + find)   {megabytes / ours:9.2f} MB/s   peak {peak / 2**20:.1f} MiB")
    print(f"  without the third-party names     {megabytes / without_names:9.2f} MB/s")
    recall = {"desistkit": _recall(samples, spans)}
    engine = presidio_engine()
    if engine is None:
        print("presidio-analyzer: not installed (pip install presidio-analyzer to compare)")
    else:
        presidio_run(engine, samples[:20], args.all_presidio)
        theirs = _timed(lambda: presidio_run(engine, samples, args.all_presidio), args.repeat)
        recall["presidio"] = _recall(samples, presidio_run(engine, samples))
        print(f"Presidio, pattern recognisers only  {megabytes / theirs:9.2f} MB/s   "
              f"(desistkit {theirs / ours:.1f}x its throughput)")  # fmt: skip
    print("\nrecall per type (planted span fully found):")
    kinds = sorted(recall["desistkit"])
    print("type".ljust(16) + "".join(name.rjust(12) for name in recall))
    for kind in kinds:
        print(kind.ljust(16) + "".join(f"{r.get(kind, float('nan')):12.1%}" for r in recall.values()))


if __name__ == "__main__":
    main()
