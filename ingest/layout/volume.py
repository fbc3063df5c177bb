"""The cleanup driver: runs the cleanups of this package over a volume, page by page and across pages.

Phase 1 looks at the whole volume (metrics, head/foot groups, running heads, folios, labels).
Phase 2 segments each page into draft blocks (furniture, contents entries, headings, paragraphs,
notes). Phase 3 gives the drafts their ids and makes the links that need ids: contents links,
paragraphs and notes continued from the previous page, footnote calls, words broken over line and
page ends.
"""

from __future__ import annotations

import dataclasses
import statistics
from collections.abc import Iterable, Iterator

import regex

from ingest.layout import (
    dropcaps,
    endnotes,
    footnotes,
    hyphenation,
    links,
    misreads,
    named,
    notelinks,
    numerals,
    order,
    pagefurniture,
    paragraphs,
    segment,
    verse,
    wordbreaks,
)
from ingest.layout.drafts import Draft, PageWork, freeze, line_of
from ingest.layout.geometry import PageFrame, VolumeMetrics, split_margin_specks, volume_metrics
from ingest.model import BlockKind, Line, Page, ProcessingStep, block_id

_LETTERS = regex.compile(r"\p{L}+")

VERSION = "3"


def clean_pages(pages: Iterable[Page], *, lang: str = "eng") -> Iterator[Page]:
    """The cleaned pages, in the order given, each as soon as the volume is through with it. A page
    keeps, past segmentation, only what later steps read (`_let_go`), and is let go of once it is
    handed on: memory holds the volume's drafts, not its input pages beside them."""
    works: list[PageWork] = []
    for p in pages:
        o = order.read_page(p)
        works.append(PageWork(p, list(o.lines), o.frame, order=o))
    _columns_over_the_volume(works)
    _join_drop_caps(works, lang)
    metrics = volume_metrics([w.lines for w in works if w.book] or [w.lines for w in works])
    for w in works:
        if w.book:
            w.lines, w.specks = split_margin_specks(w.lines, w.frame, metrics.line_height)
            edge = [ln for ln in w.lines if _edge_marks(ln, w.page.height, metrics.line_height)]
            if edge and len(edge) < len(w.lines):
                w.lines = [ln for ln in w.lines if ln not in edge]
                w.specks = w.specks + edge
        else:
            w.report["as_read"] = w.order.why if w.order else ""
    segment.fix_sparse_frames(works, metrics)
    metrics = dataclasses.replace(metrics, indent=paragraphs.volume_indent(_flows(works), metrics))
    space = paragraphs.volume_para_space(_flows(works), metrics)
    metrics = dataclasses.replace(metrics, para_space=space, para_gap=paragraphs.volume_para_gap(space))
    metrics = dataclasses.replace(metrics, stanza_gap=verse.volume_stanza_gap(_flows(works), metrics))
    labels, furn = pagefurniture.find_furniture(works, metrics)
    dpi = statistics.median(w.page.dpi for w in works) if works else 0
    notes = segment.NoteCursor()
    for pos, (w, label, f) in enumerate(zip(works, labels, furn, strict=True)):
        w.page_label = label
        w.specks += f.unsure
        if (
            label is None
            and pagefurniture.is_contents(w, f)
            and not any(x and x.isdigit() for x in labels[:pos])
        ):
            # contents pages carry a roman folio that OCR rarely sees (small, alone at the foot)
            w.page_label = numerals.int_to_roman(w.page.index)
        segment.segment_page(w, f, _at_page_scale(metrics, w, dpi), notes)
    named.named_by_contents(works, metrics)
    for w, f in zip(works, furn, strict=True):
        links.assign_ids(w)
        dropcaps.record_joins(w)
        for d in w.drafts:
            if d.verse:
                w.decide("verse", (d.id,), f"verse: {len(d.lines)} printed lines kept", {"block": d.id})
        for prev, nxt in w.column_joins:
            w.decide(
                "paragraph_join",
                (nxt.id, prev.id),
                f"paragraph continued from {prev.id} (next column)",
                {"block": nxt.id, "previous": prev.id},
            )
        before = _label_before_cleanup(w.page)
        if w.page_label != before:
            how = f"read {f.read!r}" if f.read else "inferred from the sequence"
            w.decide(
                "page_label",
                (f"p{w.page.index:04d}",),
                f"printed page {w.page_label!r} ({how})",
                {"label": w.page_label, "label_before": before, "read": f.read},
            )
        _let_go(w)
    del labels, furn
    links.renumber_headings(works)
    links.renumber_entries(works)
    links.link_contents(works)
    links.labels_from_contents(works)
    links.join_over_pages(works, metrics)
    endnotes.mark_endnotes(works)
    footnotes.drop_trailing_specks(works)
    notelinks.link_calls(works)
    misreads.fix_pronoun_i(works, lang=lang)
    misreads.fix_paragraph_numbers(works)
    wordbreaks.mark_word_breaks(works, lang)
    for w in works:
        _keep_noise(w)
    works.reverse()  # handed on from the end of the list: each page is let go of as it is
    while works:
        yield _finish(works.pop(), lang)


def _columns_over_the_volume(works: list[PageWork], *, min_share: float = 0.25) -> None:
    """Where at least two pages, and `min_share` of the book pages, are read in two columns, a
    book page without a gutter of its own is read again with the volume's gutter as a hint (a
    chapter's last page holds too few rows of two columns to show its gutter by itself)."""
    book = [
        w for w in works if w.book and w.order is not None and sum(len(b.lines) for b in w.page.blocks) >= 4
    ]
    centres = [
        (g[0] + g[1]) / 2
        for w in book
        if w.order is not None and len(w.order.gutters) == 1
        for g in w.order.gutters
    ]
    wider = any(w.order is not None and len(w.order.gutters) > 1 for w in book)  # three columns or more
    if len(centres) < 2 or len(centres) < min_share * len(book) or wider:
        return
    hint = statistics.median(centres)
    for w in book:
        if w.order is not None and not w.order.gutters:
            o = order.read_page(w.page, near=[hint])
            if o.gutters and o.book:
                w.order, w.lines, w.frame = o, list(o.lines), o.frame


def _at_page_scale(metrics: VolumeMetrics, w: PageWork, dpi: float, *, off: float = 0.1) -> VolumeMetrics:
    """The volume's measures at the page's scale: a page scanned at another resolution than most
    of the volume (by more than `off` of it) has every length scaled by the ratio of the two."""
    if not dpi or not w.page.dpi or abs(w.page.dpi / dpi - 1.0) <= off:
        return metrics
    k = w.page.dpi / dpi
    return dataclasses.replace(
        metrics,
        line_height=metrics.line_height * k,
        pitch=metrics.pitch * k,
        type_height=metrics.type_height * k,
        indent=metrics.indent * k if metrics.indent is not None else None,
    )


def _join_drop_caps(works: list[PageWork], lang: str) -> None:
    """Drop capitals back at the start of their lines (`dropcaps`), judged by the volume's own
    words and the word frequencies of its language."""
    vocabulary = {
        t.lower() for w in works for ln in w.lines for wd in ln.words for t in _LETTERS.findall(wd.text)
    }
    code = hyphenation.wordfreq_code(lang)
    is_word = dropcaps.word_test(vocabulary, lambda word: hyphenation.zipf(word, code))
    for w in works:
        if w.order is not None and w.book:
            o = dropcaps.join_drop_caps(w.order, is_word, w.drop_caps)
            if o is not w.order:
                w.order, w.lines = o, list(o.lines)


def _flows(works: list[PageWork]) -> list[tuple[list[Line], PageFrame]]:
    """Every book page's runs of body lines with the frame they are measured in: each column of
    a page read in columns, else the page."""
    out: list[tuple[list[Line], PageFrame]] = []
    for w in works:
        if not w.book:
            continue
        if w.columns:
            out += [(list(f.lines), f.frame) for f in w.flows]
        else:
            out.append((w.lines, w.frame))
    return out


def _label_before_cleanup(page: Page) -> str | None:
    """The page's label as it was before any cleanup: an earlier cleanup's page_label decision
    says, else the label it has."""
    earlier = next((d for d in page.decisions if d.kind == "page_label"), None)
    return earlier.data.get("label_before") if earlier is not None else page.label


def _edge_marks(line: Line, height: int, line_height: float, *, reach: float = 0.25) -> bool:
    """Whether a line is marks read with doubt (every word under 0.5) at the image's top or bottom
    edge (within `reach` body line heights): the table or the page's edge in a photograph, never
    print, which stands inside a margin."""
    near = reach * line_height
    return (line.bbox.y0 <= near or line.bbox.y1 >= height - near) and all(
        w.confidence < 0.5 for w in line.words
    )


def _let_go(w: PageWork) -> None:
    """Drop what no step after segmentation reads: the input page's blocks (the drafts hold its
    words), the page's lines and reading order (its noise words, flags and frame stay), the drop
    capitals once their decisions are recorded."""
    w.page = dataclasses.replace(w.page, blocks=())
    w.lines = []
    w.drop_caps = []
    if w.order is not None:
        w.order = dataclasses.replace(w.order, lines=[], flows=[], blocks=[])


def _keep_noise(w: PageWork) -> None:
    """Noise words (scanner borders read as letters, specks in the margins) stay on the page in an
    `other` block, out of the reading text, so nothing OCR produced is lost."""
    noise = (w.order.noise if w.order is not None else []) + [wd for ln in w.specks for wd in ln.words]
    if not noise:
        return
    d = Draft(BlockKind.OTHER, [line_of(noise)], region="noise", reason="noise")
    d.id = block_id(w.page.index, len(w.drafts) + 1)
    w.drafts.append(d)
    w.decide("noise", (d.id,), f"scanner noise: {d.text[:40]!r}", {"block": d.id})


def _finish(w: PageWork, lang: str) -> Page:
    """The cleaned page. A page that was cleaned before (a corrected page fed back as context) comes
    out with this run's decisions and layout step in place of the earlier run's, not beside them,
    so cleaning a cleaned page gives the same page."""
    step = ProcessingStep("layout", VERSION, {"lang": lang, **w.report})
    return dataclasses.replace(
        w.page,
        blocks=tuple(freeze(d) for d in w.drafts),
        label=w.page_label or None,
        decisions=tuple(w.decisions),
        steps=tuple(s for s in w.page.steps if s.name != "layout") + (step,),
    )
