"""Page furniture decided over the whole volume: running heads, folios and each page's label.

A head must repeat (or name a heading of the volume) and folios must fit one sequence, so neither
is decided page by page: `find_furniture` looks at every page's top and bottom line groups at once
and says, per page, which lines are furniture and what printed label the page carries.
`segment.segment_page` then makes the furniture's blocks and cuts the rest of the page.
"""

from __future__ import annotations

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
