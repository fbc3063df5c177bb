"""Drop capitals: a chapter's first letter set large beside the first lines of its paragraph.

OCR reads the capital as a word of its own, two or three lines tall, and the row it overlaps most
is usually the second line beside it, so the letter ends up in the wrong line ("L Commission…"
after "eon Trotsky…") and the lines beside it look indented by its width. Here the capital goes
back to the start of the first line beside it, joined to that line's first word when the two make
a word of the volume's language ("L" + "eon", "I" + "n") and kept apart when the letter is a word
by itself ("A" + "letter"); a capital OCR read as a figure ("1" for "I") is that capital only when
the two make a word ("I" + "t"); the other lines beside it are measured from the capital's left edge,
as the column's edge they are set against. Each capital moved or joined is a `drop_cap` decision
whose undo gives back OCR's reading: the capital a word of its own, in the line OCR read it in.
"""

from __future__ import annotations

import dataclasses
import statistics
from collections.abc import Callable, Mapping, Sequence

import regex as re

from ingest.layout.drafts import PageWork
from ingest.layout.geometry import PageFrame
from ingest.layout.measures import line_edges
from ingest.layout.numerals import CAPITAL_LOOKALIKES
from ingest.layout.order import Flow, PageOrder
from ingest.model import BBox, Line, Word

_CAP = re.compile(r"^[\"'‘“„«(\[]*\p{Lu}[\p{L}'’”\"]{0,2}$")
_LETTERS = re.compile(r"\p{L}+")


@dataclasses.dataclass(frozen=True)
class Moved:
    """A drop capital put back at the start of its line: `word` the word it now is (joined to the
    line's first word, or the capital itself when kept apart), `cap` the capital and `head` the
    word (None when kept apart) as OCR read them, and `before` the word OCR read just after the
    capital in another line (None when OCR read the capital in its own row or in the line it
    goes to)."""

    word: Word
    cap: Word
    head: Word | None = None
    before: Word | None = None


def is_drop_cap(word: Word, type_height: float, *, low: float = 1.8, high: float = 4.5) -> bool:
    """Whether `word` looks like a drop capital: a capital letter (an opening quote may come before
    it, and OCR may glue a letter or two of the word beside it on) between `low` and `high` type
    heights tall."""
    return bool(_CAP.match(word.text)) and low * type_height <= word.bbox.height <= high * type_height


def towers_over_its_line(line: Line, *, share: float = 1.5, least: int = 3) -> bool:
    """Whether the line's first word stands at least `share` times as tall as its other words (at
    least `least` of them; the height three quarters of them stay within, that of a word with an
    ascender or a capital): a drop capital spans two lines or more beside the words that follow
    it on its first line. A word of the line boxed tall by a speck or the ink
    showing through from the page's back ('But' over two lines' height) does not; a line too short
    to tell says nothing against it."""
    others = sorted(w.bbox.height for w in line.words[1:])
    if len(others) < least:
        return True
    return line.words[0].bbox.height >= share * others[(3 * len(others)) // 4]


def cap_letter(word: Word, type_height: float, *, low: float = 1.8, high: float = 4.5) -> str | None:
    """The drop capital `word` stands for: its text when it looks like one (`is_drop_cap`), the
    capital letter OCR read as a figure when it is one figure of that size ("1" for "I"), else None."""
    if is_drop_cap(word, type_height, low=low, high=high):
        return word.text
    letter = CAPITAL_LOOKALIKES.get(word.text)
    return (
        letter if letter is not None and low * type_height <= word.bbox.height <= high * type_height else None
    )


def _line(words: Sequence[Word], bbox: BBox | None = None) -> Line:
    return Line(words=tuple(words), bbox=bbox or BBox.enclosing([w.bbox for w in words]))


def join_in_flow(
    lines: Sequence[Line],
    type_height: float,
    is_word: Callable[[str, str], bool],
    joins: list[Moved] | None = None,
    *,
    slack: float = 0.5,
    edge: PageFrame | None = None,
    high: float = 4.5,
) -> list[Line]:
    """The flow's lines with each drop capital moved to the start of the first line beside it
    (`is_word(cap, first_word)` says whether they make one word) and the other lines beside it
    given the capital's left edge; each capital joined, or moved from the line OCR read it in, is
    appended to `joins` (`Moved`). A capital must be the leftmost word of its row, and at least two
    lines must stand beside it (right of its first letter, their middles within its height).

    OCR's box may hold only part of the capital (the thick stroke of an 'A', its thin one lost):
    the lines below the ones beside it that start where they do, one after the other, go on
    beside it as long as they start within `high` type heights (the tallest capital) of its top,
    and a capital standing within `_AT_EDGE` type heights right of the column's left edge
    (`edge`, the flow's frame) gives those lines that edge. A capital OCR read glued to letters of
    a word beside it ('Aint' for 'A' and 'light') or as a mark with no letter ('\\'), tall as a
    capital, stands for one (`_stands_for_cap`): the lines beside it are given its left edge,
    and it stays as read, in its row. The lines are put in order by where most of their words
    stand (`measures.line_edges`): a word stretched tall beside the capital does not lift its
    line above the one over it."""
    out = list(lines)
    for k in range(len(out)):
        row = out[k]
        if not row.words:
            continue
        cap = min(row.words, key=lambda w: w.bbox.x0)
        rest = [w for w in row.words if w is not cap]
        letter = cap_letter(cap, type_height, high=high)
        if rest and statistics.median(w.bbox.height for w in rest) > 1.5 * type_height:
            continue
        if letter is None and not _stands_for_cap(cap, type_height, high=high):
            continue
        pieces = {k: rest} if rest else {}
        for j, ln in enumerate(out):
            if j != k and ln.words:
                pieces.setdefault(j, list(ln.words))

        # where most of its words start: a word stretched tall beside the capital lifts no line
        top = {j: line_edges(_line(ws))[0] for j, ws in pieces.items()}
        left = {j: min(w.bbox.x0 for w in _inked(ws, type_height)) for j, ws in pieces.items()}

        beside = sorted(
            (
                j
                for j, ws in pieces.items()
                if cap.bbox.y0 <= (top[j] + max(w.bbox.y1 for w in ws)) / 2 <= cap.bbox.y1
                and left[j] >= cap.bbox.x0 + min(cap.bbox.width, 1.5 * type_height) - slack * type_height
            ),
            key=top.__getitem__,
        )
        if beside:
            # a line whose top is just under the capital, set in as far as one of the first ones
            # (the first may start further right: OCR glued the letters after the capital to it,
            # 'Ts' for 'The'): the capital's box (with its margin) reaches into it
            set_in = [left[j] for j in beside]
            beside += [
                j
                for j in pieces
                if j not in beside
                and top[beside[-1]] < top[j] <= cap.bbox.y1 + type_height
                and min(abs(left[j] - x) for x in set_in) <= slack * type_height
            ]
            beside += _below_beside(beside, pieces, top, left, cap, type_height, slack=slack, high=high)
        if len(beside) < 2:
            continue
        x0 = cap.bbox.x0
        if edge is not None and 0.0 <= x0 - edge.left_at(cap.bbox.y0) <= _AT_EDGE * type_height:
            x0 = round(edge.left_at(cap.bbox.y0))  # the capital stands at the column's edge
        if letter is None:
            # a capital OCR misread: the lines beside it start at its edge; its row stays as read.
            # Only a mark at the column's edge beside lines set in from it: dust or a shadow in
            # the margin beside lines at the edge is no capital
            if edge is None or not _misread_cap_at_edge(cap, [left[j] for j in beside], edge, type_height):
                continue
            new = {
                j: _line(pieces[j], _from(BBox.enclosing([w.bbox for w in pieces[j]]), x0))
                for j in beside
                if j != k
            }
            out = [new.get(j, ln) for j, ln in enumerate(out)]
            continue
        first = beside[0]
        words = sorted(pieces[first], key=lambda w: w.bbox.x0)
        head = _inked(words, type_height)[0]
        # the word OCR read after the capital in another line than the one it goes to
        before = min(rest, key=lambda w: w.bbox.x0) if rest and k != first else None
        if letter != cap.text and not is_word(letter, head.text):
            continue  # a figure read for a capital only when the two make a word: else as read
        if is_word(letter, head.text):
            joined = Word(
                text=letter + head.text,
                bbox=cap.bbox.union(head.bbox),
                confidence=min(cap.confidence, head.confidence),
                origin=head.origin,
                marker=head.marker,
            )
            words = [joined, *(w for w in words if w is not head)]
            if joins is not None:
                joins.append(Moved(joined, cap, head, before))
        else:
            words = [cap, *words]
            if joins is not None and before is not None:
                joins.append(Moved(cap, cap, None, before))
        new = {first: _line(words)}
        if x0 < cap.bbox.x0:
            new[first] = _line(words, _from(new[first].bbox, x0))
        for j in beside[1:]:
            new[j] = _line(pieces[j], _from(BBox.enclosing([w.bbox for w in pieces[j]]), x0))
        if k not in new:
            new[k] = _line(rest) if rest else Line(words=(), bbox=row.bbox)
        out = [new.get(j, ln) for j, ln in enumerate(out)]
    kept = [ln for ln in out if ln.words]
    if kept == list(lines):
        return list(lines)
    return sorted(kept, key=lambda ln: (line_edges(ln)[0], ln.bbox.x0))


_AT_EDGE = 2.0  # type heights: how far right of the column's edge a drop capital's box may start
_GLUED = re.compile(r"^[\"'‘“„«(\[]*\p{Lu}\p{Ll}{3,}[\p{L}'’]*$")


def _stands_for_cap(word: Word, type_height: float, *, low: float = 1.8, high: float = 4.5) -> bool:
    """Whether `word`, OCR's reading of no capital letter, stands where a drop capital is, as tall as
    one (`low` to `high` type heights): a capital glued to the letters of the word beside it
    ('Aint': the 'A' and the 'light' of the line below), or a mark with no letter or figure (a
    stroke of the capital, '\\')."""
    if not low * type_height <= word.bbox.height <= high * type_height:
        return False
    return bool(_GLUED.match(word.text)) or not any(c.isalnum() for c in word.text)


def _misread_cap_at_edge(
    cap: Word, lefts: Sequence[float], edge: PageFrame, type_height: float, *, slack: float = 0.5
) -> bool:
    """Whether a word standing for a capital OCR misread (`_stands_for_cap`) starts at the column's
    edge (from `slack` type heights left of it to `_AT_EDGE` right) and the lines beside it start
    (`lefts`) set in from that edge by a type height or more, as a drop capital's lines are."""
    at = edge.left_at(cap.bbox.y0)
    if not -slack * type_height <= cap.bbox.x0 - at <= _AT_EDGE * type_height:
        return False
    return min(lefts) - at >= type_height


def _from(box: BBox, x0: int) -> BBox:
    """The box, started at `x0` when that is further left."""
    return BBox(min(x0, box.x0), box.y0, box.x1, box.y1)


def _below_beside(
    beside: list[int],
    pieces: Mapping[int, list[Word]],
    top: Mapping[int, float],
    left: Mapping[int, float],
    cap: Word,
    type_height: float,
    *,
    slack: float,
    high: float,
) -> list[int]:
    """The lines under those beside a capital (`beside`, in order) that go on beside it, one after
    the other: each starts where one of those beside it does (within `slack` type heights), its
    top no further below the line above it than the steps between the lines beside it (half a
    type height more), and within `high` type heights of the capital's top. OCR's box held only
    part of the capital; the next line back at the column's edge ends the run."""
    if len(beside) < 2:
        return []
    steps = [top[b] - top[a] for a, b in zip(beside, beside[1:], strict=False)]
    step = max(steps) + slack * type_height
    set_in = [left[j] for j in beside]
    more: list[int] = []
    last = top[beside[-1]]
    for j in sorted((j for j in pieces if j not in beside and top[j] > last), key=top.__getitem__):
        if top[j] - last > step or top[j] > cap.bbox.y0 + high * type_height:
            break
        if min(abs(left[j] - x) for x in set_in) > slack * type_height:
            break
        more.append(j)
        last = top[j]
    return more


def _inked(words: Sequence[Word], type_height: float, *, speck: float = 0.2) -> list[Word]:
    """The words that are not specks OCR read as words of their own: a mark with no letter or
    figure narrower than `speck` type heights ('¥' two pixels wide between a capital and the rest
    of its word). All the words when every one is a speck."""
    kept = [w for w in words if any(c.isalnum() for c in w.text) or w.bbox.width >= speck * type_height]
    return kept or list(words)


def join_drop_caps(
    order: PageOrder, is_word: Callable[[str, str], bool], joins: list[Moved] | None = None
) -> PageOrder:
    """The page's reading order with its drop capitals joined to their lines (`join_in_flow`),
    flow by flow; the words joined are appended to `joins`."""
    if not order.book or not order.lines:
        return order
    heights = [w.bbox.height for ln in order.lines for w in ln.words]
    type_height = statistics.median(heights)
    flows, changed = [], False
    for f in order.flows:
        lines = join_in_flow(f.lines, type_height, is_word, joins, edge=f.frame)
        changed |= lines != list(f.lines)
        flows.append(Flow(tuple(lines), f.frame, f.column))
    if not changed:
        return order
    return dataclasses.replace(order, flows=flows, lines=[ln for f in flows for ln in f.lines])


_LEAD = re.compile(r"^[\"'‘“„«(\[]*\p{Lu}[^\s\p{N}]{0,2}$")


def lead_drop_cap_blocks(blocks: Sequence[Sequence[Line]], *, slack: float = 0.5) -> list[list[Line]]:
    """The blocks of a page that keeps Tesseract's reading (not a book page), with each block
    opened by a drop capital put before the blocks whose first lines stand beside the capital, and
    joined to them: the lines beside a drop capital are its paragraph's first lines. Tesseract may
    read the capital's row as a block of its own and put it after them ("wandered around the
    house … questioned her until he learned the" / "S HE MOPED. She sighed. She"). The capital is
    measured as in `join_in_flow` (a capital, OCR may glue a mark or two to it, 1.8 to 4.5 of the
    page's type heights tall, beside words of body size); at least two lines must stand beside it,
    its own row's words counting as one. Blocks are otherwise kept as read."""
    groups = [list(g) for g in blocks if g]
    heights = [w.bbox.height for g in groups for ln in g for w in ln.words]
    if len(groups) < 2 or not heights:
        return groups
    th = statistics.median(heights)
    k = 0
    while k < len(groups):
        first = groups[k][0]
        cap = min(first.words, key=lambda w: w.bbox.x0) if first.words else None
        rest = [w for w in first.words if w is not cap]
        if (
            cap is None
            or not _LEAD.match(cap.text)
            or not 1.8 * th <= cap.bbox.height <= 4.5 * th
            or (rest and statistics.median(w.bbox.height for w in rest) > 1.5 * th)
        ):
            k += 1
            continue
        edge = cap.bbox.x0 + min(cap.bbox.width, 1.5 * th) - slack * th

        def beside(ln: Line, cap: Word = cap, edge: float = edge, right: float = first.bbox.x1) -> bool:
            mid = (ln.bbox.y0 + ln.bbox.y1) / 2
            return cap.bbox.y0 <= mid <= cap.bbox.y1 and edge <= ln.bbox.x0 < min(cap.bbox.x1 + th, right)

        mates = [j for j, g in enumerate(groups) if j != k and beside(g[0])]
        if not mates or len(mates) + bool(rest) < 2:
            k += 1
            continue
        at = min([k, *mates])
        joined = sorted([ln for j in [k, *mates] for ln in groups[j]], key=lambda ln: ln.bbox.y0)
        groups = [g for j, g in enumerate(groups) if j not in mates and j != k]
        groups.insert(at, joined)
        k = at + 1
    return groups


def word_test(vocabulary: set[str], zipf: Callable[[str], float]) -> Callable[[str, str], bool]:
    """Whether a capital and the word after it make one word: the joined letters are a word of the
    volume (`vocabulary`, lower case) or at least as frequent in its language (`zipf`) as the rarer
    of the capital and the word read apart; a letter that is no word by itself always joins."""

    def is_word(cap: str, word: str) -> bool:
        letters = _LETTERS.findall(cap)
        head = _LETTERS.match(word)
        if not letters or head is None:
            return False
        c, w = letters[0].lower(), head.group().lower()
        if c + w in vocabulary:
            return True
        if c not in vocabulary and zipf(c) < 3.0:
            return True
        return zipf(c + w) >= min(zipf(c), zipf(w)) and zipf(c + w) > 0

    return is_word


def _ref(w: PageWork, word: Word | None) -> str | None:
    """The "block:line:word" ref of `word` on the page: the very word, else the one word in its
    place (a later pass may have replaced it, keeping its box)."""
    if word is None:
        return None
    found = [
        (wd is word, f"{d.id}:{li}:{wi}")
        for d in w.drafts
        for li, ln in enumerate(d.lines)
        for wi, wd in enumerate(ln.words)
        if wd is word or wd.bbox == word.bbox
    ]
    same = [ref for exact, ref in found if exact]
    return same[0] if same else (found[0][1] if len(found) == 1 else None)


def record_joins(w: PageWork) -> None:
    """A `drop_cap` decision for each capital joined to its word, or moved from the line OCR read
    it in, on the page (after the blocks have their ids): undo gives back the capital and the word
    as OCR read them, the capital in OCR's line (before the word `before` names)."""
    for m in w.drop_caps:
        ref = _ref(w, m.word)
        if ref is None:
            continue
        data: dict[str, object] = {
            "word": ref,
            "cap": m.cap.text,
            "cap_bbox": [m.cap.bbox.x0, m.cap.bbox.y0, m.cap.bbox.x1, m.cap.bbox.y1],
            "cap_confidence": m.cap.confidence,
        }
        if m.head is not None:
            data["text_before"] = m.head.text
            data["bbox_before"] = [m.head.bbox.x0, m.head.bbox.y0, m.head.bbox.x1, m.head.bbox.y1]
        before = _ref(w, m.before)
        if before is not None:
            data["before"] = before
        elif m.head is None:
            continue  # kept apart, and OCR's line for it is gone: nothing to give back
        detail = (
            f"drop capital {m.cap.text!r} joined to {m.head.text!r}"
            if m.head is not None
            else f"drop capital {m.cap.text!r} moved to the start of its line"
        )
        w.decide("drop_cap", (ref,), detail, data)
