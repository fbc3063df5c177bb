"""The volume read, measured and segmented in passes, one page in memory at a time.

The volume's measures (columns, drop capitals, line metrics, margins, the paragraph indent and
spaces, furniture) are each decided over all pages, and a page is segmented by all of them. The
pages wait in a `spill.SpilledPages` between passes; each pass loads one page at a time, keeps of
it only the samples its measure needs (numbers, a vocabulary, a page's head and foot lines) and
writes it back when it changed it. What `segmented` hands on is every page after segmentation:
its drafts, whose lines wait on disk too (`spill.LazyList`), as do its decisions, and its
furniture.

The passes make the same decisions, in the same order, on the same samples as the whole volume
held in memory would (`volume.clean_pages` describes the steps).
"""

from __future__ import annotations

import dataclasses
import math
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence

import regex

from ingest.layout import (
    dropcaps,
    figures,
    footnotes,
    furniture,
    gluedspecks,
    hyphenation,
    numerals,
    order,
    pagefurniture,
    paragraphs,
    segment,
    verse,
)
from ingest.layout.drafts import PageWork
from ingest.layout.geometry import (
    PageFrame,
    VolumeMetrics,
    split_margin_specks,
    split_stray_figures,
    split_tiny_figures,
    volume_metrics,
)
from ingest.layout.lostcalls import PageImages
from ingest.layout.measures import line_step
from ingest.layout.spill import LazyList, Spill, SpilledPages
from ingest.model import Line, Page

_LETTERS = regex.compile(r"\p{L}+")


def segmented(
    pages: Iterable[Page], spill: Spill, lang: str, images: PageImages | None = None
) -> tuple[list[PageWork], list[pagefurniture.PageFurniture], VolumeMetrics]:
    """Every page segmented, with its furniture, and the volume's measures. `images`: the page
    images by scan index, for the specks OCR read as hyphens glued to a line's first word
    (`gluedspecks`)."""
    works = SpilledPages(spill)
    cols = _Columns()
    vocabulary: set[str] = set()
    printed: Counter[str] = Counter()  # numbers printed as one word (`figures.numbers`)
    dpis: list[tuple[int, int]] = []  # each page's resolution and its count of lines of text
    for p in pages:
        p, unglued = gluedspecks.unglue_specks(p, images(p.index) if images is not None else None)
        o = order.read_page(p)
        w = PageWork(p, list(o.lines), o.frame, order=o)
        for u in unglued:
            w.decide(
                "ocr_misread",
                (f"p{p.index:04d}",),
                f"{u.before!r} → {u.after!r} (a speck before the line's first word, not a hyphen)",
                {
                    "text_before": u.before,
                    "text": u.after,
                    "bbox": list(u.bbox),
                    "bbox_before": list(u.bbox_before),
                },
            )
        cols.add(w)
        vocabulary |= tokens(w.lines)
        printed += figures.numbers(w.lines)
        dpis.append((p.dpi, sum(1 for ln in w.lines if len(ln.words) >= _TEXT_WORDS)))
        works.append(w)
        del p, o, w
    if cols.hint() is not None:
        vocabulary = set()
        printed = Counter()
        for k in range(len(works)):
            w = works.load(k)
            hint = cols.hint(w.page.index)
            if cols.rereads[k] and w.order is not None and not w.order.gutters and hint is not None:
                o = order.read_page(w.page, near=[hint])
                if o.gutters and o.book:
                    w.order, w.lines, w.frame = o, list(o.lines), o.frame
                    works.store(k, w)
            vocabulary |= tokens(w.lines)
            printed += figures.numbers(w.lines)
    if cols.one_measure():
        for k in range(len(works)):
            w = works.load(k)
            if w.order is not None and w.order.gutters:
                o = order.remeasured(w.order, measure=cols.measure(), gutter=cols.gutter())
                if o is not w.order:
                    w.order, w.frame = o, o.frame
                    works.store(k, w)
    code = hyphenation.wordfreq_code(lang)
    is_word = dropcaps.word_test(vocabulary, lambda word: hyphenation.zipf(word, code))
    metrics = volume_metrics(_drop_caps_joined(works, is_word, printed, any_book=cols.any_book))
    del vocabulary, is_word, printed
    samples, steps = _split_specks(works, metrics)
    typical = segment.typical_frames(samples)
    del samples
    dpi = volume_dpi(dpis)
    # pages at other resolutions than the volume's: photographs, each as close as the camera stood
    photographed = any(d and abs(d / dpi - 1.0) > 0.1 for d, _ in dpis) if dpi else False
    metrics = dataclasses.replace(
        metrics, indent=paragraphs.volume_indent(_frames_fixed(works, typical, dpi), metrics)
    )
    space = paragraphs.volume_para_space(_flows(works), metrics)
    metrics = dataclasses.replace(metrics, para_space=space, para_gap=paragraphs.volume_para_gap(space))
    metrics = dataclasses.replace(metrics, stanza_gap=verse.volume_stanza_gap(_flows(works), metrics))
    metrics = dataclasses.replace(metrics, stanza_lines=verse.volume_stanza_lines(_flows(works), metrics))
    metrics = dataclasses.replace(metrics, justified=paragraphs.volume_justified(_flows(works), metrics))
    gap = furniture.gap_of_steps(steps)
    # each page's furniture at its own scale: a title page photographed from further away sets its
    # title in fewer pixels than the body pages set theirs
    margins = [
        pagefurniture.page_margins(w, at_page_scale(metrics, w, dpi, photographed=photographed), gap)
        for w in works
    ]
    labels, furn = pagefurniture.decide_furniture(margins, metrics)
    large = [m.large for m in margins]  # each page's large lines: the titles a contents page lists
    del margins
    # a volume of symbol notes is known before its first zone is read (`footnotes.marks_symbols`)
    looks = footnotes.marks_symbols(w.lines for w in works if w.book)
    notes = segment.NoteCursor(symbols=looks, looks_symbolic=looks)
    out: list[PageWork] = []
    for pos, (label, f) in enumerate(zip(labels, furn, strict=True)):
        w = works.load(pos)
        w.page_label = label
        w.specks += f.unsure
        w.titles_only = label is None and pagefurniture.lists_titles(w, f, large[pos + 1 :])
        if (
            label is None
            and pagefurniture.is_contents(w, f)
            and not any(x and x.isdigit() for x in labels[:pos])
        ):
            # contents pages carry a roman folio that OCR rarely sees (small, alone at the foot)
            w.page_label = numerals.int_to_roman(w.page.index)
        segment.segment_page(w, f, at_page_scale(metrics, w, dpi, photographed=photographed), notes)
        let_go(w)
        for d in w.drafts:
            # every list operation the steps use on a draft's lines, the lines on disk meanwhile
            d.lines = LazyList(spill, d.lines)  # type: ignore[assignment]
        w.decisions = LazyList(spill, w.decisions)  # type: ignore[assignment]
        out.append(w)
    return out, furn, metrics


def tokens(lines: Sequence[Line]) -> set[str]:
    """The page's words in lower case (letters only): its share of the volume's vocabulary."""
    return {t.lower() for ln in lines for wd in ln.words for t in _LETTERS.findall(wd.text)}


class _Columns:
    """Where at least two pages, and `min_share` of the book pages, are read in two columns, a
    book page without a gutter of its own is read again with the volume's gutter as a hint (a
    chapter's last page holds too few rows of two columns to show its gutter by itself). The
    hint is the gutter of the pages on the same side of the spread where two or more of them show
    one: a book's inner margin is wider than its outer, so its gutter stands 48 px further right
    on a verso than on a recto, and a hint from the other side falls in a column's text.

    Whether the volume sets its columns on one measure: more than half its pages read in columns
    (each column of a few lines) have them on one measure, and at least two do
    (`order.on_one_measure`); then a page's column set in with too few lines of its own at the
    measure's edge is given it all the same (`order.remeasured`)."""

    def __init__(self, *, min_share: float = 0.25) -> None:
        self.min_share = min_share
        self.rereads: list[bool] = []  # a book page of 2 lines or more without a gutter
        self.book = 0
        self.sides: tuple[list[float], list[float]] = ([], [])  # the centres by page parity
        self.wider = False  # three columns or more
        self.any_book = False
        self.measures: list[bool] = []  # per page read in columns: on one measure
        self.widths: list[float] = []  # the column width of each page on one measure
        self.gutters: list[float] = []  # the white between the columns of each page on one measure

    def add(self, w: PageWork) -> None:
        self.any_book |= w.book
        o = w.order
        lines = sum(len(b.lines) for b in w.page.blocks)
        book = w.book and o is not None and lines >= 4
        # a chapter's last page may hold two rows of two columns, each read as one line across
        # the gutter: it is read again with the hint, which cuts a line only at white that wide
        self.rereads.append(w.book and o is not None and not o.gutters and lines >= 2)
        if o is not None and w.book and (one := order.on_one_measure(o)) is not None:
            self.measures.append(one)
            if one and (width := order.column_measure(o)) is not None:
                self.widths.append(width)
            if one and (white := order.column_gutter(o)) is not None:
                self.gutters.append(white)
        if not book or o is None:
            return
        self.book += 1
        if len(o.gutters) == 1:
            self.sides[w.page.index % 2].append((o.gutters[0][0] + o.gutters[0][1]) / 2)
        self.wider |= len(o.gutters) > 1

    def one_measure(self) -> bool:
        m = self.measures
        return sum(m) >= 2 and sum(m) > len(m) / 2

    def measure(self) -> float | None:
        """The width the volume sets its columns to: the median over its pages on one measure."""
        return statistics.median(self.widths) if len(self.widths) >= 2 else None

    def gutter(self) -> float | None:
        """The white the volume sets between its columns: the median over its pages on one measure."""
        return statistics.median(self.gutters) if len(self.gutters) >= 2 else None

    def hint(self, index: int | None = None) -> float | None:
        """The volume's gutter (x), or None when too few of its pages show one; for the page of
        scan `index`, that of the pages on its side where at least two show one."""
        c = self.sides[0] + self.sides[1]  # every page's gutter centre
        if len(c) < 2 or len(c) < self.min_share * self.book or self.wider:
            return None
        side = self.sides[index % 2] if index is not None else []
        return statistics.median(side if len(side) >= 2 else c)


def _drop_caps_joined(
    works: SpilledPages, is_word: Callable[[str, str], bool], printed: Counter[str], *, any_book: bool
) -> Iterator[list[Line]]:
    """Each page with its drop capitals joined to their lines (`dropcaps`) and its numbers OCR
    split joined (`figures`, by the numbers the volume `printed`), as the lines the volume's
    metrics are measured on: the book pages' (every page's in a volume of none)."""
    for k in range(len(works)):
        w = works.load(k)
        if w.order is not None and w.book:
            joined = len(w.drop_caps)
            o = dropcaps.join_drop_caps(w.order, is_word, w.drop_caps)
            o = figures.join_split_numbers(o, printed, w.figure_joins)
            if o is not w.order or len(w.drop_caps) != joined:
                w.order, w.lines = o, list(o.lines)
                works.store(k, w)
        elif w.order is not None:
            blocks = dropcaps.lead_drop_cap_blocks(w.order.blocks)
            if blocks != w.order.blocks:
                lines = [ln for g in blocks for ln in g]
                w.order = dataclasses.replace(
                    w.order, blocks=blocks, lines=lines, flows=[order.Flow(tuple(lines), w.order.frame)]
                )
                w.lines = lines
                works.store(k, w)
        if w.book or not any_book:
            yield w.lines


def _split_specks(
    works: SpilledPages, metrics: VolumeMetrics
) -> tuple[list[tuple[int, bool, PageFrame] | None], list[float]]:
    """Margin specks and marks at the image's edge out of each book page's lines (a page that keeps
    Tesseract's reading says why); returns each page's `segment.sparse_sample` and the pages'
    `furniture.head_step`s."""
    samples = []
    steps = []
    for k in range(len(works)):
        w = works.load(k)
        if w.book:
            w.lines, w.specks, renewed = split_margin_specks(
                w.lines, w.frame, metrics.line_height, width=w.page.width
            )
            w.lines, tiny, shrunk = split_tiny_figures(w.lines, metrics.line_height)
            w.specks += tiny
            renewed |= {key: shrunk.get(id(ln), ln) for key, ln in renewed.items()}
            renewed |= shrunk
            if pagefurniture.contents_title_at(w.lines) is None:
                # a contents page's pages, read unsure, stand far right of their titles
                w.lines, stray, shrunk = split_stray_figures(w.lines, metrics.line_height, w.page.height)
                w.specks += stray
                renewed |= {key: shrunk.get(id(ln), ln) for key, ln in renewed.items()}
                renewed |= shrunk
            if renewed and w.order is not None:
                # the page's flows read the lines as they are now
                w.order.lines = [renewed.get(id(ln), ln) for ln in w.order.lines]
                w.order.flows = [
                    dataclasses.replace(f, lines=tuple(renewed.get(id(ln), ln) for ln in f.lines))
                    for f in w.order.flows
                ]
            edge = [ln for ln in w.lines if edge_marks(ln, w.page.height, metrics.line_height)]
            if edge and len(edge) < len(w.lines):
                w.lines = [ln for ln in w.lines if ln not in edge]
                w.specks = w.specks + edge
        else:
            w.report["as_read"] = w.order.why if w.order else ""
        works.store(k, w)
        samples.append(segment.sparse_sample(w))
        step = furniture.head_step(w.lines, w.page.height, metrics)
        if step is not None:
            steps.append(step)
    return samples, steps


def _frames_fixed(
    works: SpilledPages, typical: dict[int, PageFrame], dpi: float
) -> Iterator[tuple[list[Line], PageFrame]]:
    """Each sparse page given its typical frame (`segment.fix_sparse_frames`), at the page's scale
    (`page_scale`: a chapter's last lines photographed from further away), as its flows."""
    for k in range(len(works)):
        w = works.load(k)
        frame = segment.sparse_frame(w, typical)
        if frame is not None:
            s = page_scale(w, dpi)
            w.frame = dataclasses.replace(frame, left=frame.left * s, right=frame.right * s)
            works.store(k, w)
        yield from page_flows(w)


def _flows(works: SpilledPages) -> Iterator[tuple[list[Line], PageFrame]]:
    for w in works:
        yield from page_flows(w)


def page_flows(w: PageWork) -> list[tuple[list[Line], PageFrame]]:
    """A book page's runs of body lines with the frame they are measured in: each column of a page
    read in columns, else the page."""
    if not w.book:
        return []
    if w.columns:
        return [(list(f.lines), f.frame) for f in w.flows]
    return [(w.lines, w.frame)]


#: Words a line needs to count as a line of text (as for `geometry.volume_metrics`).
_TEXT_WORDS = 5


def volume_dpi(pages: Sequence[tuple[int, int]]) -> float:
    """The volume's resolution: the median of its pages' resolutions, each page counted once per
    line of text it holds (`_TEXT_WORDS` words or more), so the resolution the volume's measures
    were taken at (body lines) and not that of pages with little text (a title page photographed
    from further away); the plain median of the pages' resolutions when none holds such a line."""
    weighted = sorted(dpi for dpi, n in pages if dpi for _ in range(n))
    if weighted:
        return float(statistics.median(weighted))
    plain = [dpi for dpi, _ in pages]
    return float(statistics.median(plain)) if plain else 0.0


def page_scale(
    w: PageWork,
    dpi: float,
    *,
    pitch: float | None = None,
    off: float = 0.1,
    min_steps: int = 8,
    small_type: float = 0.8,
) -> float:
    """The page's scale against the volume's, or 1 when within `off` of it: its own line pitch over
    the volume's (`pitch`) where it has `min_steps` steps or more between lines of text set one under
    the other and the two differ by more than a page set in smaller type explains (under
    `small_type` of the volume's, or over its inverse: notes and quotations are set at four fifths
    of the body or more). A photograph's resolution is its image's size over the page's, and says
    nothing of how close the camera stood: a page of a spread photographed further away sets its
    lines 33 px apart where its resolution says 52. Else its resolution over the volume's (`dpi`).
    The page's own pitch is that of its body's steps (`_own_pitch`), told from its notes' by the
    pitch its resolution leads to expect."""
    expected = pitch * w.page.dpi / dpi if pitch and dpi and w.page.dpi else pitch
    own = _own_pitch(w.lines, min_steps=min_steps, expected=expected) if pitch else None
    if own is not None and pitch and not small_type <= own / pitch <= 1 / small_type:
        k = own / pitch
    elif dpi and w.page.dpi:
        k = w.page.dpi / dpi
    else:
        return 1.0
    return 1.0 if abs(k - 1.0) <= off else k


def _own_pitch(
    lines: Sequence[Line],
    *,
    min_steps: int,
    expected: float | None = None,
    apart: float = 1.15,
    least: int = 3,
) -> float | None:
    """The median step between consecutive lines of text (`_TEXT_WORDS` words or more) one under
    the other in the page's body, or None with fewer than `min_steps` steps in all. The steps fall
    into runs of like steps (sorted, a step over `apart` times the one before opens the next run):
    the body's, its notes' set closer, a spaced volume's paragraph spaces. Of the runs of `least`
    steps or more, the body's is the one nearest the `expected` pitch (the volume's at the page's
    resolution); without one, the page's median step. A photographed page of five body lines over
    fourteen of notes, whose blur boxed the notes' words taller than the body's, has the body's
    pitch (57), not the notes' (40)."""
    steps = sorted(
        step
        for a, b in zip(lines, lines[1:], strict=False)
        if len(a.words) >= _TEXT_WORDS
        and len(b.words) >= _TEXT_WORDS
        and b.bbox.y0 > a.bbox.y0
        and abs(a.bbox.x0 - b.bbox.x0) < a.bbox.width / 2
        and (step := line_step(a, b)) > 0
    )
    if len(steps) < min_steps:
        return None
    runs: list[list[float]] = [[steps[0]]]
    for x in steps[1:]:
        if x > apart * runs[-1][-1]:
            runs.append([])
        runs[-1].append(x)
    runs = [r for r in runs if len(r) >= least]
    if not expected or not runs:
        return float(statistics.median(steps))
    body = min(runs, key=lambda r: abs(math.log(statistics.median(r) / expected)))
    return float(statistics.median(body))


def at_page_scale(
    metrics: VolumeMetrics, w: PageWork, dpi: float, *, photographed: bool = False, off: float = 0.1
) -> VolumeMetrics:
    """The volume's measures at the page's scale (`page_scale`): a page scanned at another
    resolution than most of the volume has every length scaled by the ratio of the two when they
    differ by more than `off`; in a volume of pages at several resolutions (`photographed`), by
    the page's own line pitch over the volume's, however close the camera stood. A scanner's
    pages keep the volume's measures: a page of notes set closer is not a page seen from further."""
    k = page_scale(w, dpi, pitch=metrics.pitch if photographed else None, off=off)
    if k == 1.0:
        return metrics
    return dataclasses.replace(
        metrics,
        line_height=metrics.line_height * k,
        pitch=metrics.pitch * k,
        type_height=metrics.type_height * k,
        indent=metrics.indent * k if metrics.indent is not None else None,
    )


def edge_marks(
    line: Line, height: int, line_height: float, *, reach: float = 0.25, small: float = 0.5
) -> bool:
    """Whether a line is marks read with doubt (every word under 0.5), or marks too small for print
    (every word under `small` body line heights tall), at the image's top or bottom edge (within
    `reach` body line heights): the table or the page's edge in a photograph, never print, which
    stands inside a margin."""
    near = reach * line_height
    return (line.bbox.y0 <= near or line.bbox.y1 >= height - near) and (
        all(w.confidence < 0.5 for w in line.words)
        or all(w.bbox.height < small * line_height for w in line.words)
    )


def let_go(w: PageWork) -> None:
    """Drop what no step after segmentation reads: the input page's blocks (the drafts hold its
    words), the page's lines and reading order (its noise words, flags and frame stay)."""
    w.page = dataclasses.replace(w.page, blocks=())
    w.lines = []
    if w.order is not None:
        w.order = dataclasses.replace(w.order, lines=[], flows=[], blocks=[])
