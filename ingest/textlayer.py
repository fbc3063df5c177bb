"""A PDF page's text layer: whether it is believed, and its words (pdfplumber's) as a Page.

A page whose layer is real enters the volume as text, with no OCR; one whose layer is garbled
(fonts without a Unicode map) or another program's invisible OCR is read as a scan.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from ingest.model import BBox, Line, Page, ProcessingStep, SourceRef, Word, WordOrigin, line_of, page_of_lines

VERSION = "1"

#: Share of a page's characters that must be ordinary text for its text layer to be believed.
MIN_GOOD_TEXT_SHARE = 0.85
#: Fewer characters than this and the page is treated as a scan.
MIN_TEXT_CHARS = 20


def text_layer_usable(chars: list[dict[str, Any]]) -> bool:
    """A text layer is real when it has visible text that is mostly letters, digits, punctuation
    and spaces (fonts without a Unicode map give control characters or '(cid:12)')."""
    visible = [c for c in chars if not c.get("text", "").isspace()]
    if len(visible) < MIN_TEXT_CHARS:
        return False
    invisible = sum(1 for c in visible if "GlyphLess" in str(c.get("fontname", "")))
    if invisible > len(visible) / 2:
        return False  # an earlier OCR's invisible layer: redo OCR to get our own boxes
    good = 0
    for c in visible:
        t = c.get("text", "")
        if t.startswith("(cid:"):
            continue
        cat = unicodedata.category(t[0]) if t else "Cc"
        if cat[0] in "LNPSZ" and cat != "Co":
            good += 1
    return good / len(visible) >= MIN_GOOD_TEXT_SHARE


#: Words whose tops differ by less than this share of their height sit on one line.
LINE_TOLERANCE = 0.5
#: A vertical gap over this many line heights starts a new block.
BLOCK_GAP = 1.0


def text_layer_page(
    words: list[dict[str, Any]], *, index: int, source: SourceRef, dpi: int, width: int, height: int
) -> Page:
    """A Page from pdfplumber words (PDF points, top-left origin) in pixels at `dpi`."""
    s = dpi / 72
    ws = sorted(words, key=lambda w: (round(w["top"], 1), w["x0"]))
    lines: list[list[dict[str, Any]]] = []
    for w in ws:
        h = max(1.0, w["bottom"] - w["top"])
        if lines and abs(lines[-1][0]["top"] - w["top"]) < LINE_TOLERANCE * h:
            lines[-1].append(w)
        else:
            lines.append([w])

    def box(w: dict[str, Any]) -> BBox:
        return BBox(
            int(w["x0"] * s),
            int(w["top"] * s),
            max(int(w["x0"] * s), int(round(w["x1"] * s))),
            max(int(w["top"] * s), int(round(w["bottom"] * s))),
        )

    built: list[Line] = []
    for raw in lines:
        raw.sort(key=lambda w: w["x0"])
        words_ = tuple(
            Word(
                text=w["text"],
                bbox=box(w),
                confidence=1.0,
                origin=WordOrigin.TEXT_LAYER,
                size=round(float(w["size"]) * s, 1) if w.get("size") else None,
            )
            for w in raw
        )
        built.append(line_of(words_))
    groups: list[list[Line]] = []
    for ln in built:
        if groups:
            prev = groups[-1][-1]
            if ln.bbox.y0 - prev.bbox.y1 > BLOCK_GAP * max(prev.bbox.height, 1):
                groups.append([ln])
                continue
            groups[-1].append(ln)
        else:
            groups.append([ln])
    return page_of_lines(
        groups,
        index=index,
        source=source,
        width=width,
        height=height,
        dpi=dpi,
        steps=(ProcessingStep("text_layer", VERSION, {"reader": "pdfplumber"}),),
    )
