"""Segmentation: each page cut into draft blocks.

`pagefurniture.find_furniture` decides, over the whole volume, which top and bottom lines are
running heads and folios and what each page's printed label is. `segment_page` then cuts one
page's remaining lines into contents entries, headings, paragraphs and the footnotes of its note
zone.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ingest.layout import (
    calls,
    dropcaps,
    endnotes,
    footnotes,
    furniture,
    headings,
    leaders,
    notemarkers,
    paragraphs,
    toc,
)
from ingest.layout.calls import SYMBOL_SEQUENCE
from ingest.layout.drafts import Draft, PageWork, line_above, line_below, line_of
from ingest.layout.geometry import PageFrame, VolumeMetrics, skewed_frame, type_height
from ingest.layout.measures import box_height
from ingest.layout.order import Flow
from ingest.layout.pagefurniture import PageFurniture, contents_title_at
from ingest.layout.verse import is_verse
from ingest.model import BBox, BlockKind, Line, Word


def fix_sparse_frames(works: list[PageWork], metrics: VolumeMetrics, *, min_lines: int = 4) -> None:
    """Pages with few full-width lines (a chapter's last page, a heading alone) take the typical column
    of pages of the same parity (recto/verso margins differ), so centring can still be judged."""
    typical = typical_frames([sparse_sample(w, min_lines=min_lines) for w in works])
    for w in works:
        frame = sparse_frame(w, typical, min_lines=min_lines)
        if frame is not None:
            w.frame = frame


def sparse_sample(w: PageWork, *, min_lines: int = 4) -> tuple[int, bool, PageFrame] | None:
    """What `typical_frames` needs of a page: its parity, whether it has `min_lines` full-width
    lines, and its frame; None for a page read in columns (its frame is measured) or not a book
    page."""
    if not w.book or w.columns:
        return None
    full = sum(1 for ln in w.lines if ln.bbox.width >= 0.5 * w.page.width)
    return w.page.index % 2, full >= min_lines, w.frame


def typical_frames(samples: Sequence[tuple[int, bool, PageFrame] | None]) -> dict[int, PageFrame]:
    """By parity, the median frame of the pages with enough full-width lines (`sparse_sample`)."""
    out = {}
    for parity in (0, 1):
        good = [f for s in samples if s is not None and s[0] == parity and s[1] for f in (s[2],)]
        if good:
            lefts = sorted(f.left for f in good)
            rights = sorted(f.right for f in good)
            out[parity] = PageFrame(lefts[len(lefts) // 2], rights[len(rights) // 2])
    return out


def sparse_frame(w: PageWork, typical: dict[int, PageFrame], *, min_lines: int = 4) -> PageFrame | None:
    """The frame a sparse page takes (`typical_frames`), or None when it keeps its own."""
    s = sparse_sample(w, min_lines=min_lines)
    if s is None or s[1] or s[0] not in typical:
        return None
    return typical[s[0]]


@dataclass
class NoteCursor:
    """Where the volume's footnotes stand before a page: the number the next note should carry and
    whether the previous page ended with notes (so this page's zone may continue one)."""

    next_number: int = 1
    open: bool = False
    endnotes: bool = False  # inside a notes section (no footnote zones there)
    symbols: bool = False  # the volume marks its notes with symbols (restarting per page), `mark`
    #: the volume's look before any note was read (`footnotes.marks_symbols`): what a tie of marks tells
    looks_symbolic: bool = False
    symbol_marks: int = 0  # notes opened so far marked with a symbol
    number_marks: int = 0  # notes opened so far marked with a number
    sentence_end: bool = False  # the previous page's last note line ends a sentence
    titled: bool = True  # a heading came since the last note opened (numbering may restart)
    #: the previous page's last line of body text (None after a contents page or a page that is no
    #: book page): the page's first line may go on with the sentence it leaves open
    text_end: Line | None = None

    def mark(self, marker: str) -> None:
        """Count a note opened with `marker`. The volume marks its notes with symbols while more
        of its notes so far opened with a symbol than with a number: one figure read at a zone
        line's start in a volume of symbol notes (or one mark read as a symbol in a volume of
        numbered notes) does not turn the volume's way of marking its notes for the pages after
        it. A tie ('1' and then '*' for a curled '2.') is told by the volume's look before any
        note was read (`looks_symbolic`), not by whichever of the two marks came last."""
        if marker in SYMBOL_SEQUENCE:
            self.symbol_marks += 1
        else:
            self.number_marks += 1
        if self.symbol_marks != self.number_marks:
            self.symbols = self.symbol_marks > self.number_marks
        else:
            self.symbols = self.looks_symbolic


def segment_page(w: PageWork, furn: PageFurniture, metrics: VolumeMetrics, notes: NoteCursor) -> None:
    """Cut one page into draft blocks: its furniture, then contents entries or headings, paragraphs
    and the notes of its note zone; advances `notes`. A page that is not a book page keeps
    Tesseract's blocks as paragraphs, in Tesseract's order."""
    if not w.book and w.order is not None:
        taken = {id(w.lines[i]) for i in furn.skip}
        for lines in w.order.blocks:
            kept = [ln for ln in lines if id(ln) not in taken]
            if kept:
                w.drafts.append(Draft(BlockKind.PARAGRAPH, kept, reason="as-read"))
        for kind, ln in furn.foot:
            w.drafts.append(Draft(kind, [ln], region="foot"))
        w.report["label_read"] = furn.read
        notes.open = False
        notes.text_end = None
        return
    for kind, ln in furn.head:
        w.drafts.append(Draft(kind, [ln], region="head"))
    body = [ln for i, ln in enumerate(w.lines) if i not in furn.skip]
    title = contents_title_at(body) if body else None
    if title is None and w.titles_only:
        title = -1  # a contents page known by the titles it lists (`pagefurniture.lists_titles`)
    if title is not None:
        w.contents = True
        _segment_contents(w, body, metrics, title)
        notes.text_end = None
    else:
        in_endnotes = notes.endnotes or endnotes.page_has_notes_title(body)
        zone = (
            None
            if in_endnotes
            else footnotes.note_zone_start(
                body, metrics, next_number=notes.next_number, may_continue=notes.open, symbols=notes.symbols
            )
        )
        zone = _zone_at_the_foot(w, body, zone, metrics, notes)
        across = False
        if zone is None and not in_endnotes and not notes.open and w.columns:
            zone = _zone_across_the_columns(w, body, metrics, notes)
            across = zone is not None
        if not in_endnotes and w.columns:
            body, zone = _zone_below_the_columns(body, metrics, notes, found=zone)
        notes_lines = footnotes.in_line_order(body[zone:]) if zone is not None else []
        body = body[:zone] if zone is not None else body
        _segment_flows(w, body, metrics, in_notes=notes.endnotes, after=notes.text_end)
        text = w.body_drafts()
        notes.text_end = text[-1].lines[-1] if text and text[-1].lines else None
        for d in w.drafts:
            if d.kind is BlockKind.HEADING:  # the last heading of the page says whether notes go on
                notes.endnotes = endnotes.is_notes_title(d.text)
                notes.titled = True
        may_continue = notes.open
        # a note whose last line ends short ends on its page: the next page's zone opens a note
        notes.open = bool(notes_lines) and not footnotes.ends_short(notes_lines, w.frame.right)
        # the notes are marked with symbols: the volume's last note was, or this zone's first is
        symbolic = notes.symbols or bool(notes_lines and notemarkers.first_mark(notes_lines[0]))
        held = calls.likely_calls(body) if notes_lines and symbolic else 0
        # where no note continues onto the page, its zone opens the page's first note
        want = _calls_wanting_symbol_notes(body, notes_lines, notes) if may_continue else held
        split = notemarkers.split_notes(
            notes_lines,
            notes.next_number,
            may_continue=may_continue,
            want=want,
            symbols=notes.symbols,
            calls=held,
            restart=notes.titled,
        )
        if (
            not may_continue
            and not notes.symbols
            and split
            and split[0].marker is None
            and footnotes.called_term(body, notes_lines[0])
        ):
            # no note continues onto the page and the zone opens with a term the body calls: the
            # expected note, its number lost
            split[0] = replace(split[0], marker=str(notes.next_number))
        if across and split and split[0].marker is None:
            # no note continues onto the page: the zone's first line is in the note it opens,
            # whose number (or first line) OCR lost
            opens = SYMBOL_SEQUENCE[0] if notes.symbols else str(notes.next_number)
            split[0] = replace(split[0], marker=opens)
        notes.sentence_end = bool(notes_lines) and notemarkers.ends_with_stop(notes_lines[-1])
        for note in split:
            w.drafts.append(
                Draft(
                    BlockKind.FOOTNOTE,
                    list(note.lines),
                    marker=note.marker,
                    region="notes",
                    continues=note.marker is None,
                )
            )
            if note.marker is not None and note.marker.isdigit():
                notes.next_number = int(note.marker) + 1
            if note.marker is not None:
                notes.mark(note.marker)
                notes.titled = False
    for kind, ln in furn.foot:
        w.drafts.append(Draft(kind, [ln], region="foot"))
    w.report["label_read"] = furn.read


def _calls_wanting_symbol_notes(body: list[Line], zone: list[Line], notes: NoteCursor) -> int:
    """How many notes the page's own calls want, when the volume marks its notes with symbols that
    restart on every page and the previous page's last note ended its sentence: then a zone whose
    first line carries no mark OCR can read may still open the page's first note, not continue the
    note before (`notemarkers.split_notes`). Calls are the body's candidates read as a symbol or
    as a glyph (`calls.call_candidates`, strength 1.5 or more), possessives aside. 0 otherwise."""
    if not zone or not notes.symbols or not notes.sentence_end:
        return 0
    return calls.likely_calls(body)


def _beside_an_earlier_column(flows: Sequence[Flow], k: int, first: Line) -> bool:
    """Whether the first line of a zone read in column flow `k` has text of an earlier column of its
    band running on beside it: a line there in at least its type whose foot is below its middle.
    A book's notes run under the columns, and the foot of one column beside another's text is
    text ('1 am now translating': a quotation in smaller type at the foot of the last column, its
    'I' read as the number of the chapter's first note)."""
    col = flows[k].column or 0
    j = k
    while j > 0 and flows[j - 1].column is not None and (flows[j - 1].column or 0) < col:
        j -= 1
    middle = (first.bbox.y0 + first.bbox.y1) / 2
    size = type_height(first)
    return any(ln.bbox.y1 > middle and type_height(ln) >= size for f in flows[j:k] for ln in f.lines)


def _zone_across_the_columns(
    w: PageWork, body: list[Line], metrics: VolumeMetrics, notes: NoteCursor
) -> int | None:
    """On a page read in columns where no note continues, lines in smaller type set off at the foot
    below the columns (each below every line above it), the first of them running across a
    gutter and wider than a column, are the page's notes even when the first does not read as
    opening one (OCR lost the note's first line under the rule, or its number): the body's lines
    are a column wide, and nothing else of a book's page spans the columns there in smaller type.
    The zone is where type size alone finds one (`note_zone_start` as if a note could continue);
    None when it does not start so, or when its first line reads as opening a note: such a zone
    is left to the rules for it (a list of points under the columns, a bullet read as a mark)."""
    gutters = w.order.gutters if w.order is not None else []
    zone = footnotes.note_zone_start(
        body, metrics, next_number=notes.next_number, may_continue=True, symbols=notes.symbols
    )
    if zone is None or zone == 0 or not gutters:
        return None
    first = body[zone]
    column = max((f.frame.width for f in w.flows if f.column is not None), default=0.0)
    if first.bbox.width <= column or not any(first.bbox.x0 < gl and first.bbox.x1 > gr for gl, gr in gutters):
        return None  # not wider than a column, across a gutter (a centred folio is neither)
    above = max(ln.bbox.y1 for ln in body[:zone])
    if any((ln.bbox.y0 + ln.bbox.y1) / 2 < above for ln in body[zone:]):
        return None  # a line of it beside the columns' lines
    split = notemarkers.split_notes(body[zone:], notes.next_number, may_continue=False, symbols=notes.symbols)
    if not split or split[0].marker is not None:
        # its first line reads as opening a note, and the rules for such a zone did not take it
        # (a list of points under the columns, each opening with a bullet read as a mark)
        return None
    return zone


def _zone_at_the_foot(
    w: PageWork, body: list[Line], zone: int | None, metrics: VolumeMetrics, notes: NoteCursor
) -> int | None:
    """A note zone cannot start in a column that another column follows beside it (a chapter's
    introduction set in smaller type in the first column), nor beside the text of an earlier
    column (`_beside_an_earlier_column`: a quotation at the foot of the last column): the zone is
    looked for again after that band of columns."""
    flows = w.flows
    while zone is not None and w.columns:
        k = next((i for i, f in enumerate(flows) if any(ln is body[zone] for ln in f.lines)), None)
        if k is None or flows[k].column is None:
            return zone
        end = k
        while end + 1 < len(flows) and (flows[end + 1].column or 0) > (flows[end].column or 0):
            end += 1
        if end == k and not _beside_an_earlier_column(flows, k, body[zone]):
            return zone
        later = {id(ln) for f in flows[end + 1 :] for ln in f.lines}
        start = next((i for i, ln in enumerate(body) if id(ln) in later), None)
        if start is None:
            return None
        again = footnotes.note_zone_start(
            body[start:],
            metrics,
            next_number=notes.next_number,
            may_continue=notes.open,
            symbols=notes.symbols,
        )
        zone = start + again if again is not None else None
    return zone


def _zone_below_the_columns(
    body: list[Line], metrics: VolumeMetrics, notes: NoteCursor, *, found: int | None = None
) -> tuple[list[Line], int | None]:
    """A note zone below the columns whose lines fit in one column (a short note) is read in that
    column's flow, with the next column after it. The lines below every other line of the page
    are looked at as the page's last lines; when they are a note zone, they are moved there.
    `found`: the zone found in reading order (None: none), kept unless it lies inside those lines
    and the zone they make starts with them (its first short note read in a column's flow)."""
    low = sorted(body, key=lambda ln: ln.bbox.y0)
    k = len(low)
    # a line's middle below the foot of every line above it: nothing beside it (the boxes of a
    # note zone's close-set lines may overlap by a descender)
    while k > 1 and (low[k - 1].bbox.y0 + low[k - 1].bbox.y1) / 2 > max(ln.bbox.y1 for ln in low[: k - 1]):
        k -= 1
    band = {id(ln) for ln in low[k:]}
    if not band or len(band) == len(body) or all(id(ln) in band for ln in body[-len(band) :]):
        return body, found
    if found is not None and not all(id(ln) in band for ln in body[found:]):
        return body, found
    moved = [ln for ln in body if id(ln) not in band] + low[k:]
    zone = footnotes.note_zone_start(
        moved, metrics, next_number=notes.next_number, may_continue=notes.open, symbols=notes.symbols
    )
    if zone is None or zone < len(moved) - len(band):
        return body, found
    if found is not None and len(moved) - zone <= len(body) - found:
        return body, found  # the zone found, no line more
    return moved, zone


def _segment_flows(
    w: PageWork,
    body: list[Line],
    metrics: VolumeMetrics,
    *,
    in_notes: bool = False,
    after: Line | None = None,
) -> None:
    """Headings and paragraphs of the body, flow by flow (`order.Flow`: a column, or lines spanning
    the columns), each measured against its own frame. A column's first paragraph continues the
    previous column's last one when the layout says so (as over a page break). `in_notes`: the page
    opens inside a notes section (see `_segment_body`); `after`: the previous page's last line of
    body text, which the first flow's first line may go on."""
    box, typ = _own_body(w.lines) or (None, None)
    page = _PageMeasures(
        # the words set apart as noise, and the specks split off the lines' ends in the margin (a
        # lost number's stop out where the notes' numbers hang)
        marks=[*(w.order.noise if w.order is not None else ()), *(x for ln in w.specks for x in ln.words)],
        descent=headings.descent_ratio(w.lines),
        body_box=box,
        body_type=typ,
    )
    if not w.columns:
        frame = skewed_frame(body, w.frame, metrics.line_height)
        column = None if frame is w.frame else frame
        _segment_body(w, body, metrics, frame, page, column=column, in_notes=in_notes, after=after)
        return
    ids = {id(ln) for ln in body}
    prev: tuple[Draft, PageFrame, Line | None] | None = None
    for flow in w.flows:
        lines = [ln for ln in flow.lines if id(ln) in ids]
        if not lines:
            continue
        n0 = len(w.drafts)
        frame = skewed_frame(lines, flow.frame, metrics.line_height)
        if prev is not None:
            after = prev[0].lines[-1] if prev[0].lines else None
        in_notes = _segment_body(w, lines, metrics, frame, page, column=frame, in_notes=in_notes, after=after)
        new = w.drafts[n0:]
        if not new:
            continue
        first = new[0]
        if (
            prev is not None
            and flow.column is not None
            and first.kind is BlockKind.PARAGRAPH
            and prev[0].kind is BlockKind.PARAGRAPH
            and paragraphs.continues_over_break(
                prev[0].lines[-1],
                prev[1],
                first.lines[0],
                frame,
                metrics,
                before_last=prev[2],
                after_first=line_below(w, new),
                block_before=prev[0].lines,
                block_after=first.lines,
            )
        ):
            first.continues = True
            w.column_joins.append((prev[0], first))
        prev = (new[-1], frame, line_above(w, new)) if flow.column is not None else None


@dataclass(frozen=True)
class _PageMeasures:
    """What the segmentation of each of a page's flows reads off the whole page, measured once:
    the words set apart from its lines (`marks`, for the notes cutter), its `descent_ratio`, and
    its text lines' median box and type heights (`body_box`, `body_type`; None with too few)."""

    marks: list[Word]
    descent: float | None
    body_box: float | None = None
    body_type: float | None = None


def _own_body(lines: Sequence[Line], *, min_lines: int = 8, words: int = 5) -> tuple[float, float] | None:
    """The median box height (less specks: `box_height`) and type height of the page's lines of
    `words` words or more, when it has `min_lines` of them; else None."""
    text = [ln for ln in lines if len(ln.words) >= words]
    if len(text) < min_lines:
        return None
    return statistics.median(box_height(ln) for ln in text), statistics.median(type_height(ln) for ln in text)


def _heading_metrics(metrics: VolumeMetrics, page: _PageMeasures, *, off: float = 0.1) -> VolumeMetrics:
    """The measures a page's headings are found by: the volume's at the page's scale, unless the
    page's own text lines are boxed taller than they say by more than `off` (a photograph at low
    resolution, its ink spread by blur, boxes its words taller against its pitch than the volume's
    other pages do): then the page's own, so that its body's lines, and a quotation's in smaller
    type, do not stand out as large."""
    box, typ = page.body_box, page.body_type
    if (
        box is None
        or typ is None
        or (box <= (1 + off) * metrics.line_height and typ <= (1 + off) * metrics.type_height)
    ):
        return metrics
    return replace(
        metrics, line_height=max(box, metrics.line_height), type_height=max(typ, metrics.type_height)
    )


def _segment_body(
    w: PageWork,
    body: list[Line],
    metrics: VolumeMetrics,
    frame: PageFrame,
    page: _PageMeasures,
    *,
    column: PageFrame | None = None,
    in_notes: bool = False,
    after: Line | None = None,
) -> bool:
    """Headings and the paragraphs between them; in a notes section (`in_notes` at the start, or
    after a notes heading) the runs are cut into notes instead (`endnotes.note_starts`). Returns
    whether the body ends inside a notes section. `after`: the previous column's last line (or
    the previous page's, for its first); `page`: the page's own measures."""
    found = endnotes.with_notes_titles(
        body,
        headings.find_headings(
            body, frame, _heading_metrics(metrics, page), after=after, descent=page.descent
        ),
    )
    i = 0
    titled = False  # the run opens a notes section: its title stands right above it
    for h in found + [headings.Heading(len(body), len(body), 0, "")]:
        run = body[i : h.start]
        starts = (
            endnotes.note_starts(run, frame, metrics, marks=page.marks, opens=titled)
            if in_notes
            else _with_drop_caps(paragraphs.paragraph_starts(run, frame, metrics), run, w, metrics)
        )
        stops = [s for s, _ in starts] + [len(run)]
        for k, (start, reason) in enumerate(starts):
            first = i == 0 and k == 0 and reason == "first"
            lines = run[start : stops[k + 1]]
            w.drafts.append(
                Draft(
                    BlockKind.PARAGRAPH,
                    lines,
                    reason="first" if first else reason,
                    frame=column,
                    verse=not in_notes and is_verse(lines, frame, metrics),
                )
            )
        if h.end > h.start:
            in_notes = titled = endnotes.is_notes_title(" ".join(ln.text for ln in body[h.start : h.end]))
            w.drafts.append(
                Draft(BlockKind.HEADING, body[h.start : h.end], level=h.level, reason=h.reason, frame=column)
            )
        i = h.end
    return in_notes


def _with_drop_caps(
    starts: list[tuple[int, str]], run: Sequence[Line], w: PageWork, metrics: VolumeMetrics
) -> list[tuple[int, str]]:
    """`starts` with the lines of `run` that open with a drop capital: one cleanup put back at
    their start (`dropcaps`), or one OCR read there, a capital letter 1.8 to 4.5 of the volume's
    type heights tall (`dropcaps.is_drop_cap`) standing well over its line's other words
    (`dropcaps.towers_over_its_line`). A drop capital opens its paragraph, whatever
    stands above it (a short date or place line of ragged text, which would otherwise run on into
    it: the capital's line shows no indent)."""
    capped = [m.word for m in w.drop_caps]
    have = {i for i, _ in starts}
    added = [
        (i, "drop-cap")
        for i, ln in enumerate(run)
        if i not in have
        and ln.words
        and (
            ln.words[0] in capped
            or (dropcaps.is_drop_cap(ln.words[0], metrics.type_height) and dropcaps.towers_over_its_line(ln))
        )
    ]
    return sorted(starts + added) if added else starts


def _segment_contents(w: PageWork, body: list[Line], metrics: VolumeMetrics, t: int) -> None:
    for ln in body[: t + 1]:
        w.drafts.append(Draft(BlockKind.HEADING, [ln], level=1, reason="contents-title"))
    entry_lines = body[t + 1 :]
    entries = toc.parse_entries(entry_lines, w.frame, metrics)
    for k, e in enumerate(entries):
        # each line of the entry whole, as printed: its title words, then its leader (one mark,
        # however OCR read the dots) and page; the entry's title and page are its `title` and
        # `target_label`
        entry_rows: list[Line] = []
        for li in e.lines:
            ln = entry_lines[li]
            keep = [ln.words[k] for (i, k) in e.title_words if i == li]
            others = [wd for wd in ln.words if wd not in keep]
            if keep and (cut := split_leader(keep[-1])) is not None:
                keep[-1] = cut[0]
                others.insert(0, cut[1])
            after = max((wd.bbox.x1 for wd in keep), default=ln.bbox.x0)
            entry_rows.append(
                line_of(sorted(keep + leader_marks(others, after=after), key=lambda wd: wd.bbox.x0))
            )
        if not e.title_words:
            entry_rows = [entry_lines[li] for li in e.lines]  # no title read: the lines as read
        w.drafts.append(
            Draft(
                BlockKind.TOC_ENTRY,
                entry_rows,
                level=e.level,
                target_label=e.label,
                title=e.title or None,
                entry=e,
                reason="contents",
            )
        )
        stop = entries[k + 1].lines[0] if k + 1 < len(entries) else len(entry_lines)
        for li in range(e.lines[-1] + 1, stop):
            # lines under an entry that are not entries (an author, a subtitle)
            w.drafts.append(Draft(BlockKind.OTHER, [entry_lines[li]], reason="contents-note"))


#: What a contents entry's leader dots become: one mark, whatever OCR read them as.
LEADER = leaders.LEADER


def leader_marks(words: list[Word], *, after: float, max_confidence: float = 0.3) -> list[Word]:
    """A contents line's words after its title (its leader and page) with each run of leader dots as
    OCR read them ("....", "cccc", "sseeeeees", any word read under `max_confidence` that is no page
    number) made one `LEADER` mark over their extent, read as surely as print is (no corrector need
    look at it); the page number stays as read, and so does a word whose dots run into it
    ("......12"). Only words right of `after` (the title's end) are looked at: a speck before the
    title stays as read."""
    out: list[Word] = []
    run: list[Word] = []

    def flush() -> None:
        if run:
            out.append(
                Word(LEADER, BBox.enclosing([w.bbox for w in run]), confidence=1.0, origin=run[0].origin)
            )
            run.clear()

    for w in words:
        page = toc.glued_page(w.text) is not None or any(f.exact for f in furniture.parse_folio(w.text))
        if (
            w.bbox.x0 >= after
            and not page
            and (leaders.is_soup(w.text) or leaders.has_leader_dots(w.text) or w.confidence < max_confidence)
        ):
            run.append(w)
        else:
            flush()
            out.append(w)
    flush()
    return out


def split_leader(word: Word) -> tuple[Word, Word] | None:
    """(title part, leader mark) of a title's last word that runs into its leader dots
    ("capitulator.......sseee"), the box cut in proportion to the characters; None when the word
    shows no leader, or its dots run into the page number (the word stays whole)."""
    text = word.text
    m = leaders.LEADER_START.search(" " + text)
    if m is None or toc.glued_page(text) is not None:
        return None
    head = (" " + text)[: m.start()].strip()
    if not head:
        return None
    b = word.bbox
    x = b.x0 + round(b.width * len(head) / len(text))
    return (
        replace(word, text=head, bbox=BBox(b.x0, b.y0, x, b.y1)),
        Word(LEADER, BBox(x, b.y0, b.x1, b.y1), confidence=1.0, origin=word.origin),
    )
