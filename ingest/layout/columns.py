"""Columns: a page's gutters found from its lines, and the page cut into bands.

A gutter is a white band that many rows have text on both sides of (`find_gutters`). With the
gutters known, the page is cut top to bottom into bands (`cut_bands`): a band of lines spanning the
gutters is one flow, a band of columns one flow per column; a column's first or last lines that
stand above or below the other columns (a head over one column, a short note under them) are read
before or after the columns. `read_page` (`order`) reads the bands as the page's flows.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.layout.geometry import (
    DESCENDERS,
    PageFrame,
    _same_row,
    page_frame,
    rises,
    text_words,
    type_height,
)
from ingest.model import BBox, Line, Word


def find_gutters(
    lines: Sequence[Line],
    type_h: float,
    *,
    min_gap: float = 0.8,
    min_rows: int = 4,
    min_share: float = 0.25,
    min_column: float = 5.0,
    max_gutters: int = 3,
    near: Sequence[float] = (),
    near_slack: float = 3.0,
    max_crossing: float = 0.34,
    row_overlap: float = 0.1,
    gaps: RowGaps | None = None,
) -> list[tuple[float, float]]:
    """The page's column gutters, left to right, as (left, right) x ranges. A gutter is a white band
    at least `min_gap` type heights wide that at least `min_rows` rows (and `min_share` of the rows
    with two or more pieces side by side) have text on both sides of, and whose columns on either
    side are text: their lines are typically at least `min_column` type heights wide (a contents
    page's column of page numbers is not a column). With `near` (the volume's gutters, x), two rows
    suffice for a gutter within `near_slack` type heights of one of them, and the widest line on
    each side must be that wide (a chapter's last rows are short); one row suffices where at most
    `max_crossing` of the page's lines cross the volume's gutter. Two lines stand side by side
    when they share `row_overlap` of the shorter one's height: the columns need not keep one
    baseline grid (a heading or a stanza in one column shifts its lines by half a line against
    the other's, and then no line shares half its height with the line beside it). `gaps`: the
    lines' `row_gaps` when the caller has them already (measured with `min_gap` and `row_overlap`)."""
    if near:
        # a page whose lines stand on either side of the volume's gutter, few crossing it (a
        # title, a running head): one row with a line on each side is a chapter's last row of
        # the right column (a stanza's last line carried over)
        crossing = sum(1 for ln in lines if any(ln.bbox.x0 < c < ln.bbox.x1 for c in near))
        min_rows, min_share = (1 if crossing <= max_crossing * len(lines) else 2), 0.0
    found = gaps if gaps is not None else row_gaps(lines, type_h, min_gap=min_gap, row_overlap=row_overlap)
    gaps_left, rows_with_pieces = list(found.gaps), found.rows_with_pieces
    gutters: list[tuple[float, float]] = []
    while gaps_left and len(gutters) < max_gutters:
        points = sorted({round((g[0] + g[1]) / 2) for g in gaps_left} | {round(g[0]) + 1 for g in gaps_left})
        if near:
            # the volume's gutter itself, and points near it (short lines leave a wide white)
            points = sorted({round(c) for c in near}) + [
                x for x in points if any(abs(x - c) <= near_slack * type_h for c in near)
            ]
        best_x: int | None = None
        best: list[tuple[float, float]] = []
        for x in points:
            hit = [g for g in gaps_left if g[0] < x < g[1]]
            if len(hit) > len(best):
                best_x, best = x, hit
        if best_x is None or len(best) < max(min_rows, min_share * rows_with_pieces):
            break
        gl, gr = _band_edges(best)
        if gr - gl < 0.5 * type_h:
            gl, gr = best_x - 0.25 * type_h, best_x + 0.25 * type_h
        gaps_left = [g for g in gaps_left if g not in best]
        if _text_on_both_sides(lines, (gl, gr), type_h, min_column, min_rows, widest=bool(near)):
            gutters.append((gl, gr))
    gutters.sort()
    return gutters


@dataclass(frozen=True)
class RowGaps:
    """The white between lines side by side, as (end of the left line's text, start of the right
    one's), and how many lines have such a line beside them in their row (sharing half its height)."""

    gaps: tuple[tuple[float, float], ...]
    rows_with_pieces: int


def row_gaps(
    lines: Sequence[Line], type_h: float, *, min_gap: float = 0.8, row_overlap: float = 0.1
) -> RowGaps:
    """The page's `RowGaps`: lines side by side share `row_overlap` of the shorter one's height, and
    the white between them is at least `min_gap` type heights wide. Measured once per page: both
    `find_gutters` and `speck_zones` read them."""
    least = min_gap * type_h
    gaps: list[tuple[float, float]] = []
    ordered = sorted(lines, key=lambda ln: ln.bbox.y0)
    rows_with_pieces = 0
    for i, a in enumerate(ordered):
        beside = False
        for b in ordered[i + 1 :]:
            if b.bbox.y0 > a.bbox.y1:
                break
            if not _same_row(a.bbox, b.bbox, row_overlap):
                continue
            left, right = (a, b) if a.bbox.x0 <= b.bbox.x0 else (b, a)
            gap = (_text_span(left)[1], _text_span(right)[0])
            if gap[1] - gap[0] >= least:
                gaps.append(gap)
                beside = beside or _same_row(a.bbox, b.bbox, 0.5)
        rows_with_pieces += beside
    return RowGaps(tuple(gaps), rows_with_pieces)


def speck_zones(gaps: RowGaps, gutters: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Where a mark standing alone beside a gutter is a speck, per gutter: the gutter, widened to
    the white most of the rows across it (the page's `row_gaps`) leave (the median end and start of
    their text), which takes in the room a short line leaves before the gutter (dust after a line's
    last word)."""
    out = []
    for gl, gr in gutters:
        mid = (gl + gr) / 2
        hit = [g for g in gaps.gaps if g[0] < mid < g[1]]
        if hit:
            gl = min(gl, statistics.median(g[0] for g in hit))
            gr = max(gr, statistics.median(g[1] for g in hit))
        out.append((gl, gr))
    return out


def _text_span(line: Line) -> tuple[float, float]:
    """Where the line's words with a letter or figure start and end: a speck read as a mark at
    either end (a dot or a dash in the gutter) is no edge of the column."""
    text = text_words(line) or list(line.words)
    return float(min(w.bbox.x0 for w in text)), float(max(w.bbox.x1 for w in text))


def _band_edges(gaps: Sequence[tuple[float, float]], *, share: float = 0.2) -> tuple[float, float]:
    """The white band between the columns that the gaps of these rows outline: where the left
    column's lines end and the right column's start, as most rows have them. A column's lines that
    stop short (verse, a heading, a paragraph's last line) or start set in (verse, an indent) leave
    a wider gap than its full lines, and may be most of the rows (a stanza beside a column of
    prose), so the edges are the ends reached by all but `share` of the rows and the starts all but
    `share` of them start right of: a caption or a warped line running into the gutter in fewer
    rows than that does not narrow the band."""
    ends = sorted(g[0] for g in gaps)
    starts = sorted(g[1] for g in gaps)
    k = int(share * (len(gaps) - 1))
    return float(ends[len(ends) - 1 - k]), float(starts[k])


def _text_on_both_sides(
    lines: Sequence[Line],
    gutter: tuple[float, float],
    type_h: float,
    min_column: float,
    min_rows: int,
    *,
    widest: bool = False,
) -> bool:
    """Whether the lines either side of the gutter are typically `min_column` type heights wide;
    with `widest` (the volume's other pages are in columns), whether the widest on each side is:
    a chapter's last rows of verse or a paragraph's end are short."""
    gl, gr = gutter
    left = [ln for ln in lines if ln.bbox.x1 <= gl + 1 and ln.bbox.x1 > gl - 40 * type_h]
    right = [ln for ln in lines if ln.bbox.x0 >= gr - 1 and ln.bbox.x0 < gr + 40 * type_h]
    if len(left) < min_rows or len(right) < min_rows:
        return False
    typical = max if widest else statistics.median
    wl = typical(ln.bbox.width for ln in left)
    wr = typical(ln.bbox.width for ln in right)
    return min(wl, wr) >= min_column * type_h


def column_of(line: Line, gutters: Sequence[tuple[float, float]], *, slack: float = 0.0) -> int | None:
    """The column a line lies in (0 = left of the first gutter), or None when it crosses a gutter
    by more than `slack` on both sides of its middle (a line starting within `slack` left of the
    middle, a speck glued to its first word, is the right column's) or is centred on the middle
    within `slack` (a folio centred on the page; a column's short line starting at its edge, left
    of a gutter measured wide by lines set in, has its centre well inside its column)."""
    col = 0
    for gl, gr in gutters:
        mid = (gl + gr) / 2
        if line.bbox.x0 < mid - slack and line.bbox.x1 > mid + slack:
            return None
        if line.bbox.x0 < mid < line.bbox.x1 and abs((line.bbox.x0 + line.bbox.x1) / 2 - mid) <= slack:
            return None
        if line.bbox.x0 >= mid - slack:
            col += 1
    return col


def cut_at_gutters(
    line: Line,
    gutters: Sequence[tuple[float, float]],
    type_h: float,
    *,
    min_gap: float = 0.8,
    zones: Sequence[tuple[float, float]] = (),
) -> tuple[list[Line], list[Word]]:
    """The line's pieces either side of the gutters, and the specks it has inside one. Marks with
    no letter or figure standing in a gutter's white are specks (a speck read as a line's first
    mark made a column's line cross the gutter); the line is cut where the white between two
    words holds a gutter's middle and is at least `min_gap` type heights and half the gutter
    wide (two columns' rows read as one line). A line spanning the columns (a title, a note) has
    word spaces only, narrower than that. `zones` (`speck_zones`) widen where specks are found."""
    if not gutters or not line.words:
        return [line], []

    def in_gutter(w: Word) -> bool:
        # only beside a line that lies on one side of that gutter's middle: in a centred title
        # across the columns ("CHAPTER |") the mark is the title's
        return not any(c.isalnum() for c in w.text) and any(
            gl <= w.bbox.x0
            and w.bbox.x1 <= gr
            and (
                all(o.bbox.x0 >= (gl + gr) / 2 for o in line.words if o is not w)
                or all(o.bbox.x1 <= (gl + gr) / 2 for o in line.words if o is not w)
            )
            for gl, gr in (zones or gutters)
        )

    specks = [w for w in line.words if in_gutter(w)]
    words = sorted((w for w in line.words if not in_gutter(w)), key=lambda w: w.bbox.x0)
    if not words:
        return [line], []
    pieces: list[list[Word]] = [[words[0]]]
    for a, b in zip(words, words[1:], strict=False):
        white = b.bbox.x0 - a.bbox.x1
        if any(
            a.bbox.x1 < (gl + gr) / 2 < b.bbox.x0 and white >= max(min_gap * type_h, 0.5 * (gr - gl))
            for gl, gr in gutters
        ):
            pieces.append([])
        pieces[-1].append(b)
    if len(pieces) == 1 and not specks:
        return [line], []
    return [Line(words=tuple(p), bbox=BBox.enclosing([w.bbox for w in p])) for p in pieces], specks


Band = list[tuple[int | None, list[Line]]]


def cut_bands(
    lines: Sequence[Line], gutters: Sequence[tuple[float, float]], type_h: float
) -> tuple[list[Band], list[Line]]:
    """The page cut into bands top to bottom: a band of spanning lines is one flow; a column band
    one flow per column. Also the lines the model does not explain: a spanning line with a line of
    text beside it in its row (a caption inside the columns), and a column's line with a line of
    text of the same column beside it."""
    if not gutters:
        return [[(None, list(lines))]], []
    slack = 0.5 * type_h
    ordered = sorted(lines, key=lambda ln: (ln.bbox.y0, ln.bbox.x0))
    cols = [column_of(ln, gutters, slack=slack) for ln in ordered]
    cols = _run_into_the_gutter(ordered, cols, gutters, type_h)
    misfit: list[Line] = []
    spans = [o for o, c in zip(ordered, cols, strict=True) if c is None]
    for ln, c in zip(ordered, cols, strict=True):
        if c is not None:
            continue
        # a column's line in one row with another spanning line is a piece of that row (a note's
        # first line cut after its marker), not text beside this one
        beside = [
            o
            for o, oc in zip(ordered, cols, strict=True)
            if oc is not None
            and _beside(o, ln, type_h)
            and _prose(o)
            and not _edge_row(ordered, ln, o)
            and not any(s is not ln and _one_row(s, o) for s in spans)
        ]
        if beside:
            misfit.append(ln)
    # two lines of text side by side in one column: a gutter between them went unseen (a column
    # shorter than the others, beside a picture), and reading them as one column would join them
    for i, ln in enumerate(ordered):
        if cols[i] is None or not _prose(ln):
            continue
        if any(
            cols[j] == cols[i]
            and _prose(o)
            and _beside(o, ln, type_h)
            and not _edge_row(ordered, ln, o)
            and _white_between(ordered, cols, cols[i], ln, o, type_h)
            for j, o in enumerate(ordered)
            if o is not ln
        ):
            misfit.append(ln)
    # pieces of a spanning row (a note's first line cut after its marker) are read with it
    spanning = [o for o in spans if o not in misfit]
    for i, ln in enumerate(ordered):
        if cols[i] is not None and any(_one_row(o, ln) for o in spanning):
            if not any(_beside(o, ln, type_h) for o in misfit):
                cols[i] = None
    bands: list[Band] = []
    run: list[tuple[Line, int | None]] = []

    def close() -> None:
        if not run:
            return
        if all(c is None for _, c in run):
            bands.append([(None, [ln for ln, _ in run])])
        else:
            per: dict[int, list[Line]] = {}
            for ln, c in run:
                per.setdefault(c if c is not None else 0, []).append(ln)
            bands.append([(c, per[c]) for c in sorted(per)])
        run.clear()

    kind: str | None = None
    for ln, c in zip(ordered, cols, strict=True):
        k = "span" if c is None else "cols"
        if k != kind:
            close()
            kind = k
        run.append((ln, c))
    close()
    return _split_trailing(_split_leading(bands, type_h), type_h), misfit


def _run_into_the_gutter(
    lines: Sequence[Line],
    cols: list[int | None],
    gutters: Sequence[tuple[float, float]],
    type_h: float,
    *,
    min_lines: int = 2,
    indent: float = 3.0,
) -> list[int | None]:
    """The columns of `lines` (`column_of`), a line read across a gutter given to the column left
    of it when it starts where at least `min_lines` of that column's lines start (from a type
    height left of them to `indent` type heights right: an indent, a note's hanging text) and
    ends short of the column right of the gutter (by more than half a type height): a column's
    full lines under a run of short ones (a list of names, one a row), from whose ends the white
    between the columns was measured. A line across the columns reaches the column on the right;
    a caption set in the middle of the columns does not start at a column's edge."""
    out = list(cols)
    for i, (ln, c) in enumerate(zip(lines, cols, strict=True)):
        if c is not None:
            continue
        crossed = [k for k, (gl, gr) in enumerate(gutters) if ln.bbox.x0 < (gl + gr) / 2 < ln.bbox.x1]
        if len(crossed) != 1 or ln.bbox.x1 >= gutters[crossed[0]][1] - 0.5 * type_h:
            continue
        k = crossed[0]
        edge = sum(
            1
            for o, oc in zip(lines, cols, strict=True)
            if oc == k and -type_h <= ln.bbox.x0 - o.bbox.x0 <= indent * type_h
        )
        if edge >= min_lines:
            out[i] = k
    return out


def _white_between(
    lines: Sequence[Line], cols: Sequence[int | None], col: int | None, a: Line, b: Line, type_h: float
) -> bool:
    """Whether the white between two lines side by side in a column may be an unseen gutter: not
    when the column's rows right above and below them (those it has) each hold a word across the
    whole of that white: then it is a wide word space Tesseract cut one row at (a justified line in
    a narrow column)."""
    left, right = (a, b) if a.bbox.x0 <= b.bbox.x0 else (b, a)
    x0, x1 = left.bbox.x1, right.bbox.x0
    top, bottom = min(a.bbox.y0, b.bbox.y0), max(a.bbox.y1, b.bbox.y1)
    same = [ln for ln, c in zip(lines, cols, strict=True) if c == col and ln is not a and ln is not b]
    above = [ln for ln in same if ln.bbox.y1 <= top]
    below = [ln for ln in same if ln.bbox.y0 >= bottom]
    rows = []
    if above:
        y = max(ln.bbox.y1 for ln in above)
        rows.append([ln for ln in above if ln.bbox.y1 > y - type_h / 2])
    if below:
        y = min(ln.bbox.y0 for ln in below)
        rows.append([ln for ln in below if ln.bbox.y0 < y + type_h / 2])
    across = [any(w.bbox.x0 <= x0 and w.bbox.x1 >= x1 for ln in row for w in ln.words) for row in rows]
    return not (across and all(across))


def _prose(line: Line) -> bool:
    """Whether a line is a line of running text: more than three words, wider than three times
    its height (not a folio, a mark or a label)."""
    return len(line.words) > 3 and line.bbox.width > 3 * line.bbox.height


def _edge_row(lines: Sequence[Line], a: Line, b: Line) -> bool:
    """Whether two lines side by side are the page's first or last row: every other line lies
    below both or above both (a head beside a folio centred over the gutter, not a caption
    inside the columns)."""
    others = [ln for ln in lines if ln is not a and ln is not b and not (_one_row(ln, a) or _one_row(ln, b))]
    top, bottom = min(a.bbox.y0, b.bbox.y0), max(a.bbox.y1, b.bbox.y1)
    return all(ln.bbox.y0 >= bottom for ln in others) or all(ln.bbox.y1 <= top for ln in others)


def _one_row(a: Line, b: Line, *, overlap: float = 0.5, of_shorter: bool = False) -> bool:
    """Whether two lines share `overlap` of the taller one's height (pieces of one printed row), or
    of the shorter one's with `of_shorter` (a folio's figures beside a running head's capitals)."""
    shared = min(a.bbox.y1, b.bbox.y1) - max(a.bbox.y0, b.bbox.y0)
    heights = (a.bbox.height, b.bbox.height)
    return shared >= overlap * (min(heights) if of_shorter else max(heights))


def _beside(a: Line, b: Line, type_h: float, *, overlap: float = 0.3, gap: float = 1.0) -> bool:
    """Whether two lines stand side by side in one row, apart: they share `overlap` of the taller
    one's height and at least `gap` type heights of white lie between them (a row that Tesseract
    cut at a wide word space is one row, not two lines side by side)."""
    shared = min(a.bbox.y1, b.bbox.y1) - max(a.bbox.y0, b.bbox.y0)
    if shared < overlap * max(a.bbox.height, b.bbox.height):
        return False
    apart = max(a.bbox.x0 - b.bbox.x1, b.bbox.x0 - a.bbox.x1)
    return apart >= gap * type_h


def _split_leading(bands: list[Band], type_h: float, *, gap: float = 1.0) -> list[Band]:
    """A column band's first rows that lie above every other column's text, with space under them
    (a running head, a folio or both over one column), are read before the columns; so is
    the page's first row when it runs across every column with space under each of its lines (a
    running head beside a folio on a page scanned askew, where the folio stands in the gutter), unless
    each of its lines starts at its column's edge (the columns' first lines of text)."""
    out: list[Band] = []
    for band in bands:
        if len(band) < 2 or band[0][0] is None:
            out.append(band)
            continue
        head: list[Line] = []
        new: Band = []
        firsts = [ls[0] for _, ls in band if len(ls) > 1 and ls[1].bbox.y0 - ls[0].bbox.y1 > gap * type_h]
        if (
            not out
            and len(firsts) == len(band)
            and all(_one_row(a, b) for a in firsts for b in firsts)
            # every column's first line starting at the column's edge is the column's text (a
            # paragraph's last line over the space that spaced paragraphs leave), not a head
            and not all(_at_column_edge(ls[0], ls[1:], type_h) for _, ls in band)
        ):
            head = firsts
            band = [(c, ls[1:]) for c, ls in band]
        for col, ls in band:
            others = [ln for c, o in band if c != col for ln in o]
            ceiling = min((ln.bbox.y0 for ln in others), default=0)
            keep = list(ls)
            while len(keep) > 1:
                # the column's first row (a running head with its folio beside it: the folio's
                # figures are shorter than the head's capitals, and a page scanned askew sets
                # them apart in height, so they share half of the shorter one's height)
                k = 1
                while k < len(keep) and _one_row(keep[0], keep[k], of_shorter=True):
                    k += 1
                bottom = max(ln.bbox.y1 for ln in keep[:k])
                if k == len(keep) or bottom >= ceiling or keep[k].bbox.y0 - bottom <= gap * type_h:
                    break
                head += keep[:k]
                keep = keep[k:]
            if keep:
                new.append((col, keep))
        if head:
            out.append([(None, sorted(head, key=lambda ln: (ln.bbox.y0, ln.bbox.x0)))])
        out.append(new)
    return out


def _at_column_edge(line: Line, below: Sequence[Line], type_h: float, *, slack: float = 0.5) -> bool:
    """Whether `line` starts within `slack` type heights of where the column's lines `below` it
    mostly start (the median of their starts): the column's left edge."""
    edge = statistics.median(ln.bbox.x0 for ln in below)
    return abs(line.bbox.x0 - edge) <= slack * type_h


def _split_trailing(
    bands: list[Band], type_h: float, *, small: float = 0.85, max_words: int = 3
) -> list[Band]:
    """A column band's last lines that lie below every other column's text and are either in
    smaller type (a short footnote under the columns) or a lone short line after a gap (a folio in
    the corner) are read after the columns, top to bottom, not inside the first column. Marks read
    with doubt under such a line (`_doubtful_marks`: the page's edge in a photograph) go with it;
    they do not keep it in the column."""
    out: list[Band] = []
    for band in bands:
        if len(band) < 2 or band[0][0] is None:
            out.append(band)
            continue
        body_t = statistics.median(type_height(ln) for _, ls in band for ln in ls)
        body_tall = _tall_height([ln for _, ls in band for ln in ls])
        tail: list[Line] = []
        new: Band = []
        for col, ls in band:
            others = [ln for c, o in band if c != col for ln in o]
            floor = max((ln.bbox.y1 for ln in others), default=0)
            keep = list(ls)

            while keep and keep[-1].bbox.y0 > floor:
                k = len(keep) - 1
                if not _trails(keep, k, (body_t, body_tall), type_h, small, max_words):
                    # marks read with doubt under a line that trails go with it
                    while k > 0 and _doubtful_marks(keep[k]) and keep[k - 1].bbox.y0 > floor:
                        k -= 1
                    if k == len(keep) - 1 or not _trails(
                        keep, k, (body_t, body_tall), type_h, small, max_words
                    ):
                        break
                tail[0:0] = keep[k:]
                del keep[k:]
            if keep:
                new.append((col, keep))
        out.append(new)
        if tail:
            out.append([(None, sorted(tail, key=lambda ln: ln.bbox.y0))])
    return out


def _trails(
    lines: Sequence[Line],
    k: int,
    body: tuple[float, float | None],
    type_h: float,
    small: float,
    max_words: int,
) -> bool:
    """Whether line `k` of a column's lines, below every other column's text, is read after the
    columns (`_split_trailing`): in type under `small` of the body's (`body`: its `type_height`
    and its tall words' height, `_tall_height`), or at most `max_words` words more than a type
    height `type_h` under the line above. A line's words of x-height letters alone ('was not
    completed as a democratic re-') make its median word short: where it has tall words, they
    must stand under `small` of the body's tall words too."""
    ln = lines[k]
    gap = ln.bbox.y0 - lines[k - 1].bbox.y1 if k > 0 else 0
    body_t, body_tall = body
    tall = _tall_height([ln], least=1)
    smaller = type_height(ln) < small * body_t and (
        tall is None or body_tall is None or tall < small * body_tall
    )
    return smaller or (len(ln.words) <= max_words and gap > type_h)


def _tall_height(lines: Sequence[Line], *, least: int = 3) -> float | None:
    """The median box height of the lines' words that rise over the x-height (`rises`) and hold
    no descender; None with fewer than `least` such words. Unlike the median of all the words'
    heights, it does not fall with a line's run of short words."""
    hs = [
        w.bbox.height
        for ln in lines
        for w in ln.words
        if sum(c.isalnum() for c in w.text) >= 2 and rises(w) and not set(w.text) & DESCENDERS
    ]
    return float(statistics.median(hs)) if len(hs) >= least else None


def _doubtful_marks(line: Line, *, max_words: int = 2, unsure: float = 0.5) -> bool:
    """Whether a line is at most `max_words` words all read under `unsure` confidence: marks (a
    speck, the page's edge), not print."""
    return 0 < len(line.words) <= max_words and all(w.confidence < unsure for w in line.words)


def column_frames(
    bands: list[Band], gutters: Sequence[tuple[float, float]], type_h: float
) -> list[PageFrame]:
    """Each column's edges from its own lines (`page_frame` over the column), over all bands, the
    columns then given one measure (`one_measure`)."""
    per: dict[int, list[Line]] = {}
    for band in bands:
        for col, ls in band:
            if col is not None:
                per.setdefault(col, []).extend(ls)
    frames = []
    for c in range(len(gutters) + 1):
        ls = per.get(c, [])
        lo = gutters[c - 1][1] if c > 0 else min((ln.bbox.x0 for ln in ls), default=0)
        hi = gutters[c][0] if c < len(gutters) else max((ln.bbox.x1 for ln in ls), default=lo + 1)
        if not ls:
            frames.append(PageFrame(float(lo), float(hi)))
            continue
        f = page_frame([_shifted(ln, -int(lo)) for ln in ls], max(1, int(hi - lo)))
        frames.append(PageFrame(f.left + lo, f.right + lo))
    return one_measure(frames, per, type_h)


def one_measure(
    frames: list[PageFrame],
    per: dict[int, list[Line]],
    type_h: float,
    *,
    min_lines: int = 2,
    min_ends: int | None = None,
    measure: float | None = None,
    gutter: float | None = None,
) -> list[PageFrame]:
    """The columns of a page are set to one measure. A column measured narrower than the widest by
    more than a type height (most of its lines a verse passage or a block quote set in, from which
    its edge was measured) takes the widest measure where at least `min_lines` of its own lines
    start at the left edge that measure puts there (within half a type height), or else
    `min_ends` (`min_lines` when None) end at the right edge it puts there; otherwise its frame
    stands. `measure`: the width the volume sets its columns to, which stands for the widest
    when wider by more than a type height (every column of the page set in: verse in both).
    `gutter`: the white the volume sets between its columns; a column that neither edge places
    (its lines all set in from both, a verse passage filling it) is put where a column on the
    measure beside it and that white place it (`_placed_beside`), when that frame holds its lines."""
    if len(frames) < 2:
        return frames
    widest = max(f.width for f in frames)
    if measure is not None and measure - widest > type_h:
        widest = measure
    out = []
    for c, f in enumerate(frames):
        ls = per.get(c, [])
        if widest - f.width > type_h:
            starts = [ln.bbox.x0 for ln in ls if abs(ln.bbox.x0 - (f.right - widest)) <= 0.5 * type_h]
            ends = [ln.bbox.x1 for ln in ls if abs(ln.bbox.x1 - (f.left + widest)) <= 0.5 * type_h]
            if len(starts) >= min_lines:
                f = PageFrame(float(statistics.median(starts)), f.right)
            elif len(ends) >= (min_lines if min_ends is None else min_ends):
                f = PageFrame(f.left, float(statistics.median(ends)))
            elif (left := _edge_left_of(f, ls, widest, type_h)) is not None:
                f = PageFrame(left, left + widest)
        out.append(f)
    if gutter is not None:
        # a column placed beside one on the measure, that column as its own lines put it on the
        # measure above (a ragged column measured short of its right edge, then given it)
        for c, f in enumerate(out):
            if widest - f.width > type_h:
                out[c] = _placed_beside(c, f, out, per.get(c, []), widest, gutter, type_h) or f
    return out


def _edge_left_of(
    f: PageFrame, ls: list[Line], widest: float, type_h: float, *, min_lines: int = 2, same: float = 0.5
) -> float | None:
    """The left edge of a column measured narrower than the page's measure `widest` from a block
    set in from both sides (a block quote, a verse passage) that holds most of its lines: the edge
    at least `min_lines` of its other lines start at (within `same` type heights of one another),
    left of the frame measured, and from which the measure holds every line of the column (within
    a type height). The block's right edge was taken for the column's, so the measure's left edge
    is not where the frame's right edge puts it. None when no such lines are."""
    tol = same * type_h
    left_of = sorted(ln.bbox.x0 for ln in ls if ln.bbox.x0 < f.left - tol)
    if len(left_of) < min_lines:
        return None
    near = next(
        (g for x in left_of if len(g := [y for y in left_of if abs(y - x) <= tol]) >= min_lines), None
    )
    if near is None:
        return None
    left = float(statistics.median(near))
    if max(ln.bbox.x1 for ln in ls) > left + widest + type_h:
        return None
    return left


def _placed_beside(
    c: int,
    f: PageFrame,
    frames: list[PageFrame],
    ls: list[Line],
    widest: float,
    gutter: float,
    type_h: float,
    *,
    slack: float = 0.5,
) -> PageFrame | None:
    """The frame of column `c`, measured narrower than the measure `widest` from its own lines
    (`f`), placed from the nearest column on the measure (within a type height of it): the columns
    of one page stand `widest` + `gutter` apart. None when no column is on the measure, or when
    that frame does not hold the column's lines (within `slack` type heights) or the frame
    measured from them: the column is then not what the volume's others are."""
    on = [r for r, g in enumerate(frames) if r != c and widest - g.width <= type_h]
    if not on or not ls:
        return None
    r = min(on, key=lambda r: abs(r - c))
    left = frames[r].left + (c - r) * (widest + gutter)
    new = PageFrame(left, left + widest)
    tol = slack * type_h
    inside = (
        min(ln.bbox.x0 for ln in ls) >= new.left - tol
        and max(ln.bbox.x1 for ln in ls) <= new.right + tol
        and new.left <= f.left + tol
        and new.right >= f.right - tol
    )
    return new if inside else None


def _shifted(line: Line, dx: int) -> Line:
    b = line.bbox
    return Line(words=line.words, bbox=BBox(b.x0 + dx, b.y0, b.x1 + dx, b.y1))
