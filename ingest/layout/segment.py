"""Segmentation: page furniture found across the volume, then each page cut into draft blocks.

`find_furniture` decides, over the whole volume, which top and bottom lines are running heads and
folios and what each page's printed label is. `segment_page` then cuts one page's remaining lines
into contents entries, headings, paragraphs and the footnotes of its note zone.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ingest.layout import endnotes, footnotes, furniture, headings, paragraphs, toc
from ingest.layout.drafts import Draft, PageWork, line_of
from ingest.layout.geometry import PageFrame, VolumeMetrics, skewed_frame
from ingest.layout.verse import is_verse
from ingest.model import BBox, BlockKind, Line, Word


def fix_sparse_frames(works: list[PageWork], metrics: VolumeMetrics, *, min_lines: int = 4) -> None:
    """Pages with few full-width lines (a chapter's last page, a heading alone) take the typical column
    of pages of the same parity (recto/verso margins differ), so centring can still be judged."""

    def full(w: PageWork) -> int:
        return sum(1 for ln in w.lines if ln.bbox.width >= 0.5 * w.page.width)

    single = [w for w in works if w.book and not w.columns]  # a column page's frame is measured
    for parity in (0, 1):
        good = [w for w in single if w.page.index % 2 == parity and full(w) >= min_lines]
        if not good:
            continue
        lefts = sorted(w.frame.left for w in good)
        rights = sorted(w.frame.right for w in good)
        typical = PageFrame(lefts[len(lefts) // 2], rights[len(rights) // 2])
        for w in single:
            if w.page.index % 2 == parity and full(w) < min_lines:
                w.frame = typical


@dataclass
class PageFurniture:
    """A page's furniture: head and foot blocks to make, the line indices they take (`skip`) and the
    folio as read (None when the label was inferred)."""

    head: list[tuple[BlockKind, Line]]
    foot: list[tuple[BlockKind, Line]]
    skip: set[int]
    read: str | None
    unsure: list[Line] = field(default_factory=list)  # a head group read as garbage: noise


def find_furniture(
    works: list[PageWork], metrics: VolumeMetrics
) -> tuple[list[str | None], list[PageFurniture]]:
    """Each page's printed label and furniture (head and foot lines that are running heads and
    folios), decided over the whole volume: heads must repeat, folios must fit one sequence."""
    gap = furniture.head_gap([(w.lines, w.page.height) for w in works], metrics)
    margins = [furniture.margin_groups(w.lines, metrics, w.page.height, gap_factor=gap) for w in works]
    large = [ln.text for w in works for ln in w.lines if headings.is_large(ln, metrics)]
    # the titles a contents page lists are the volume's headings too (on photographed pages of
    # changing scale a chapter title need not measure large); prefixes of a line with its leader
    # and page still name them
    large += [ln.text for w in works for ln in _contents_lines(w.lines)]
    head_texts: list[str | None] = []
    head_tops: list[float | None] = []
    for w, m in zip(works, margins, strict=True):
        if not m.head or any(toc.is_contents_title(w.lines[i]) for i in m.head):
            # a contents page's title alone at its top is that page's heading, not a running head
            # (it is a large line, so it "repeats a heading of the volume": itself)
            head_texts.append(None)
            head_tops.append(None)
            continue
        parts = [furniture.strip_folio(w.lines[i])[0] for i in m.head]
        head_texts.append(" ".join(parts).strip())
        head_tops.append(float(w.lines[m.head[0]].bbox.y0))
    confirmed = furniture.confirm_running_heads(head_texts, head_tops, large, metrics)
    foot_pages = sum(1 for m in margins if m.foot is not None)
    readings: list[list[furniture.Folio]] = []
    for w, m, ok in zip(works, margins, confirmed, strict=True):
        rs: list[furniture.Folio] = []
        if ok:
            for i in m.head:
                for k in furniture.strip_folio(w.lines[i])[1]:
                    rs += furniture.parse_folio(w.lines[i].words[k].text)
        if m.foot is not None and (foot_pages >= 2 or not rs):
            for wd in w.lines[m.foot].words:
                rs += furniture.parse_folio(wd.text)
        readings.append(rs)
    labels = furniture.infer_labels(readings)
    result = []
    for w, m, ok, label in zip(works, margins, confirmed, labels, strict=True):
        if not w.book:  # a page that keeps Tesseract's reading loses no line to furniture
            result.append(PageFurniture([], [], set(), None))
            continue
        head: list[tuple[BlockKind, Line]] = []
        foot: list[tuple[BlockKind, Line]] = []
        skip: set[int] = set()
        read = None
        if ok:
            for i in m.head:
                ln = w.lines[i]
                idx = [k for k in furniture.strip_folio(ln)[1] if _matches(ln.words[k].text, label)]
                if idx:
                    read = ln.words[idx[0]].text
                rest = [wd for k, wd in enumerate(ln.words) if k not in idx]
                nums = [wd for k, wd in enumerate(ln.words) if k in idx]
                if nums and idx[0] == 0:
                    head.append((BlockKind.PAGE_NUMBER, line_of(nums)))
                if rest:
                    head.append((BlockKind.RUNNING_HEAD, line_of(rest)))
                if nums and idx[0] != 0:
                    head.append((BlockKind.PAGE_NUMBER, line_of(nums)))
                skip.add(i)
        unsure: list[Line] = []
        if not ok and m.head:
            sure = furniture.page_confidence(w.lines)
            if all(furniture.read_unsure(w.lines[i], sure) for i in m.head):
                # a rule or ornament over the text read as letters: out of the text, kept as noise
                unsure = [w.lines[i] for i in m.head]
                skip.update(m.head)
        if m.foot is not None and (foot_pages >= 2 or label is not None):
            ln = w.lines[m.foot]
            if any(_matches(wd.text, label) for wd in ln.words) or foot_pages >= 2:
                foot.append((BlockKind.PAGE_NUMBER, ln))
                skip.add(m.foot)
                read = read or ln.text
        result.append(PageFurniture(head, foot, skip, read, unsure))
    return labels, result


def _contents_lines(lines: list[Line]) -> list[Line]:
    """The lines under a contents title among the first three lines; none on another page."""
    t = next((i for i, ln in enumerate(lines[:3]) if toc.is_contents_title(ln)), None)
    return [] if t is None else lines[t + 1 :]


def _matches(token: str, label: str | None) -> bool:
    if label is None:
        return False
    return any(furniture.folio_label(f) == label for f in furniture.parse_folio(token))


def is_contents(w: PageWork, furn: PageFurniture) -> bool:
    body = [ln for i, ln in enumerate(w.lines) if i not in furn.skip]
    return any(toc.is_contents_title(ln) for ln in body[:3])


@dataclass
class NoteCursor:
    """Where the volume's footnotes stand before a page: the number the next note should carry and
    whether the previous page ended with notes (so this page's zone may continue one)."""

    next_number: int = 1
    open: bool = False
    endnotes: bool = False  # inside a notes section (no footnote zones there)


def segment_page(w: PageWork, furn: PageFurniture, metrics: VolumeMetrics, notes: NoteCursor) -> None:
    """Cut one page into draft blocks: its furniture, then contents entries or headings, paragraphs
    and the notes of its note zone; advances `notes`. A page that is not a book page keeps
    Tesseract's blocks as paragraphs, in Tesseract's order."""
    if not w.book and w.order is not None:
        for lines in w.order.blocks:
            w.drafts.append(Draft(BlockKind.PARAGRAPH, list(lines), reason="as-read"))
        notes.open = False
        return
    for kind, ln in furn.head:
        w.drafts.append(Draft(kind, [ln], region="head"))
    body = [ln for i, ln in enumerate(w.lines) if i not in furn.skip]
    if body and any(toc.is_contents_title(ln) for ln in body[:3]):
        w.contents = True
        _segment_contents(w, body, metrics)
    else:
        in_endnotes = notes.endnotes or endnotes.page_has_notes_title(body)
        zone = (
            None
            if in_endnotes
            else footnotes.note_zone_start(
                body, metrics, next_number=notes.next_number, may_continue=notes.open
            )
        )
        zone = _zone_at_the_foot(w, body, zone, metrics, notes)
        notes_lines = body[zone:] if zone is not None else []
        body = body[:zone] if zone is not None else body
        _segment_flows(w, body, metrics, in_notes=notes.endnotes)
        for d in w.drafts:
            if d.kind is BlockKind.HEADING:  # the last heading of the page says whether notes go on
                notes.endnotes = endnotes.is_notes_title(d.text)
        may_continue = notes.open
        notes.open = bool(notes_lines)
        for note in footnotes.split_notes(notes_lines, notes.next_number, may_continue=may_continue):
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
    for kind, ln in furn.foot:
        w.drafts.append(Draft(kind, [ln], region="foot"))
    w.report["label_read"] = furn.read


def _zone_at_the_foot(
    w: PageWork, body: list[Line], zone: int | None, metrics: VolumeMetrics, notes: NoteCursor
) -> int | None:
    """A note zone cannot start in a column that another column follows beside it (a chapter's
    introduction set in smaller type in the first column): the zone is looked for again after
    that band of columns."""
    flows = w.flows
    while zone is not None and w.columns:
        k = next((i for i, f in enumerate(flows) if any(ln is body[zone] for ln in f.lines)), None)
        if k is None or flows[k].column is None:
            return zone
        end = k
        while end + 1 < len(flows) and (flows[end + 1].column or 0) > (flows[end].column or 0):
            end += 1
        if end == k:
            return zone
        later = {id(ln) for f in flows[end + 1 :] for ln in f.lines}
        start = next((i for i, ln in enumerate(body) if id(ln) in later), None)
        if start is None:
            return None
        again = footnotes.note_zone_start(
            body[start:], metrics, next_number=notes.next_number, may_continue=notes.open
        )
        zone = start + again if again is not None else None
    return zone


def _segment_flows(w: PageWork, body: list[Line], metrics: VolumeMetrics, *, in_notes: bool = False) -> None:
    """Headings and paragraphs of the body, flow by flow (`order.Flow`: a column, or lines spanning
    the columns), each measured against its own frame. A column's first paragraph continues the
    previous column's last one when the layout says so (as over a page break). `in_notes`: the page
    opens inside a notes section (see `_segment_body`)."""
    if not w.columns:
        frame = skewed_frame(body, w.frame, metrics.line_height)
        _segment_body(w, body, metrics, frame, column=None if frame is w.frame else frame, in_notes=in_notes)
        return
    ids = {id(ln) for ln in body}
    prev: tuple[Draft, PageFrame] | None = None
    for flow in w.flows:
        lines = [ln for ln in flow.lines if id(ln) in ids]
        if not lines:
            continue
        n0 = len(w.drafts)
        frame = skewed_frame(lines, flow.frame, metrics.line_height)
        in_notes = _segment_body(w, lines, metrics, frame, column=frame, in_notes=in_notes)
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
                before_last=prev[0].lines[-2] if len(prev[0].lines) > 1 else None,
                after_first=first.lines[1] if len(first.lines) > 1 else None,
            )
        ):
            first.continues = True
            w.column_joins.append((prev[0], first))
        prev = (new[-1], frame) if flow.column is not None else None


def _segment_body(
    w: PageWork,
    body: list[Line],
    metrics: VolumeMetrics,
    frame: PageFrame,
    *,
    column: PageFrame | None = None,
    in_notes: bool = False,
) -> bool:
    """Headings and the paragraphs between them; in a notes section (`in_notes` at the start, or
    after a notes heading) the runs are cut into notes instead (`endnotes.note_starts`). Returns
    whether the body ends inside a notes section."""
    found = headings.find_headings(body, frame, metrics)
    i = 0
    for h in found + [headings.Heading(len(body), len(body), 0, "")]:
        run = body[i : h.start]
        starts = (
            endnotes.note_starts(run, frame, metrics)
            if in_notes
            else paragraphs.paragraph_starts(run, frame, metrics)
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
            in_notes = endnotes.is_notes_title(" ".join(ln.text for ln in body[h.start : h.end]))
            w.drafts.append(
                Draft(BlockKind.HEADING, body[h.start : h.end], level=h.level, reason=h.reason, frame=column)
            )
        i = h.end
    return in_notes


def _segment_contents(w: PageWork, body: list[Line], metrics: VolumeMetrics) -> None:
    t = next(i for i, ln in enumerate(body[:3]) if toc.is_contents_title(ln))
    for ln in body[: t + 1]:
        w.drafts.append(Draft(BlockKind.HEADING, [ln], level=1, reason="contents-title"))
    entry_lines = body[t + 1 :]
    entries = toc.parse_entries(entry_lines, w.frame, metrics)
    for k, e in enumerate(entries):
        title_lines: list[Line] = []
        rest: list[Line] = []  # leader and page, one line per source line
        for li in e.lines:
            ln = entry_lines[li]
            keep = [ln.words[k] for (i, k) in e.title_words if i == li]
            others = [wd for wd in ln.words if wd not in keep]
            if keep and (cut := split_leader(keep[-1])) is not None:
                keep[-1] = cut[0]
                others.insert(0, cut[1])
            if others:
                after = max((wd.bbox.x1 for wd in keep), default=ln.bbox.x0)
                rest.append(line_of(leader_marks(others, after=after)))
            if keep:
                title_lines.append(line_of(keep))
        if not title_lines:
            title_lines = [entry_lines[e.lines[0]]]
            rest = []
        w.drafts.append(
            Draft(
                BlockKind.TOC_ENTRY,
                title_lines,
                level=e.level,
                target_label=e.label,
                title=e.title or None,
                entry=e,
                reason="contents",
            )
        )
        if rest:
            w.drafts.append(Draft(BlockKind.OTHER, rest, reason="leader"))
        stop = entries[k + 1].lines[0] if k + 1 < len(entries) else len(entry_lines)
        for li in range(e.lines[-1] + 1, stop):
            # lines under an entry that are not entries (an author, a subtitle)
            w.drafts.append(Draft(BlockKind.OTHER, [entry_lines[li]], reason="contents-note"))


#: What a contents entry's leader dots become: one mark, whatever OCR read them as.
LEADER = "\u2026"


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
            and (toc.is_soup(w.text) or toc.has_leader_dots(w.text) or w.confidence < max_confidence)
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
    m = toc.LEADER_START.search(" " + text)
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
