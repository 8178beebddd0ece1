"""The cheaper paths of the redactor find exactly what the plain ones found.

Each fast path is compared with the plain code it replaced (kept here as the reference) on random
inputs; a pre-check that lets a validator be skipped is shown to be a necessary condition of what
the validator accepts.
"""

from __future__ import annotations

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from desistkit.sharing import EntityType, Finding
from desistkit.sharing.redaction import _redactor

# --- overlap resolution ---------------------------------------------------------------------------


def _plain_resolve(found: list[Finding], text: str) -> tuple[Finding, ...]:
    """Redactor's overlap resolution as it was written first (clusters, then ``min`` by key)."""
    clusters: list[list[Finding]] = []
    cluster_end = 0
    for f in sorted(found, key=lambda f: (f.start, -f.end)):
        if clusters and f.start < cluster_end:
            clusters[-1].append(f)
            cluster_end = max(cluster_end, f.end)
        else:
            clusters.append([f])
            cluster_end = f.end
    merged: list[Finding] = []
    for cluster in clusters:
        if len(cluster) == 1:
            f = cluster[0]
        else:
            best = min(cluster, key=lambda f: (-(f.end - f.start), not f.known, _redactor._RANK[f.type]))
            people = [f for f in cluster if f.known and f.type is EntityType.PERSON]
            if people and all(f.type is EntityType.PERSON for f in cluster):
                best = min(people, key=lambda f: -(f.end - f.start))
            source = "known" if any(f.known for f in cluster) else best.source
            f = attrs.evolve(best, start=cluster[0].start, end=max(c.end for c in cluster), source=source)
        prev = merged[-1] if merged else None
        same_person = prev is not None and (
            (f.person is not None and prev.person == f.person)
            or (f.place is not None and prev.place == f.place)
        )
        if prev is not None and same_person and not text[prev.end : f.start].strip():
            merged[-1] = attrs.evolve(prev, end=f.end)
        else:
            merged.append(f)
    return tuple(merged)


@st.composite
def _findings(draw: st.DrawFn) -> tuple[list[Finding], str]:
    text = draw(st.text(alphabet=" a\n.", min_size=40, max_size=40))
    found = []
    for _ in range(draw(st.integers(0, 9))):
        start = draw(st.integers(0, 38))
        end = draw(st.integers(start + 1, min(40, start + 12)))
        kind = draw(
            st.sampled_from([EntityType.PERSON, EntityType.PLACE, EntityType.PHONE, EntityType.EMAIL])
        )
        source = draw(st.sampled_from(["known", "pattern", "names"]))
        person = draw(st.none() | st.integers(1, 2)) if kind is EntityType.PERSON else None
        place = draw(st.none() | st.integers(0, 1)) if kind is EntityType.PLACE else None
        found.append(Finding(start, end, kind, source, person, place))
    return found, text


@settings(max_examples=800, deadline=None)
@given(_findings())
def test_resolve_is_the_plain_resolution(case: tuple[list[Finding], str]) -> None:
    """Same findings, same order, same source, person and place, for any overlaps and gaps."""
    found, text = case
    assert _redactor._resolve(list(found), text) == _plain_resolve(list(found), text)
