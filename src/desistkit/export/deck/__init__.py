"""The CaseReflector deck, in three layers: :mod:`.layout` (pure measuring and pagination),
:mod:`.writer` (the presentation, its template, boxes and charts as XML) and the slide builders
(:mod:`.slides`, :mod:`.slides_factors`, :mod:`.slides_charts`), each drawing a part of the
content (:mod:`desistkit.export.content`). The public entry points are in
:mod:`desistkit.export.reflector`."""
