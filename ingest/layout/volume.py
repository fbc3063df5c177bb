"""The cleanup driver: runs the cleanups of this package over a volume, page by page and across pages.

Phase 1 looks at the whole volume (metrics, head/foot groups, running heads, folios, labels).
Phase 2 segments each page into draft blocks (furniture, contents entries, headings, paragraphs,
notes). Both work through the volume in passes, one page in memory at a time (`passes`). Phase 3
gives the drafts their ids and makes the links that need ids: contents links, paragraphs and notes
continued from the previous page, footnote calls, words broken over line and page ends.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from ingest.layout import (
    dropcaps,
    endnotes,
    figures,
    footnotes,
    links,
    lostnotes,
    misreads,
    named,
    notelinks,
    passes,
    wordbreaks,
)
from ingest.layout.drafts import Draft, PageWork, freeze, line_of
from ingest.layout.geometry import VolumeMetrics
from ingest.layout.lostcalls import PageImages
from ingest.layout.pagefurniture import PageFurniture
from ingest.layout.spill import Spill
from ingest.model import BlockKind, Page, ProcessingStep

VERSION = "4"


def clean_pages(
    pages: Iterable[Page], *, lang: str = "eng", images: PageImages | None = None
) -> Iterator[Page]:
    """The cleaned pages, in the order given, each as soon as the volume is through with it.
    `images`: the stored page image by scan index, for the calls OCR lost (`lostcalls`); without
    it, cleanup reads nothing but the pages.

    Still one pure function of the volume, but the volume is not held in memory: the pages are
    read, measured and segmented in passes with one page loaded at a time (`passes`), and their
    drafts' lines wait in a temporary file (`spill`) until a step reads them, so what is held
    grows with the volume's pages by their drafts' few fields only, not by their words."""
    with Spill() as spill:
        yield from _across_pages(*passes.segmented(pages, spill, lang, images), lang, images)


def _across_pages(
    works: list[PageWork],
    furn: list[PageFurniture],
    metrics: VolumeMetrics,
    lang: str,
    images: PageImages | None = None,
) -> Iterator[Page]:
    """The steps that look across pages, on the segmented pages; then each page finished."""
    named.named_by_contents(works, metrics)
    for w, f in zip(works, furn, strict=True):
        links.assign_ids(w)
        dropcaps.record_joins(w)
        figures.record_joins(w)
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
    del furn
    links.renumber_headings(works)
    links.renumber_entries(works)
    links.link_contents(works)
    links.labels_from_contents(works)
    links.join_over_pages(works, metrics)
    endnotes.mark_endnotes(works, images=images, lang=lang)
    lostnotes.reread_lost_notes(works, images=images, lang=lang)
    footnotes.drop_trailing_specks(works)
    misreads.drop_figures_of_neighbours_ink(works, images=images)
    notelinks.link_calls(works, images=images, lang=lang)
    misreads.fix_pronoun_i(works, lang=lang, images=images)
    misreads.fix_letter_figures(works, images=images, lang=lang)
    misreads.fix_paragraph_numbers(works)
    wordbreaks.drop_dust_at_breaks(works)
    wordbreaks.mark_word_breaks(works, lang)
    for w in works:
        _keep_noise(w)
    works.reverse()  # handed on from the end of the list: each page is let go of as it is
    while works:
        yield _finish(works.pop(), lang)


def _label_before_cleanup(page: Page) -> str | None:
    """The page's label as it was before any cleanup: an earlier cleanup's page_label decision
    says, else the label it has."""
    earlier = next((d for d in page.decisions if d.kind == "page_label"), None)
    return earlier.data.get("label_before") if earlier is not None else page.label


def _let_go(w: PageWork) -> None:
    """Drop the drop capitals once their decisions are recorded (`passes.let_go` dropped the rest
    that no later step reads)."""
    w.drop_caps = []


def _keep_noise(w: PageWork) -> None:
    """Noise words (scanner borders read as letters, specks in the margins) stay on the page in an
    `other` block, out of the reading text, so nothing OCR produced is lost."""
    noise = (w.order.noise if w.order is not None else []) + [wd for ln in w.specks for wd in ln.words]
    if not noise:
        return
    d = Draft(BlockKind.OTHER, [line_of(noise)], region="noise", reason="noise")
    d.id = w.next_block_id()
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
