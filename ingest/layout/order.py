"""Reading order: a page's lines read column by column, and whether the page is a book page at all.

Tesseract's lines are evidence: it never puts words of two columns on one line and reads its
paragraphs in an order that respects columns. The page's column gutters are found from the lines
themselves (a white band that many rows have on either side of it; `columns`), then the page is read
as a sequence of flows, top to bottom: lines that span the gutters (a title, a note zone across
the foot, a running head) are read where they stand; between them, each column is read top to
bottom before the next. Pieces of one printed row are merged only within a flow, so a head and its
folio become one line but two columns never do.

A page whose lines the column model does not explain (text running vertically, side-by-side lines
no gutter accounts for, lines floating in the middle of a column: a magazine page with boxes and
captions) is not a book page: it keeps Tesseract's blocks, lines, words and order, and cleanup
leaves its text alone (the safe default).
"""

from __future__ import annotations

import dataclasses
import itertools
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ingest.layout.columns import (
    column_frames,
    cut_at_gutters,
    cut_bands,
    find_gutters,
    one_measure,
    row_gaps,
    speck_zones,
)
from ingest.layout.geometry import (
    PageFrame,
    _merge_rows,
    floating_specks,
    is_noise,
    is_rule,
    line_without,
    noise_blocks,
    page_frame,
    rule_pieces,
    type_height,
)
from ingest.model import BBox, Line, Page, Word, WordOrigin


@dataclass(frozen=True)
class Flow:
    """Lines read one after the other: a column of a column band (`column` its number, `frame` its
    edges) or lines spanning the columns (`column` None, `frame` the whole body's edges)."""

    lines: tuple[Line, ...]
    frame: PageFrame
    column: int | None = None


@dataclass
class PageOrder:
    """A page's lines in reading order, cut into flows, and the words left out as noise. `book` is
    False when the page keeps Tesseract's reading (`why` says what did not fit); then `blocks`
    are Tesseract's line groups as they came."""

    lines: list[Line]
    flows: list[Flow]
    frame: PageFrame
    noise: list[Word] = field(default_factory=list)
    book: bool = True
    why: str = ""
    gutters: list[tuple[float, float]] = field(default_factory=list)
    blocks: list[list[Line]] = field(default_factory=list)
    slant: float = 0.0  # read sheared: its gutter slants by this many pixels per pixel down


def read_page(
    page: Page,
    *,
    near: Sequence[float] = (),
    row_overlap: float = 0.6,
    gutter: float = 1.2,
    gutter_gap: float = 0.8,
    min_misfit: int = 3,
    max_misfit: float = 0.01,
) -> PageOrder:
    """The page's reading order (see the module docstring). A page is not a book page when at
    least `min_misfit` words, and `max_misfit` of its words, sit in lines the column model does not
    explain: reading such a page in columns would cut its columns at every misfit line. A text
    layer's line is cut where more than `gutter` type heights of white lie between two words. `near`:
    where the volume's other pages have their gutter (x), so a page with only a few rows of two
    columns (a chapter's last page) is still read in columns; there an OCR line is cut where at
    least `gutter_gap` type heights of white between two words hold one of those gutters."""
    earlier = noise_blocks(page)
    groups = [[ln for ln in b.lines if ln.words] for b in page.blocks if b.id not in earlier]
    groups = [g for g in groups if g]
    known = [w for b in page.blocks if b.id in earlier for w in b.words]
    lines = [ln for g in groups for ln in g]
    heights = sorted(w.bbox.height for ln in lines for w in ln.words)
    if not heights:
        frame = PageFrame(0.0, float(page.width))
        return PageOrder([], [], frame, known)
    typical = typical_height(lines, heights)
    if vertical := _runs_vertically(lines):
        return _as_read(groups, known, page.width, vertical)
    kept: list[Line] = []
    noise: list[Word] = []
    for ln in lines:
        if _dark_edge(ln, typical):
            noise += ln.words
            continue
        flat = {id(w) for w in rule_pieces(ln, typical)}
        bad = [w for w in ln.words if is_noise(w, typical) or is_rule(w, typical) or id(w) in flat]
        noise += bad
        kept += line_without(ln, bad)
    type_h = statistics.median(type_height(ln) for ln in kept) if kept else typical
    # a text layer's line runs across the gutter (Tesseract's never does): its pieces are judged
    # apart, and merged back within a flow
    kept = [
        piece
        for ln in kept
        for piece in (_split_at_gaps(ln, gutter * type_h) if _from_text_layer(ln) else [ln])
    ]
    if near:
        # a chapter's last rows in two columns, or a page's rows, read by Tesseract as lines
        # across the gutter; a speck it read in the gutter's white ('_', '—' off a light scan's
        # dust) is left out, not taken for a word bridging the columns
        cut = [_cut_at_inner(ln, near, gutter_gap * type_h) for ln in kept]
        kept = [piece for pieces, _ in cut for piece in pieces]
        noise += [w for _, specks in cut for w in specks]
    cols = _Fit(row_overlap, min_misfit, max_misfit)
    o = _in_columns(kept, type_h, typical, list(noise), near, groups, known, page.width, cols)
    if not (o.book and o.gutters) and not near and (inner := _gutters_in_lines(kept, gutter_gap * type_h)):
        # two columns' rows that Tesseract read as one line on most of the page (a narrow gutter
        # on a photographed page): the lines cut where the white they share stands
        cut = [_cut_at_inner(ln, inner, gutter_gap * type_h) for ln in kept]
        pieces = [piece for ps, _ in cut for piece in ps]
        specks = [w for _, sp in cut for w in sp]
        c = _in_columns(pieces, type_h, typical, noise + specks, (), groups, known, page.width, cols)
        if c.book and c.gutters:
            return c
    if (o.book and o.gutters) or near or (slant := _gutter_slant(kept, type_h)) is None:
        return o
    # no gutter stands upright on the page, but one slants (a photographed or warped page): the
    # page is read with its lines sheared so that the gutter stands upright, then sheared back
    slope, y_ref = slant
    leaning = [_sheared(ln, -slope, y_ref) for ln in kept]
    s = _in_columns(leaning, type_h, typical, [], (), groups, known, page.width, cols)
    if not (s.book and s.gutters):
        return o
    return _unsheared(s, slope, y_ref, known + noise, len(known))


@dataclass(frozen=True)
class _Fit:
    """`read_page`'s measures of how rows merge and how many misfit words a book page allows."""

    row_overlap: float
    min_misfit: int
    max_misfit: float


def _in_columns(
    kept: list[Line],
    type_h: float,
    typical: float,
    noise: list[Word],
    near: Sequence[float],
    groups: list[list[Line]],
    known: list[Word],
    width: int,
    fit: _Fit,
) -> PageOrder:
    """The page's lines (`kept`, without the noise found so far) read in the columns their gutters
    make (`read_page`)."""
    gaps = row_gaps(kept, type_h)
    gutters = find_gutters(kept, type_h, near=near, gaps=gaps)
    # a heavy scan's OCR line may still run across a gutter (a speck in the gutter read as its
    # first mark, or two columns' rows read as one)
    zones = speck_zones(gaps, gutters)
    cut = [cut_at_gutters(ln, gutters, type_h, zones=zones) for ln in kept]
    kept = [piece for pieces, _ in cut for piece in pieces]
    noise += [w for _, specks in cut for w in specks]
    kept = _join_bent_rows(kept, type_h, gutters)
    bands, misfit = cut_bands(kept, gutters, type_h)
    words = sum(len(ln.words) for ln in kept) or 1
    n = sum(len(ln.words) for ln in misfit)
    if n >= max(fit.min_misfit, fit.max_misfit * words):
        return _as_read(groups, known, width, f"{n} of {words} words in lines no column explains")
    flows, out = [], []
    if not gutters:
        rows = _rows(kept, fit.row_overlap, typical, noise)
        frame = page_frame(rows, width)
        flows = [Flow(tuple(rows), frame)] if rows else []
        return PageOrder(rows, flows, frame, known + noise)
    frames = column_frames(bands, gutters, type_h)
    body = PageFrame(frames[0].left, frames[-1].right)
    for band in bands:
        for col, band_lines in band:
            rows = _rows(band_lines, fit.row_overlap, typical, noise)
            if rows:
                flows.append(Flow(tuple(rows), frames[col] if col is not None else body, col))
                out += rows
    return PageOrder(out, flows, body, known + noise, gutters=gutters)


def _gutter_slant(
    lines: Sequence[Line],
    type_h: float,
    *,
    min_gap: float = 0.8,
    min_rows: int = 8,
    min_share: float = 0.6,
    min_shift: float = 1.0,
) -> tuple[float, float] | None:
    """Where a page's gutter slants (a photographed page's keystone, a warped scan), the slope of
    the line it follows (pixels right per pixel down) and the height where the slope is measured
    from (the middle of the rows); None when no slanting gutter is there. Each row with two lines
    side by side and at least `min_gap` type heights of white between them says where the white
    is at its height; the line through them (the median of the slopes between each two, and the
    median intercept) is the gutter when it passes through the white of at least `min_rows` rows
    and `min_share` of them, and moves by at least `min_shift` type heights over their height
    (less and an upright gutter holds)."""
    ordered = sorted(lines, key=lambda ln: ln.bbox.y0)
    whites: list[tuple[float, float, float]] = []  # (left end, right start, height)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.bbox.y0 > a.bbox.y1:
                break
            if not _same_row_share(a, b, 0.5):
                continue
            left, right = (a, b) if a.bbox.x0 <= b.bbox.x0 else (b, a)
            if right.bbox.x0 - left.bbox.x1 >= min_gap * type_h:
                y = (a.bbox.y0 + a.bbox.y1 + b.bbox.y0 + b.bbox.y1) / 4
                whites.append((float(left.bbox.x1), float(right.bbox.x0), y))
    if len(whites) < min_rows:
        return None
    xs = [(lx + rx) / 2 for lx, rx, _ in whites]
    ys = [y for _, _, y in whites]
    slopes = [
        (xs[j] - xs[i]) / (ys[j] - ys[i])
        for i in range(len(whites))
        for j in range(i + 1, len(whites))
        if abs(ys[j] - ys[i]) >= type_h
    ]
    if not slopes:
        return None
    slope = float(statistics.median(slopes))
    y_ref = float(statistics.median(ys))
    x_ref = float(statistics.median(x - slope * (y - y_ref) for x, y in zip(xs, ys, strict=True)))
    through = [y for lx, rx, y in whites if lx < x_ref + slope * (y - y_ref) < rx]
    if len(through) < max(min_rows, min_share * len(whites)):
        return None
    if abs(slope) * (max(through) - min(through)) < min_shift * type_h:
        return None
    return slope, y_ref


def _same_row_share(a: Line, b: Line, share: float) -> bool:
    overlap = min(a.bbox.y1, b.bbox.y1) - max(a.bbox.y0, b.bbox.y0)
    return overlap >= share * max(1, min(a.bbox.height, b.bbox.height))


def _shift(w: Word, dx: float) -> Word:
    b = w.bbox
    d = round(dx)
    return dataclasses.replace(w, bbox=BBox(b.x0 + d, b.y0, b.x1 + d, b.y1))


def _sheared(line: Line, slope: float, y_ref: float) -> Line:
    """The line with each word moved right by `slope` pixels per pixel below `y_ref`."""
    words = tuple(_shift(w, slope * ((w.bbox.y0 + w.bbox.y1) / 2 - y_ref)) for w in line.words)
    return Line(words=words, bbox=BBox.enclosing([w.bbox for w in words]))


def _unsheared(o: PageOrder, slope: float, y_ref: float, noise: list[Word], before: int) -> PageOrder:
    """A page order read on lines sheared by -`slope` (`_sheared`) in the page's own coordinates:
    its lines sheared back, its frames slanting by `slope`, its gutters where they are at `y_ref`,
    the noise found before it (`noise`) with the noise it found (its noise past its first
    `before` words, the noise it was given) sheared back."""
    back: dict[int, Line] = {}

    def line(ln: Line) -> Line:
        if id(ln) not in back:
            back[id(ln)] = _sheared(ln, slope, y_ref)
        return back[id(ln)]

    def frame(f: PageFrame) -> PageFrame:
        return PageFrame(f.left, f.right, slope=slope, y_ref=y_ref)

    flows = [Flow(tuple(line(ln) for ln in f.lines), frame(f.frame), f.column) for f in o.flows]
    found = [_shift(w, slope * ((w.bbox.y0 + w.bbox.y1) / 2 - y_ref)) for w in o.noise[before:]]
    return dataclasses.replace(
        o,
        lines=[line(ln) for ln in o.lines],
        flows=flows,
        frame=frame(o.frame),
        noise=noise + found,
        slant=slope,
    )


def _columns(o: PageOrder) -> tuple[list[PageFrame], dict[int, list[Line]], float] | None:
    """A page read in columns: each column's frame, its lines, and the page's type height; None
    for a page not read in columns."""
    if not o.book or not o.gutters:
        return None
    frames: dict[int, PageFrame] = {}
    per: dict[int, list[Line]] = {}
    for f in o.flows:
        if f.column is not None:
            frames.setdefault(f.column, f.frame)
            per.setdefault(f.column, []).extend(f.lines)
    if len(frames) != len(o.gutters) + 1 or not o.lines:
        return None
    type_h = statistics.median(type_height(ln) for ln in o.lines)
    return [frames[c] for c in range(len(frames))], per, type_h


def on_one_measure(o: PageOrder, *, min_lines: int = 4) -> bool | None:
    """Whether a page read in columns, each of at least `min_lines` lines, has them on one measure
    (no column narrower than the widest by more than a type height, as `one_measure` left them);
    None when the page cannot say (no columns, or a column of fewer lines)."""
    got = _columns(o)
    if got is None:
        return None
    frames, per, type_h = got
    if any(len(per.get(c, [])) < min_lines for c in range(len(frames))):
        return None
    widest = max(f.width for f in frames)
    return all(widest - f.width <= type_h for f in frames)


def column_measure(o: PageOrder) -> float | None:
    """The width of the page's columns when they are on one measure (`on_one_measure`), else None."""
    got = _columns(o)
    if got is None or not on_one_measure(o):
        return None
    return max(f.width for f in got[0])


def column_gutter(o: PageOrder) -> float | None:
    """The white between the page's columns when they are on one measure (`on_one_measure`): the
    median distance from a column's right edge to the next one's left edge; else None."""
    got = _columns(o)
    if got is None or not on_one_measure(o):
        return None
    frames = got[0]
    return statistics.median(b.left - a.right for a, b in zip(frames, frames[1:], strict=False))


def remeasured(o: PageOrder, *, measure: float | None = None, gutter: float | None = None) -> PageOrder:
    """The page's columns given one measure on the volume's evidence: where the volume sets its
    columns on one measure (`on_one_measure` over its pages), a column set in on this page takes
    the widest column's measure with a single line of its own starting at the left edge that
    measure puts there (`one_measure` with one line in place of two: a column of verse under one
    line of prose, the page alone too thin to say). A right edge still needs two lines ending
    there (a ragged column's one long line, or a hyphen hung out, is no measure). No line there:
    the frame stands, unless the volume's `gutter` (the white between its columns) places the
    column beside one on the measure (a column whose every line is set in: verse filling it).
    `measure`: the width the volume's pages on one measure set their columns
    to, the measure to take when wider than this page's widest column (every column of the page
    set in)."""
    got = _columns(o)
    if got is None or o.slant:
        return o
    frames, per, type_h = got
    new = one_measure(frames, per, type_h, min_lines=1, min_ends=2, measure=measure, gutter=gutter)
    if new == frames:
        return o
    flows = [dataclasses.replace(f, frame=new[f.column]) if f.column is not None else f for f in o.flows]
    body = PageFrame(new[0].left, new[-1].right)
    flows = [dataclasses.replace(f, frame=body) if f.column is None else f for f in flows]
    return dataclasses.replace(o, flows=flows, frame=body)


def _as_read(groups: list[list[Line]], known: list[Word], width: int, why: str) -> PageOrder:
    lines = [ln for g in groups for ln in g]
    frame = page_frame(lines, width) if lines else PageFrame(0.0, float(width))
    return PageOrder(lines, [Flow(tuple(lines), frame)], frame, known, book=False, why=why, blocks=groups)


def typical_height(
    lines: Sequence[Line], heights: Sequence[int], *, sure: float = 0.5, least: int = 5
) -> int:
    """A page's typical word height: the median height of the words read with confidence `sure`
    or more, when there are `least` of them, else of all its words (`heights`, sorted). Marks OCR
    reads unsure do not set it: a contents page's leader dots, read as rows of tiny letters, are
    most of its words, and by their height its page numbers would stand "taller than any print".
    """
    sure_heights = sorted(w.bbox.height for ln in lines for w in ln.words if w.confidence >= sure)
    pool = sure_heights if len(sure_heights) >= least else heights
    return pool[len(pool) // 2]


def _dark_edge(line: Line, typical: float, *, tall: float = 3.5, unsure: float = 0.6) -> bool:
    """Whether a line is a dark page edge read as a column of marks: `tall` times the typical word
    height, at least twice as tall as wide, and read unsure (a line of real text set vertically is
    read with confidence)."""
    b = line.bbox
    conf = sum(w.confidence for w in line.words) / len(line.words)
    return b.height > tall * typical and b.height >= 2 * b.width and conf < unsure


def _runs_vertically(lines: Sequence[Line], *, min_words: int = 6) -> str:
    """A reason when the page's text runs vertically (a page left sideways): most words of three
    or more letters are taller than wide."""
    long = [w for ln in lines for w in ln.words if sum(c.isalpha() for c in w.text) >= 3]
    if len(long) < min_words:
        return ""
    tall = sum(1 for w in long if w.bbox.height > w.bbox.width)
    return "the text runs vertically" if tall > 0.5 * len(long) else ""


def _from_text_layer(line: Line) -> bool:
    return any(w.origin is WordOrigin.TEXT_LAYER for w in line.words)


def _join_bent_rows(
    lines: Sequence[Line],
    type_h: float,
    gutters: Sequence[tuple[float, float]],
    *,
    space: float = 0.6,
    share: float = 0.4,
    size: float = 1.5,
) -> list[Line]:
    """The pieces of one printed row that OCR read as two lines where the row bends (near a
    spread's fold), joined before the page is cut into bands: a line ending at most `space` type
    heights left of another's start (a word space; a gutter is wider, and no white holding one of
    the page's `gutters` counts), the two sharing at least `share` of the shorter one's height and
    set in type of one size (within `size` times), each the other's best-sharing such neighbour on
    that side. Where the row bends OCR cuts it, and the pieces stand up to half a line apart: a
    note zone across a spread's page, cut in two along a slant, had its left pieces read as a
    column and its rows out of order. Two rows of the page never share that much of their height
    (the leading keeps them apart)."""
    gap = space * type_h
    heights = [type_height(ln) for ln in lines]

    def fits(a: int, b: int) -> float | None:
        # line b's piece right of line a's: the share of their heights, or None
        la, lb = lines[a].bbox, lines[b].bbox
        white = lb.x0 - la.x1
        ha, hb = heights[a], heights[b]
        if not 0 <= white <= gap or min(ha, hb) <= 0 or max(ha, hb) > size * min(ha, hb):
            return None
        if any(la.x1 < right and lb.x0 > left for left, right in gutters):
            return None
        together = (min(la.y1, lb.y1) - max(la.y0, lb.y0)) / max(1, min(la.height, lb.height))
        return together if together >= share else None

    n = len(lines)
    right: dict[int, tuple[float, int]] = {}
    left: dict[int, tuple[float, int]] = {}
    for a in range(n):
        for b in range(n):
            if a != b and (f := fits(a, b)) is not None:
                if a not in right or f > right[a][0]:
                    right[a] = (f, b)
                if b not in left or f > left[b][0]:
                    left[b] = (f, a)
    nxt = {a: b for a, (_, b) in right.items() if left.get(b, (0.0, -1))[1] == a}
    if not nxt:
        return list(lines)
    firsts = set(range(n)) - set(nxt.values())
    out: list[Line] = []
    for a in sorted(firsts):
        chain = [a]
        while chain[-1] in nxt and len(chain) <= n:
            chain.append(nxt[chain[-1]])
        if len(chain) == 1:
            out.append(lines[a])
            continue
        words = tuple(w for k in chain for w in sorted(lines[k].words, key=lambda w: w.bbox.x0))
        out.append(Line(words=words, bbox=BBox.enclosing([lines[k].bbox for k in chain])))
    return out


def _split_at_gaps(line: Line, gap: float) -> list[Line]:
    """The line cut where white wider than `gap` pixels lies between two words."""
    return _split_where(line, lambda a, b: b.bbox.x0 - a.bbox.x1 > gap)


def _gutters_in_lines(
    lines: Sequence[Line],
    gap: float,
    *,
    min_words: int = 4,
    min_rows: int = 6,
    min_share: float = 0.5,
    wider: float = 2.0,
) -> list[float]:
    """Where a white band runs down the page inside its lines (x), as Tesseract leaves it when it
    reads two columns' rows as one line: the place held by white at least `gap` pixels wide, and
    `wider` times the line's median space between words, between two words of the most lines of
    `min_words` words or more, when those are at least `min_rows` and `min_share` of them. Empty
    when no such place is found. A justified line spaces its words evenly, however wide, and no
    two lines of prose leave a wider space than their others at the same place."""
    spans = []
    for ln in lines:
        if len(ln.words) < min_words:
            continue
        words = sorted(ln.words, key=lambda w: w.bbox.x0)
        pairs = [(a.bbox.x1, b.bbox.x0) for a, b in itertools.pairwise(words)]
        usual = statistics.median(b - a for a, b in pairs)
        spans.append([(a, b) for a, b in pairs if b - a >= max(gap, wider * usual)])
    best, held = 0.0, 0
    for x in sorted({(a + b) / 2 for s in spans for a, b in s}):
        n = sum(1 for s in spans if any(a < x < b for a, b in s))
        if n > held:
            best, held = x, n
    return [best] if held >= max(min_rows, min_share * len(spans)) else []


def _cut_at_inner(line: Line, xs: Sequence[float], gap: float) -> tuple[list[Line], list[Word]]:
    """The line cut where at least `gap` pixels of white hold one of `xs` (`_split_at_near`), a
    speck standing in that white (a mark or two, no letter or figure: '_' read off the gutter's
    shadow) left out; and the specks left out. The line as it is where it is not cut."""
    specks = [
        w
        for w in line.words
        if len(w.text) <= 2
        and not any(c.isalnum() for c in w.text)
        and any(w.bbox.x0 - gap < x < w.bbox.x1 + gap for x in xs)
    ]
    rest = [w for w in line.words if w not in specks]
    if not specks or not rest:
        return _split_at_near(line, xs, gap), []
    pieces = _split_at_near(Line(tuple(rest), BBox.enclosing([w.bbox for w in rest])), xs, gap)
    return ([line], []) if len(pieces) == 1 else (pieces, specks)


def _split_at_near(line: Line, near: Sequence[float], gap: float) -> list[Line]:
    """The line cut where at least `gap` pixels of white between two words hold one of the
    volume's gutters (`near`, x): two columns' rows that OCR read as one line."""
    return _split_where(
        line,
        lambda a, b: b.bbox.x0 - a.bbox.x1 >= gap and any(a.bbox.x1 < x < b.bbox.x0 for x in near),
    )


def _split_where(line: Line, cut: Callable[[Word, Word], bool]) -> list[Line]:
    """The line cut between each two neighbouring words (left to right) for which `cut` holds."""
    words = sorted(line.words, key=lambda w: w.bbox.x0)
    pieces: list[list[Word]] = [[words[0]]]
    for a, b in zip(words, words[1:], strict=False):
        if cut(a, b):
            pieces.append([])
        pieces[-1].append(b)
    if len(pieces) == 1:
        return [line]
    return [Line(words=tuple(p), bbox=BBox.enclosing([w.bbox for w in p])) for p in pieces]


def _rows(lines: Sequence[Line], row_overlap: float, typical: float, noise: list[Word]) -> list[Line]:
    """Lines of one flow top to bottom, pieces of one printed row merged, dust taken out."""
    out: list[Line] = []
    for ln in _merge_rows(lines, row_overlap):
        bad = floating_specks(ln, typical)
        noise += bad
        out += line_without(ln, bad)
    return out
