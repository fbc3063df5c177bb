"""Page furniture decided over the whole volume: running heads, folios and each page's label.

A head must repeat (or name a heading of the volume) and folios must fit one sequence, so neither
is decided page by page: `find_furniture` looks at every page's top and bottom line groups at once
and says, per page, which lines are furniture and what printed label the page carries.
`segment.segment_page` then makes the furniture's blocks and cuts the rest of the page.
"""

from __future__ import annotations

import dataclasses
import statistics
from dataclasses import dataclass, field

from ingest.layout import furniture, headings, toc
from ingest.layout.drafts import PageWork, line_of
from ingest.layout.geometry import VolumeMetrics
from ingest.model import BlockKind, Line


@dataclass
class PageFurniture:
    """A page's furniture: head and foot blocks to make, the line indices they take (`skip`) and the
    folio as read (None when the label was inferred)."""

    head: list[tuple[BlockKind, Line]]
    foot: list[tuple[BlockKind, Line]]
    skip: set[int]
    read: str | None
    unsure: list[Line] = field(default_factory=list)  # a head group read as garbage: noise


@dataclass
class PageMargins:
    """What `decide_furniture` needs of one page: its head and foot candidates (`furniture.Margins`)
    with their lines, read once so the page itself can be let go of."""

    book: bool
    margins: furniture.Margins
    lines: dict[int, Line]  # the head and foot lines by index
    head_text: str | None  # the head as a running head (None: no head, or a contents title)
    head_top: float | None
    head_folios: list[furniture.Folio]  # folios read in the head (kept if the head is confirmed)
    foot_folios: list[furniture.Folio]
    head_unsure: bool  # every head line read with doubt (`furniture.read_unsure`)
    large: list[str]  # texts of large lines
    contents: list[str]  # texts of the lines under a contents title
    titles: list[str] = field(default_factory=list)  # consecutive large lines, joined (`set_titles`)
    foot_unsure: bool = False  # the foot line read with doubt (`furniture.read_unsure`)
    width: float = 0.0  # the page image's width


def page_margins(w: PageWork, metrics: VolumeMetrics, gap: float) -> PageMargins:
    """One page's furniture candidates, with `gap` the volume's `furniture.head_gap`."""
    m = furniture.margin_groups(w.lines, metrics, w.page.height, gap_factor=gap)
    head_text: str | None = None
    head_top: float | None = None
    # a contents page's title alone at its top is that page's heading, not a running head
    # (it is a large line, so it "repeats a heading of the volume": itself)
    if m.head and not any(toc.is_contents_title(w.lines[i]) for i in m.head):
        parts = [furniture.strip_folio(w.lines[i])[0] for i in m.head]
        head_text = " ".join(parts).strip()
        head_top = float(w.lines[m.head[0]].bbox.y0)
    head_folios = [
        f
        for i in m.head
        for k in furniture.strip_folio(w.lines[i])[1]
        for f in furniture.parse_folio(w.lines[i].words[k].text)
    ]
    foot = w.lines[m.foot] if m.foot is not None else None
    foot_folios = [f for wd in foot.words for f in furniture.parse_folio(wd.text)] if foot is not None else []
    unsure = False
    if m.head:
        sure = furniture.page_confidence(w.lines)
        unsure = all(furniture.read_unsure(w.lines[i], sure) for i in m.head)
    kept = {i: w.lines[i] for i in m.above + m.head + m.rule + m.below + m.edge}
    for i in (m.foot, m.foot_unread):
        if i is not None:
            kept[i] = w.lines[i]
    return PageMargins(
        w.book,
        m,
        kept,
        head_text,
        head_top,
        head_folios,
        foot_folios,
        unsure,
        [ln.text for ln in w.lines if headings.is_large(ln, metrics)],
        [ln.text for ln in _contents_lines(w.lines)],
        set_titles(w.lines, metrics),
        m.foot is not None and furniture.read_unsure(w.lines[m.foot], furniture.page_confidence(w.lines)),
        float(w.page.width),
    )


def set_titles(lines: list[Line], metrics: VolumeMetrics, *, most: int = 3) -> list[str]:
    """The texts of runs of two to `most` large lines one after the other, joined: a title set over
    several lines (a book's title on its title page, which the verso's running head repeats on
    one line)."""
    big = [headings.is_large(ln, metrics) for ln in lines]
    return [
        " ".join(ln.text for ln in lines[i : i + n])
        for n in range(2, most + 1)
        for i in range(len(lines) - n + 1)
        if all(big[i : i + n])
    ]


def find_furniture(
    works: list[PageWork], metrics: VolumeMetrics
) -> tuple[list[str | None], list[PageFurniture]]:
    """Each page's printed label and furniture (head and foot lines that are running heads and
    folios), decided over the whole volume: heads must repeat, folios must fit one sequence."""
    gap = furniture.head_gap([(w.lines, w.page.height) for w in works], metrics)
    return decide_furniture([page_margins(w, metrics, gap) for w in works], metrics)


def decide_furniture(
    pages: list[PageMargins], metrics: VolumeMetrics
) -> tuple[list[str | None], list[PageFurniture]]:
    """`find_furniture` from each page's `page_margins`."""
    # the titles a contents page lists are the volume's headings too (on photographed pages of
    # changing scale a chapter title need not measure large); prefixes of a line with its leader
    # and page still name them
    large = [t for p in pages for t in p.large] + [t for p in pages for t in p.contents]
    # a title set over several lines is named by a head on another page only (on its own page, its
    # first lines at the head would name it)
    elsewhere = [[t for q in pages if q is not p for t in q.titles] for p in pages]
    confirmed = furniture.confirm_running_heads(
        [p.head_text for p in pages], [p.head_top for p in pages], large, metrics, page_headings=elsewhere
    )
    foot_pages = sum(1 for p in pages if p.margins.foot is not None)
    readings: list[list[furniture.Folio]] = []
    for p, ok in zip(pages, confirmed, strict=True):
        rs: list[furniture.Folio] = list(p.head_folios) if ok else []
        if p.margins.foot is not None and (foot_pages >= 2 or not rs):
            rs += p.foot_folios
        readings.append(rs)
    labels = furniture.infer_labels(readings)
    agree = [any(_matches_exactly(f, label) for f in rs) for rs, label in zip(readings, labels, strict=True)]
    confirmed = _vouched_by_folio(pages, confirmed, labels, agree, metrics)
    # where on the page the folios read exactly at the foot stand (their centres, in page widths)
    foot_at = [
        _centre(p.lines[p.margins.foot], p.width)
        for p, label in zip(pages, labels, strict=True)
        if p.margins.foot is not None and any(_matches_exactly(f, label) for f in p.foot_folios)
    ]
    # and at the head: the folio words of the confirmed heads that read their label exactly
    head_at = [
        _centre(line_of([wd]), p.width)
        for p, ok, label in zip(pages, confirmed, labels, strict=True)
        if ok
        for i in p.margins.head
        for wd in p.lines[i].words
        if any(_matches_exactly(f, label) for f in furniture.parse_folio(wd.text))
    ]
    result = []
    for pos, (p, ok, label) in enumerate(zip(pages, confirmed, labels, strict=True)):
        m = p.margins
        if not p.book:
            # a page that keeps Tesseract's reading loses no line to furniture but a lone folio at
            # its foot that reads, exactly, the label the other pages' folios give it
            others = sum(agree) - agree[pos]
            if m.foot is not None and others >= _MIN_OTHER_FOLIOS and _lone_folio_of(p.lines[m.foot], label):
                lone = p.lines[m.foot]
                result.append(PageFurniture([], [(BlockKind.PAGE_NUMBER, lone)], {m.foot}, lone.text))
            else:
                result.append(PageFurniture([], [], set(), None))
            continue
        head: list[tuple[BlockKind, Line]] = []
        foot: list[tuple[BlockKind, Line]] = []
        skip: set[int] = set()
        read = None
        if ok:
            for i in m.head:
                ln = p.lines[i]
                ends = furniture.strip_folio(ln)[1]
                idx = [k for k in ends if _matches(ln.words[k].text, label)]
                if idx:
                    read = ln.words[idx[0]].text
                    # the folio's decoration read apart from it ('— 18 —') goes with it
                    idx = [k for k in ends if k in idx or furniture.decoration(ln.words[k].text)]
                rest = [wd for k, wd in enumerate(ln.words) if k not in idx]
                nums = [wd for k, wd in enumerate(ln.words) if k in idx]
                if nums and idx[0] == 0:
                    head.append((BlockKind.PAGE_NUMBER, line_of(nums)))
                if rest:
                    head.append((BlockKind.RUNNING_HEAD, line_of(rest)))
                if nums and idx[0] != 0:
                    head.append((BlockKind.PAGE_NUMBER, line_of(nums)))
                skip.add(i)
        if (
            not ok
            and len(m.head) == 1
            and _unread_folio(p.lines[m.head[0]], p.width, head_at)
            and not p.head_folios
            and label is not None
        ):
            # the same at the head: a short token alone there, where the volume's head folios stand
            head.append((BlockKind.PAGE_NUMBER, p.lines[m.head[0]]))
            skip.add(m.head[0])
            m = dataclasses.replace(m, head=())
        unsure: list[Line] = []
        if not ok and m.head and p.head_unsure:
            # a rule or ornament over the text read as letters: out of the text, kept as noise
            unsure = [p.lines[i] for i in m.head]
            skip.update(m.head)
        if ok and m.rule:
            # the rule under the running head, read as dashes: out of the text, kept as noise
            unsure += [p.lines[i] for i in m.rule]
            skip.update(m.rule)
        if m.above and (ok or m.above_apart or p.head_unsure):
            # marks over the head (a page's edge read as letters): noise when the head under them is
            # the volume's furniture, or when they stand apart as a group of their own
            unsure = [p.lines[i] for i in m.above] + unsure
            skip.update(m.above)
        if m.foot is not None and (foot_pages >= 2 or label is not None):
            ln = p.lines[m.foot]
            # a page has one folio: where its head's was read, a foot line that does not read the
            # page's label is text (a date line closing a column: 'May 26, 1928')
            if any(_matches(wd.text, label) for wd in ln.words) or (foot_pages >= 2 and read is None):
                foot.append((BlockKind.PAGE_NUMBER, ln))
                skip.add(m.foot)
                read = read or ln.text
                unsure += [p.lines[i] for i in m.below]  # marks under the folio: noise
                skip.update(m.below)
        if m.edge:
            unsure += [p.lines[i] for i in m.edge]  # the scan's edge at the foot, read as letters
            skip.update(m.edge)
        if (
            m.foot is None
            and m.foot_unread is not None
            and label is not None
            and read is None
            and _unread_folio(p.lines[m.foot_unread], p.width, foot_at)
        ):
            # a short token alone at the foot, set off like a folio where the volume's folios stand,
            # on a page whose label the sequence gives: the folio OCR misread ('w' for '2')
            foot.append((BlockKind.PAGE_NUMBER, p.lines[m.foot_unread]))
            skip.add(m.foot_unread)
        if (
            m.foot is not None
            and m.foot not in skip
            and p.foot_unsure
            and read is not None
            and not any(_matches(wd.text, label) for wd in p.lines[m.foot].words)
        ):
            # a figure read with doubt alone at the foot of a page whose folio was read at its head,
            # not that folio: marks (the edge of a photographed page's leaves read as a '1'), noise
            unsure.append(p.lines[m.foot])
            skip.add(m.foot)
        result.append(PageFurniture(head, foot, skip, read, unsure))
    return labels, result


def _vouched_by_folio(
    pages: list[PageMargins],
    confirmed: list[bool],
    labels: list[str | None],
    agree: list[bool],
    metrics: VolumeMetrics,
    *,
    band_tolerance: float = 3.0,
) -> list[bool]:
    """`confirmed`, with the head groups its text does not confirm that their folio does: a head
    line that opens or ends with a figure read exactly as the label the other pages' folios give
    its page (at least `_MIN_OTHER_FOLIOS` of them read exactly their own), standing in the band of
    the confirmed heads (within `band_tolerance` body line heights of their median top). The head
    of a chapter's one page beyond its opening ('3 ‘Pravda’ sounds the alarm' on a photographed
    page whose chapter title did not measure large) repeats no other head and names no heading
    found, but sits where the heads do with the folio the sequence wants."""
    tops = [p.head_top for p, ok in zip(pages, confirmed, strict=True) if ok and p.head_top is not None]
    if not tops:
        return confirmed
    band = statistics.median(tops)
    out = list(confirmed)
    for k, (p, ok, label) in enumerate(zip(pages, confirmed, labels, strict=True)):
        if ok or not p.book or p.head_top is None or p.head_unsure:
            continue
        others = sum(agree) - agree[k]
        if (
            others >= _MIN_OTHER_FOLIOS
            and abs(p.head_top - band) <= band_tolerance * metrics.line_height
            and any(_matches_exactly(f, label) for f in p.head_folios)
        ):
            out[k] = True
    return out


def _contents_lines(lines: list[Line]) -> list[Line]:
    """The lines under a contents title among the first three lines (all of a contents page whose
    title OCR lost); none on another page."""
    t = contents_title_at(lines)
    return [] if t is None else lines[t + 1 :]


def contents_title_at(body: list[Line]) -> int | None:
    """Where a contents page's title is among its first three body lines; -1 on a contents page
    whose title OCR lost (`untitled_contents`); None on another page."""
    t = next((i for i, ln in enumerate(body[:3]) if toc.is_contents_title(ln)), None)
    return -1 if t is None and untitled_contents(body) else t


def untitled_contents(lines: list[Line], *, min_entries: int = 2, share: float = 2 / 3) -> bool:
    """Whether a page without a contents title lists contents all the same: at least `min_entries`
    lines, and `share` of its lines, carry leader dots and end in a page number, and those numbers
    run in order (a photographed contents page whose title the camera's light washed out); or every
    line of the page is a title followed by leader dots, the pages read (if any) in order (a
    photographed contents page of one entry, its title and page both lost: "Reply to an
    ultimatum ....scsss"); or, with no leader read at all, its lines end in pages set far right
    of their titles, flush right and in order (`_pages_set_apart`). A lone page number first or
    last on the page, which the volume's folio sequence did not take (a misread "i" for "ii"), is
    the page's folio, not a line of the list."""
    lines = _folio_aside(lines)
    parsed = [toc.split_entry_line(ln) for ln in lines if toc.has_leader(ln)]
    pages = [int(x) for _, x in parsed if x is not None and x.isdigit()]
    if pages != sorted(pages):
        return False
    if len(pages) >= min_entries and len(pages) >= share * len(lines):
        return True
    if not parsed and _pages_set_apart(lines, min_entries=min_entries, share=share):
        return True
    return (
        bool(lines)
        and len(parsed) == len(lines)
        and all(_titled(ln, idx) for ln, (idx, _) in zip(lines, parsed, strict=True))
    )


def _folio_aside(lines: list[Line]) -> list[Line]:
    """The page's lines without a first or last line that is one token readable as a page number
    (`furniture.parse_folio`)."""

    def folio(ln: Line) -> bool:
        return len(ln.words) == 1 and bool(furniture.parse_folio(ln.words[0].text))

    if lines and folio(lines[-1]):
        lines = lines[:-1]
    if lines and folio(lines[0]):
        lines = lines[1:]
    return lines


def _pages_set_apart(
    lines: list[Line], *, min_entries: int, share: float, apart: float = 3.0, aligned: float = 1.0
) -> bool:
    """Whether a page's lines list contents whose leader dots OCR lost altogether (a photographed
    contents page: "Chapter 1 [white] 1", "Reply to two conciliators [white] 4"): at least
    `min_entries` lines, and `share` of them, end in a page number read exactly that stands
    `apart` line heights or more right of the title before it, those numbers' right edges within
    `aligned` line heights of one another (set flush right, as a contents page sets its pages)
    and rising in order."""
    ends: list[tuple[int, float, float]] = []
    for ln in lines:
        if len(ln.words) < 2:
            continue
        before, last = ln.words[-2], ln.words[-1]
        exact = [f for f in furniture.parse_folio(last.text) if f.exact and f.kind == "arabic"]
        if exact and last.text.isdigit() and last.bbox.x0 - before.bbox.x1 >= apart * ln.bbox.height:
            ends.append((exact[0].value, float(last.bbox.x1), float(ln.bbox.height)))
    if len(ends) < min_entries or len(ends) < share * len(lines):
        return False
    values = [v for v, _, _ in ends]
    rights = [x for _, x, _ in ends]
    height = sorted(h for _, _, h in ends)[len(ends) // 2]
    return values == sorted(values) and max(rights) - min(rights) <= aligned * height


def _titled(line: Line, title_idx: list[int]) -> bool:
    """Whether a contents line's title words hold a word of letters (not specks before a leader)."""
    return any(sum(c.isalpha() for c in line.words[i].text) >= 2 for i in title_idx)


#: Pages besides this one whose folio, read exactly, is their label: the sequence a page kept as
#: Tesseract read it must be shown by the rest of the volume before its foot line is taken as a folio.
_MIN_OTHER_FOLIOS = 2


#: How far (in page widths) a folio OCR misread may stand from where the volume's folios stand.
_FOLIO_BAND = 0.03


def _unread_folio(line: Line, width: float, folios_at: list[float], *, max_chars: int = 3) -> bool:
    """Whether `line` may be a folio OCR misread: one token of at most `max_chars` characters, its
    centre within `_FOLIO_BAND` of where at least `_MIN_OTHER_FOLIOS` folios read exactly stand
    (`folios_at`, centres in page widths)."""
    return (
        len(line.words) == 1
        and len(line.text) <= max_chars
        and len(folios_at) >= _MIN_OTHER_FOLIOS
        and any(abs(_centre(line, width) - at) <= _FOLIO_BAND for at in folios_at)
    )


def _centre(line: Line, width: float) -> float:
    """The line's horizontal centre in page widths (pages photographed at other scales compare)."""
    return (line.bbox.x0 + line.bbox.x1) / 2 / width if width else 0.0


def _matches_exactly(f: furniture.Folio, label: str | None) -> bool:
    return label is not None and f.exact and furniture.folio_label(f) == label


def _lone_folio_of(line: Line, label: str | None) -> bool:
    """Whether `line` is one token, read exactly as the folio `label` (decoration aside)."""
    words = furniture.folio_words(line)
    return len(words) == 1 and any(_matches_exactly(f, label) for f in furniture.parse_folio(words[0].text))


def _matches(token: str, label: str | None) -> bool:
    if label is None:
        return False
    return any(furniture.folio_label(f) == label for f in furniture.parse_folio(token))


def is_contents(w: PageWork, furn: PageFurniture) -> bool:
    body = [ln for i, ln in enumerate(w.lines) if i not in furn.skip]
    return contents_title_at(body) is not None or w.titles_only


def lists_titles(
    w: PageWork, furn: PageFurniture, later: list[list[str]], *, min_entries: int = 2, most: int = 60
) -> bool:
    """Whether a page without a contents title lists contents all the same by naming, line by line,
    the titles set large on the pages after it (`later`, page by page), in their order, with
    nothing else on it: `min_entries` to `most` lines (a photographed contents page whose title,
    leader dots and pages the camera's light washed out, leaving "Chapter 1" / "Reply to an
    ultimatum"). A title page names one title and its author; a page of text names none."""
    body = [ln for i, ln in enumerate(w.lines) if i not in furn.skip]
    if not min_entries <= len(body) <= most or contents_title_at(body) is not None:
        return False
    at = 0
    for ln in body:
        while at < len(later) and not any(toc.title_agrees(ln.text, t) for t in later[at]):
            at += 1
        if at == len(later):
            return False
    return True
