"""A page as a revision stores it: the document model as plain JSON, and back.

`page_to_dict` gives the JSON a revision (or a draft) keeps; `page_from_dict` reads it back into
the frozen dataclasses of `ingest.model`, sharing equal values between the objects it makes (see
`_COORDS`). A field added to the model needs a default here too, so old revisions stay readable.
"""

from __future__ import annotations

import dataclasses
import sys
from enum import StrEnum
from typing import Any

from ingest.model import (
    BLOCK_OPTIONAL,
    BBox,
    Block,
    BlockKind,
    Decision,
    HyphenPart,
    Line,
    Page,
    PageStatus,
    ProcessingStep,
    SourceRef,
    Word,
    WordOrigin,
    block_extras,
)

#: Canonical int objects for page coordinates. A stored page comes back with its words' box corners
#: as distinct int objects (CPython shares only -5..256): four 28-byte objects a word, more than the
#: box itself. Decoding through this table, interning word texts and sharing the few distinct
#: confidences and type sizes gives equal values in shared objects, so a volume's pages held in
#: memory (cleanup reads them all) take about half as much.
_COORDS = {n: n for n in range(1 << 15)}
_FLOATS: dict[float, float] = {}
_MAX_FLOATS = 4096  # OCR confidences take many values: the first few thousand are shared, no more


def _shared(v: Any) -> Any:
    """`v`, or an equal float decoded before (0.0 and NaN are left alone: -0.0 == 0.0, NaN != NaN)."""
    if type(v) is not float or not v or v != v:
        return v
    if len(_FLOATS) < _MAX_FLOATS:
        return _FLOATS.setdefault(v, v)
    return _FLOATS.get(v, v)


def _bbox_from(v: Any) -> BBox:
    x0, y0, x1, y1 = v
    c = _COORDS.get  # found: the shared int (0 is falsy, but int(0) is CPython's shared 0)
    return BBox(c(x0) or int(x0), c(y0) or int(y0), c(x1) or int(x1), c(y1) or int(y1))


def word_to_dict(w: Word) -> dict[str, Any]:
    d: dict[str, Any] = {"t": w.text, "b": list(w.bbox.as_tuple()), "c": round(w.confidence, 4)}
    if w.origin is not WordOrigin.OCR:
        d["o"] = w.origin.value
    for name in ("hyphen", "joined", "marker", "note_id", "size"):
        v = getattr(w, name)
        if v is not None:
            d[name] = v.value if isinstance(v, StrEnum) else v
    return d


def word_from_dict(d: dict[str, Any]) -> Word:
    c, size = float(d.get("c", 1.0)), d.get("size")
    return Word(
        text=sys.intern(d["t"]),
        bbox=_bbox_from(d["b"]),
        confidence=_FLOATS.get(c) or _shared(c),
        origin=WordOrigin(d.get("o", "ocr")),
        hyphen=HyphenPart(d["hyphen"]) if d.get("hyphen") else None,
        joined=d.get("joined"),
        marker=d.get("marker"),
        note_id=d.get("note_id"),
        size=(_FLOATS.get(size) or _shared(size)) if type(size) is float else size,
    )


def block_to_dict(b: Block) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": b.id,
        "kind": b.kind.value,
        "bbox": list(b.bbox.as_tuple()),
        "lines": [
            {"bbox": list(ln.bbox.as_tuple()), "words": [word_to_dict(w) for w in ln.words]} for ln in b.lines
        ],
    }
    d.update(block_extras(b))
    return d


def block_from_dict(d: dict[str, Any]) -> Block:
    lines = tuple(
        Line(words=tuple(word_from_dict(w) for w in ln["words"]), bbox=_bbox_from(ln["bbox"]))
        for ln in d["lines"]
    )
    return Block(
        id=d["id"],
        kind=BlockKind(d["kind"]),
        lines=lines,
        bbox=_bbox_from(d["bbox"]),
        continues=bool(d.get("continues", False)),
        verse=bool(d.get("verse", False)),
        **{name: d.get(name) for name in BLOCK_OPTIONAL},
    )


def page_to_dict(p: Page) -> dict[str, Any]:
    return {
        "index": p.index,
        "source": dataclasses.asdict(p.source),
        "width": p.width,
        "height": p.height,
        "dpi": p.dpi,
        "label": p.label,
        "status": p.status.value,
        "blocks": [block_to_dict(b) for b in p.blocks],
        "decisions": [dataclasses.asdict(d) for d in p.decisions],
        "steps": [dataclasses.asdict(s) for s in p.steps],
    }


def page_from_dict(d: dict[str, Any]) -> Page:
    return Page(
        index=int(d["index"]),
        source=SourceRef(**d["source"]),
        width=int(d["width"]),
        height=int(d["height"]),
        dpi=int(d["dpi"]),
        label=d.get("label"),
        status=PageStatus(d.get("status", "new")),
        blocks=tuple(block_from_dict(b) for b in d.get("blocks", ())),
        decisions=tuple(
            Decision(
                kind=x["kind"],
                targets=tuple(x["targets"]),
                detail=x["detail"],
                data=x.get("data", {}),
                id=x.get("id", ""),
            )
            for x in d.get("decisions", ())
        ),
        steps=tuple(ProcessingStep(**s) for s in d.get("steps", ())),
    )
