"""Words broken at line and page ends, marked on the drafts (the decision itself is `hyphenation`).

Within a paragraph or note every line end is tried; over a page break, the last body paragraph (or
note) of a page and the first of the next, when that one continues it. Dust OCR read beside such
a break ('gov- _' / 'ernment') leaves the text first (`drop_dust_at_breaks`).
"""

from __future__ import annotations

from collections.abc import Iterator

from ingest.layout import hyphenation, undo
from ingest.layout.drafts import Draft, PageWork, drop_word, set_word
from ingest.model import BlockKind, HyphenPart

_TEXT_KINDS = (BlockKind.PARAGRAPH, BlockKind.FOOTNOTE)

#: a line end and the line after it: (page, draft, line index) of each
_Pair = tuple[PageWork, Draft, int, PageWork, Draft, int]


def _line_pairs(works: list[PageWork]) -> Iterator[_Pair]:
    """Every line end a word may be broken at, with the line it goes on in: within a paragraph or
    note, into the next column's draft that continues it, and over a page break."""
    for w in works:
        last: dict[str, Draft] = {}
        for d in w.drafts:
            if d.kind not in _TEXT_KINDS:
                continue
            before = last.get(d.region)
            if before is not None and d.continues and before.lines and d.lines:  # the next column
                yield w, before, len(before.lines) - 1, w, d, 0
            last[d.region] = d
            for li in range(len(d.lines) - 1):
                yield w, d, li, w, d, li + 1
    for a, b in zip(works, works[1:], strict=False):
        for region in ("body", "notes", "endnotes"):
            da = _last(a, region)
            db = _first(b, region)
            if da is None or db is None or not db.continues:
                continue
            yield a, da, len(da.lines) - 1, b, db, 0


def mark_word_breaks(works: list[PageWork], lang: str) -> None:
    """Mark every word broken at a line or page end as the two halves of one word (or a compound)."""
    vocab = hyphenation.build_vocabulary(
        ln.text
        for w in works
        for d in w.drafts
        for ln in d.lines
        if d.kind in (BlockKind.PARAGRAPH, BlockKind.FOOTNOTE, BlockKind.HEADING)
    )
    for wa, da, la, wb, db, lb in _line_pairs(works):
        _try_join(wa, da, la, wb, db, lb, vocab, lang)


def drop_dust_at_breaks(works: list[PageWork]) -> None:
    """Marks OCR read from dust after a word broken at a line end, or before its rest on the next
    line (`hyphenation.dust_at_break`: 'gov- _' / 'ernment', 'falsi-' / '. fication'), leave the
    text for the page's noise (kept in an `other` block), each with a decision, so the halves
    meet. The decisions made before that name a word after a mark opening a line (a call
    linked to its note) name it where it now stands."""
    for wa, da, la, wb, db, lb in _line_pairs(works):
        if not da.lines[la].words or not db.lines[lb].words:
            continue
        after, before = hyphenation.dust_at_break(da.lines[la].words, db.lines[lb].words)
        for _ in range(after):
            _drop(wa, da, la, len(da.lines[la].words) - 1)
        for _ in range(before):
            _drop(wb, db, lb, 0)
            for w in works:  # a note's link on the page after may name a call on this line
                w.decisions[:] = undo.shifted_refs(tuple(w.decisions), [(str(db.id), lb, 0, -1)])


def _drop(w: PageWork, d: Draft, li: int, wi: int) -> None:
    """Word `wi` of line `li` of the draft leaves it for the page's noise, with a decision."""
    drop_word(
        w,
        d,
        li,
        wi,
        "break_speck",
        "{!r} read from dust beside a word broken at the line end, left out of the text",
    )


def _last(w: PageWork, region: str) -> Draft | None:
    ds = [d for d in w.drafts if d.region == region and d.kind in _TEXT_KINDS]
    return ds[-1] if ds else None


def _first(w: PageWork, region: str) -> Draft | None:
    ds = [d for d in w.drafts if d.region == region and d.kind in (*_TEXT_KINDS, BlockKind.HEADING)]
    return ds[0] if ds and ds[0].kind is not BlockKind.HEADING else None


def _try_join(
    wa: PageWork,
    da: Draft,
    la: int,
    wb: PageWork,
    db: Draft,
    lb: int,
    vocab: hyphenation.Vocabulary,
    lang: str,
) -> None:
    if not da.lines[la].words or not db.lines[lb].words:
        return
    ia = len(da.lines[la].words) - 1
    start, end = da.lines[la].words[ia], db.lines[lb].words[0]
    # halves already marked (a corrected page is cleaned again as its neighbours' context) are
    # marked again, so both pages agree; a word that is already the other half of a break is not
    if start.hyphen is HyphenPart.END or end.hyphen is HyphenPart.START or start.marker is not None:
        return
    # specks OCR read after the hyphen ('re-.' / 'volution') leave the first half with the join,
    # and specks glued before the rest ('her-' / '_mits') leave the second; a tilde read for the
    # hyphen ('gener~' / 'ation'), or an 's' for a Fraktur double hyphen ('Unmüns' / 'digkeit'),
    # is the hyphen where the joined word is a word (and the word as read is none)
    rest = hyphenation.rest_without_specks(start.text, end.text)
    text = hyphenation.tilde_for_hyphen(hyphenation.without_specks(start.text), rest, vocab, lang=lang)
    text = hyphenation.s_for_hyphen(text, rest, vocab, lang=lang)
    if not hyphenation.is_break(text, rest) and not (start.hyphen and end.hyphen):
        return
    earlier = start.joined if start.hyphen else end.joined if end.hyphen else None
    if earlier:  # decided before (the other half is on a corrected page): keep that decision
        whole, compound = earlier, earlier.startswith(text)
    else:
        whole, compound = hyphenation.decide(text, rest, vocab, lang=lang)
    ref_a, ref_b = f"{da.id}:{la}:{ia}", f"{db.id}:{lb}:0"
    specks = {"text": text} if text != start.text else {}
    # a capital OCR read for the second half's first letter ('preoccu-' / 'Pied'): the half takes
    # the letter as the joined word has it
    tail = whole[len(whole) - len(rest) :] if not earlier and not compound else rest
    case = {"text": tail} if tail != end.text and tail.lower() == rest.lower() else {}
    set_word(da, la, ia, hyphen=HyphenPart.START, joined=whole, **specks)
    set_word(db, lb, 0, hyphen=HyphenPart.END, joined=whole, **case)
    pages = sorted({wa.page.index, wb.page.index})
    data = {"start": ref_a, "end": ref_b, "joined": whole, "compound": compound, "pages": pages}
    if specks:
        data["text_before"] = start.text
    if case:
        data["end_text_before"] = end.text
    # the end half's text is left out: it may be a corrected word on a page cleaned as context only
    detail = f"{start.text} … → {whole}" + (" (compound)" if compound else "")
    did = f"hyphen_join:{ref_a}"
    wa.decide("hyphen_join", (ref_a, ref_b), detail, data, id=did)
    if wb is not wa:
        wb.decide("hyphen_join", (ref_a, ref_b), f"{detail} (from page {wa.page.index})", data, id=did)
