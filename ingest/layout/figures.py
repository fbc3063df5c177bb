"""Numbers OCR read as two figure groups ("1 928" for "1928").

Tesseract sometimes cuts a number in two where a narrow figure stands beside a wide one (a "1"
set on a figure's full width leaves white either side of its stroke): "February 1 928". The
text then holds a figure group that is no number of the text, and a lone "1" that reads like a
page number left in it. Two figure groups side by side in a line are one number when the volume
itself prints the number they make as one word (its own evidence that the number is written so),
and the white between them is narrower than nine in ten of the page's spaces between words, so
that two numbers a space apart ("pages 12 14") stay apart. Each join is a
decision (`figures_joined`) that undo takes back.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Sequence

import regex as re

from ingest.layout.drafts import PageWork
from ingest.layout.order import Flow, PageOrder
from ingest.model import BBox, Line, Word

#: A figure group as the first half: figures, an opening bracket or quote before them.
_FIRST = re.compile(r"^([(\[\"'‘“]?)(\p{Nd}+)$")
#: A figure group as the second half: figures, then punctuation that may close a number.
_SECOND = re.compile(r"^(\p{Nd}+)([.,;:!?)\]\"'’”]*)$")
#: A number printed as one word: figures, what may open or close it around them.
_NUMBER = re.compile(r"^[(\[\"'‘“]?(\p{Nd}{2,})[.,;:!?)\]\"'’”]*$")


@dataclasses.dataclass(frozen=True)
class Joined:
    """Two figure groups made one number: `word` the word it now is, `parts` the two as OCR read them."""

    word: Word
    parts: tuple[Word, Word]


def numbers(lines: Iterable[Line]) -> Counter[str]:
    """The numbers of two figures or more printed as one word in the lines, counted."""
    out: Counter[str] = Counter()
    for ln in lines:
        for wd in ln.words:
            m = _NUMBER.match(wd.text)
            if m:
                out[m.group(1)] += 1
    return out


def word_space(lines: Sequence[Line], *, share: float = 0.1, min_gaps: int = 20) -> float | None:
    """The page's narrow space between words: the white between words side by side in its lines
    that only `share` of them are narrower than (a justified line stretches its spaces, the
    tightest lines show the type's own); None with fewer than `min_gaps` such spaces."""
    gaps = sorted(
        g
        for ln in lines
        for a, b in zip(ln.words, ln.words[1:], strict=False)
        if (g := b.bbox.x0 - a.bbox.x1) > 0
    )
    return float(gaps[int(share * len(gaps))]) if len(gaps) >= min_gaps else None


def split_number(a: Word, b: Word, printed: Counter[str], space: float) -> str | None:
    """The word `a` and `b` make as one number when they are halves of one (see the module): `a`
    figures (an opening mark before them), `b` figures (closing marks after), the white between
    them narrower than `space`, on one row, and the number they make printed as one word somewhere
    in the volume (`printed`, see `numbers`)."""
    ma, mb = _FIRST.match(a.text), _SECOND.match(b.text)
    if ma is None or mb is None:
        return None
    gap = b.bbox.x0 - a.bbox.x1
    if not 0 <= gap < space:
        return None
    overlap = min(a.bbox.y1, b.bbox.y1) - max(a.bbox.y0, b.bbox.y0)
    if overlap < 0.5 * min(a.bbox.height, b.bbox.height):
        return None
    number = ma.group(2) + mb.group(1)
    if not printed[number]:
        return None
    return ma.group(1) + number + mb.group(2)


def join_in_line(line: Line, printed: Counter[str], space: float, joins: list[Joined]) -> Line:
    """The line with its split numbers joined (`split_number`); each join appended to `joins`."""
    words = list(line.words)
    k = 0
    changed = False
    while k + 1 < len(words):
        text = split_number(words[k], words[k + 1], printed, space)
        if text is None:
            k += 1
            continue
        a, b = words[k], words[k + 1]
        word = dataclasses.replace(
            a, text=text, bbox=a.bbox.union(b.bbox), confidence=min(a.confidence, b.confidence)
        )
        words[k : k + 2] = [word]
        joins.append(Joined(word, (a, b)))
        changed = True
    return Line(tuple(words), BBox.enclosing([w.bbox for w in words])) if changed else line


def join_split_numbers(order: PageOrder, printed: Counter[str], joins: list[Joined]) -> PageOrder:
    """The page's reading order with its split numbers joined, flow by flow (a page too short to
    show its word space is left as read)."""
    if not order.lines:
        return order
    space = word_space(order.lines)
    if space is None:
        return order
    flows, changed = [], False
    for f in order.flows:
        lines = [join_in_line(ln, printed, space, joins) for ln in f.lines]
        changed |= any(a is not b for a, b in zip(lines, f.lines, strict=True))
        flows.append(Flow(tuple(lines), f.frame, f.column))
    if not changed:
        return order
    return dataclasses.replace(order, flows=flows, lines=[ln for f in flows for ln in f.lines])


def record_joins(w: PageWork) -> None:
    """A `figures_joined` decision for each number joined on the page (after the blocks have their
    ids): undo gives back the two figure groups as OCR read them."""
    for j in w.figure_joins:
        ref = next(
            (
                f"{d.id}:{li}:{wi}"
                for d in w.drafts
                for li, ln in enumerate(d.lines)
                for wi, wd in enumerate(ln.words)
                if wd.text == j.word.text and wd.bbox == j.word.bbox
            ),
            None,
        )
        if ref is None:
            continue  # a later step changed the word: its parts are no longer what it holds
        a, b = j.parts
        w.decide(
            "figures_joined",
            (ref,),
            f"{a.text!r} {b.text!r} → {j.word.text!r} (one number, printed so in the volume)",
            {
                "word": ref,
                "parts": [
                    {
                        "text": x.text,
                        "bbox": [x.bbox.x0, x.bbox.y0, x.bbox.x1, x.bbox.y1],
                        "confidence": x.confidence,
                    }
                    for x in (a, b)
                ],
            },
        )
    w.figure_joins = []
