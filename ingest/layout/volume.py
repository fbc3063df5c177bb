"""The cleanup driver: runs the cleanups of this package over a volume, page by page and across pages.

Phase 1 looks at the whole volume (metrics, head/foot groups, running heads, folios, labels).
Phase 2 segments each page into draft blocks (furniture, contents entries, headings, paragraphs,
notes). Phase 3 gives the drafts their ids and makes the links that need ids: words broken over line
and page ends, paragraphs and notes continued from the previous page, footnote calls, contents links.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from ingest.layout import footnotes, furniture, headings, hyphenation, paragraphs, toc
from ingest.layout.geometry import PageFrame, VolumeMetrics, page_frame, page_lines, volume_metrics
from ingest.model import (
    BBox,
    Block,
    BlockKind,
    Decision,
    HyphenPart,
    Line,
    Page,
    ProcessingStep,
    Word,
    block_id,
)

VERSION = "1"


@dataclass
class Draft:
    """A block being built: mutable until ids are assigned and it is frozen into a `Block`."""

    kind: BlockKind
    lines: list[Line]
    level: int | None = None
    marker: str | None = None
    ref: str | None = None
    continues: bool = False
    target_label: str | None = None
    target: str | None = None
    id: str = ""
    region: str = "body"  # head | body | notes | foot
    reason: str = ""
    entry: toc.Entry | None = None


@dataclass
class PageWork:
    page: Page
    lines: list[Line]
    frame: PageFrame
    drafts: list[Draft] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    report: dict[str, Any] = field(default_factory=dict)
    contents: bool = False
    page_label: str | None = None


def clean_pages(pages: Sequence[Page], *, lang: str = "eng") -> list[Page]:
    works = [PageWork(p, ls := page_lines(p), page_frame(ls, p.width)) for p in pages]
    metrics = volume_metrics([w.lines for w in works])
    _fix_sparse_frames(works, metrics)
    labels, furniture_lines = _furniture(works, metrics)
    next_note = 1
    for w, label, furn in zip(works, labels, furniture_lines, strict=True):
        w.page_label = label
        if (
            label is None
            and _is_contents(w, furn)
            and not any(x and x.isdigit() for x in labels[: works.index(w)])
        ):
            # contents pages carry a roman folio that OCR rarely sees (small, alone at the foot)
            w.page_label = furniture.int_to_roman(w.page.index)
        next_note = _segment_page(w, label, furn, metrics, next_note)
    for w, furn in zip(works, furniture_lines, strict=True):
        _assign_ids(w)
        if w.page_label != w.page.label:
            how = f"read {furn.read!r}" if furn.read else "inferred from the sequence"
            w.decisions.append(
                Decision(
                    "page_label",
                    (f"p{w.page.index:04d}",),
                    f"printed page {w.page_label!r} ({how})",
                    {"label": w.page_label, "label_before": w.page.label, "read": furn.read},
                )
            )
    _link_contents(works)
    _join_over_pages(works, metrics)
    _link_calls(works, metrics)
    _hyphenate(works, lang)
    out = []
    for w in works:
        blocks = tuple(_freeze(d) for d in w.drafts)
        step = ProcessingStep("layout", VERSION, {"lang": lang, **w.report})
        out.append(
            dataclasses.replace(
                w.page,
                blocks=blocks,
                label=w.page_label or None,
                decisions=w.page.decisions + tuple(w.decisions),
                steps=w.page.steps + (step,),
            )
        )
    return out


def _fix_sparse_frames(works: list[PageWork], metrics: VolumeMetrics, *, min_lines: int = 4) -> None:
    """Pages with few full-width lines (a chapter's last page, a heading alone) take the typical column
    of pages of the same parity (recto/verso margins differ), so centring can still be judged."""

    def full(w: PageWork) -> int:
        return sum(1 for ln in w.lines if ln.bbox.width >= 0.5 * w.page.width)

    for parity in (0, 1):
        good = [w for w in works if w.page.index % 2 == parity and full(w) >= min_lines]
        if not good:
            continue
        lefts = sorted(w.frame.left for w in good)
        rights = sorted(w.frame.right for w in good)
        typical = PageFrame(lefts[len(lefts) // 2], rights[len(rights) // 2])
        for w in works:
            if w.page.index % 2 == parity and full(w) < min_lines:
                w.frame = typical


# --- phase 1: furniture and labels ---------------------------------------------------------------


@dataclass
class _Furniture:
    head: list[tuple[BlockKind, Line]]
    foot: list[tuple[BlockKind, Line]]
    skip: set[int]
    read: str | None


def _furniture(works: list[PageWork], metrics: VolumeMetrics) -> tuple[list[str | None], list[_Furniture]]:
    margins = [furniture.margin_groups(w.lines, metrics, w.page.height) for w in works]
    large = [ln.text for w in works for ln in w.lines if headings.is_large(ln, metrics)]
    head_texts: list[str | None] = []
    head_tops: list[float | None] = []
    for w, m in zip(works, margins, strict=True):
        if not m.head:
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
                    head.append((BlockKind.PAGE_NUMBER, _line(nums)))
                if rest:
                    head.append((BlockKind.RUNNING_HEAD, _line(rest)))
                if nums and idx[0] != 0:
                    head.append((BlockKind.PAGE_NUMBER, _line(nums)))
                skip.add(i)
        if m.foot is not None and (foot_pages >= 2 or label is not None):
            ln = w.lines[m.foot]
            if any(_matches(wd.text, label) for wd in ln.words) or foot_pages >= 2:
                foot.append((BlockKind.PAGE_NUMBER, ln))
                skip.add(m.foot)
                read = read or ln.text
        result.append(_Furniture(head, foot, skip, read))
    return labels, result


def _matches(token: str, label: str | None) -> bool:
    if label is None:
        return False
    return any(furniture.folio_label(f) == label for f in furniture.parse_folio(token))


def _line(words: Sequence[Word]) -> Line:
    return Line(words=tuple(words), bbox=BBox.enclosing([w.bbox for w in words]))


# --- phase 2: segmentation -------------------------------------------------------------------------


def _is_contents(w: PageWork, furn: _Furniture) -> bool:
    body = [ln for i, ln in enumerate(w.lines) if i not in furn.skip]
    return any(toc.is_contents_title(ln) for ln in body[:3])


def _segment_page(
    w: PageWork, label: str | None, furn: _Furniture, metrics: VolumeMetrics, next_note: int
) -> int:
    for kind, ln in furn.head:
        w.drafts.append(Draft(kind, [ln], region="head"))
    body = [ln for i, ln in enumerate(w.lines) if i not in furn.skip]
    if body and any(toc.is_contents_title(ln) for ln in body[:3]):
        w.contents = True
        _segment_contents(w, body, metrics)
    else:
        zone = footnotes.note_zone_start(body, metrics, next_number=next_note)
        notes_lines = body[zone:] if zone is not None else []
        body = body[:zone] if zone is not None else body
        _segment_body(w, body, metrics)
        for note in footnotes.split_notes(notes_lines, next_note):
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
                next_note = int(note.marker) + 1
    for kind, ln in furn.foot:
        w.drafts.append(Draft(kind, [ln], region="foot"))
    w.report["label_read"] = furn.read
    return next_note


def _segment_body(w: PageWork, body: list[Line], metrics: VolumeMetrics) -> None:
    found = headings.find_headings(body, w.frame, metrics)
    i = 0
    for h in found + [headings.Heading(len(body), len(body), 0, "")]:
        run = body[i : h.start]
        for k, (start, reason) in enumerate(paragraphs.paragraph_starts(run, w.frame, metrics)):
            stops = [s for s, _ in paragraphs.paragraph_starts(run, w.frame, metrics)] + [len(run)]
            w.drafts.append(
                Draft(
                    BlockKind.PARAGRAPH,
                    run[start : stops[k + 1]],
                    reason=reason if (i > 0 or k > 0) else "first",
                )
            )
        if h.end > h.start:
            w.drafts.append(Draft(BlockKind.HEADING, body[h.start : h.end], level=h.level, reason=h.reason))
        i = h.end


def _segment_contents(w: PageWork, body: list[Line], metrics: VolumeMetrics) -> None:
    t = next(i for i, ln in enumerate(body[:3]) if toc.is_contents_title(ln))
    for ln in body[: t + 1]:
        w.drafts.append(Draft(BlockKind.HEADING, [ln], level=1, reason="contents-title"))
    entry_lines = body[t + 1 :]
    for e in toc.parse_entries(entry_lines, w.frame, metrics):
        title_lines: list[Line] = []
        rest: list[Word] = []
        for li in e.lines:
            ln = entry_lines[li]
            keep = [ln.words[k] for (i, k) in e.title_words if i == li]
            rest += [wd for wd in ln.words if wd not in keep]
            if keep:
                title_lines.append(_line(keep))
        if not title_lines:
            title_lines = [entry_lines[e.lines[0]]]
            rest = []
        w.drafts.append(
            Draft(
                BlockKind.TOC_ENTRY,
                title_lines,
                level=e.level,
                target_label=e.label,
                entry=e,
                reason="contents",
            )
        )
        if rest:
            w.drafts.append(Draft(BlockKind.OTHER, [_line(rest)], reason="leader"))


# --- phase 3: ids and links -------------------------------------------------------------------------


def _assign_ids(w: PageWork) -> None:
    idx = w.page.index
    for n, d in enumerate(w.drafts, start=1):
        d.id = block_id(idx, n)
        if d.kind in (BlockKind.RUNNING_HEAD, BlockKind.PAGE_NUMBER):
            w.decisions.append(
                Decision(
                    d.kind.value,
                    (d.id,),
                    f"{d.kind.value.replace('_', ' ')}: {_text(d)!r}",
                    {"block": d.id, "kind_before": BlockKind.PARAGRAPH.value},
                )
            )
        elif d.kind is BlockKind.HEADING:
            w.decisions.append(
                Decision(
                    "heading",
                    (d.id,),
                    f"heading level {d.level} ({d.reason}): {_text(d)[:60]!r}",
                    {"block": d.id, "level": d.level, "kind_before": BlockKind.PARAGRAPH.value},
                )
            )
        elif d.kind is BlockKind.FOOTNOTE:
            w.decisions.append(
                Decision(
                    "footnote",
                    (d.id,),
                    f"note {d.marker or '(continued)'} in the note zone",
                    {"block": d.id, "marker": d.marker, "kind_before": BlockKind.PARAGRAPH.value},
                )
            )
        elif d.kind is BlockKind.PARAGRAPH and d.reason and d.reason != "first":
            w.decisions.append(
                Decision(
                    "paragraph_break",
                    (d.id,),
                    f"new paragraph ({d.reason})",
                    {"block": d.id, "reason": d.reason},
                )
            )


def _text(d: Draft) -> str:
    return " ".join(ln.text for ln in d.lines)


def _link_contents(works: list[PageWork]) -> None:
    entries = [
        (w, d) for w in works for d in w.drafts if d.kind is BlockKind.TOC_ENTRY and d.entry is not None
    ]
    if not entries:
        return
    heads: list[tuple[PageWork, Draft]] = [
        (w, d) for w in works if not w.contents for d in w.drafts if d.kind is BlockKind.HEADING
    ]
    refs = [toc.HeadingRef(d.id, _text(d), d.level, w.page_label) for w, d in heads]  # type: ignore[attr-defined]
    links = toc.link_entries([d.entry for _, d in entries if d.entry is not None], refs)
    unmatched = []
    for (w, d), k in zip(entries, links, strict=True):
        if k is None:
            unmatched.append(d.id)
            w.decisions.append(
                Decision(
                    "toc_unmatched",
                    (d.id,),
                    f"contents entry {_text(d)!r} names no heading found",
                    {"entry": d.id, "title": _text(d), "label": d.target_label},
                )
            )
            w.report.setdefault("toc_unmatched", []).append(
                {"entry": d.id, "title": _text(d), "label": d.target_label}
            )
            continue
        hw, hd = heads[k]
        read = d.target_label
        d.target = hd.id
        d.target_label = hw.page_label or read
        if d.level is not None:
            before = hd.level
            hd.level = d.level
            hw.decisions.append(
                Decision(
                    "heading_level",
                    (hd.id,),
                    f"level {d.level} from the contents",
                    {"block": hd.id, "level": d.level, "level_before": before},
                )
            )
        w.decisions.append(
            Decision(
                "toc_link",
                (d.id, hd.id),
                f"contents entry → {hd.id} (page {d.target_label})",
                {
                    "entry": d.id,
                    "target": hd.id,
                    "target_label": d.target_label,
                    "label_read": read,
                    "pages": [w.page.index, hw.page.index],
                },
            )
        )


def _body_drafts(w: PageWork) -> list[Draft]:
    return [d for d in w.drafts if d.region == "body" and d.kind in (BlockKind.PARAGRAPH, BlockKind.HEADING)]


def _join_over_pages(works: list[PageWork], metrics: VolumeMetrics) -> None:
    prev: tuple[PageWork, Draft] | None = None
    prev_note: tuple[PageWork, Draft] | None = None
    for w in works:
        if w.contents:
            prev = prev_note = None
            continue
        body = _body_drafts(w)
        if body and prev is not None:
            pw, pd = prev
            first = body[0]
            if (
                first.kind is BlockKind.PARAGRAPH
                and pd.kind is BlockKind.PARAGRAPH
                and paragraphs.continues_over_break(pd.lines[-1], pw.frame, first.lines[0], w.frame, metrics)
            ):
                first.continues = True
                w.decisions.append(
                    Decision(
                        "paragraph_join",
                        (first.id, pd.id),
                        f"paragraph continued from {pd.id}",
                        {"block": first.id, "previous": pd.id},
                    )
                )
        if body:
            prev = (w, body[-1])
        notes = [d for d in w.drafts if d.kind is BlockKind.FOOTNOTE]
        if notes and notes[0].continues:
            if prev_note is not None:
                w.decisions.append(
                    Decision(
                        "footnote_continues",
                        (notes[0].id, prev_note[1].id),
                        f"note continued from {prev_note[1].id}",
                        {"block": notes[0].id, "previous": prev_note[1].id},
                    )
                )
            else:
                notes[0].continues = False
        if notes:
            prev_note = (w, notes[-1])


def _link_calls(works: list[PageWork], metrics: VolumeMetrics, *, tail_lines: int = 4) -> None:
    notes: list[tuple[int, PageWork, Draft]] = []
    cands: list[tuple[int, PageWork, Draft, int, footnotes.Call, bool]] = []
    for pos, w in enumerate(works):
        if w.contents:
            continue
        flat: list[tuple[Draft, int]] = [(d, li) for d in _body_drafts(w) for li in range(len(d.lines))]
        starts = [k for k, (d, li) in enumerate(flat) if li == 0 and not d.continues]
        for c in footnotes.call_candidates([d.lines[li] for d, li in flat], starts=starts):
            d, li = flat[c.line]
            cands.append((pos, w, d, li, c, c.line >= len(flat) - tail_lines))
        notes += [(pos, w, d) for d in w.drafts if d.kind is BlockKind.FOOTNOTE and d.marker is not None]
    links = footnotes.align_calls(
        [(pos, d.marker or "") for pos, _, d in notes], [(c[0], c[4], c[5]) for c in cands]
    )
    for (_, nw, note), k in zip(notes, links, strict=True):
        if k is None:
            nw.decisions.append(
                Decision(
                    "footnote_unlinked",
                    (note.id,),
                    f"no call found for note {note.marker}",
                    {"block": note.id, "marker": note.marker},
                )
            )
            nw.report.setdefault("notes_unlinked", []).append(note.id)
            continue
        _, cw, d, li, call, _ = cands[k]
        word = d.lines[li].words[call.word]
        ref = f"{d.id}:{li}:{call.word}"
        _set_word(d, li, call.word, text=call.text, marker=note.marker, note_id=note.id)
        note.ref = ref
        data = {
            "note": note.id,
            "word": ref,
            "text_before": word.text,
            "marker": note.marker,
            "exact": call.exact and call.marker == note.marker,
            "pages": sorted({cw.page.index, nw.page.index}),
        }
        for target in [cw, nw] if cw is not nw else [cw]:
            target.decisions.append(
                Decision(
                    "footnote_link", (note.id, ref), f"call {note.marker} on {word.text!r} → {note.id}", data
                )
            )


def _set_word(d: Draft, li: int, wi: int, **changes: Any) -> None:
    ln = d.lines[li]
    words = list(ln.words)
    words[wi] = dataclasses.replace(words[wi], **changes)
    d.lines[li] = Line(words=tuple(words), bbox=ln.bbox)


def _hyphenate(works: list[PageWork], lang: str) -> None:
    vocab = hyphenation.build_vocabulary(
        ln.text
        for w in works
        for d in w.drafts
        for ln in d.lines
        if d.kind in (BlockKind.PARAGRAPH, BlockKind.FOOTNOTE, BlockKind.HEADING)
    )
    # within blocks
    for w in works:
        for d in w.drafts:
            if d.kind not in (BlockKind.PARAGRAPH, BlockKind.FOOTNOTE):
                continue
            for li in range(len(d.lines) - 1):
                _try_join(w, d, li, w, d, li + 1, vocab, lang)
    # over page breaks: the last body paragraph / note to the next page's first one
    for a, b in zip(works, works[1:], strict=False):
        for region in ("body", "notes"):
            da = _last(a, region)
            db = _first(b, region)
            if da is None or db is None or not db.continues:
                continue
            _try_join(a, da, len(da.lines) - 1, b, db, 0, vocab, lang)


def _last(w: PageWork, region: str) -> Draft | None:
    ds = [d for d in w.drafts if d.region == region and d.kind in (BlockKind.PARAGRAPH, BlockKind.FOOTNOTE)]
    return ds[-1] if ds else None


def _first(w: PageWork, region: str) -> Draft | None:
    ds = [
        d
        for d in w.drafts
        if d.region == region and d.kind in (BlockKind.PARAGRAPH, BlockKind.FOOTNOTE, BlockKind.HEADING)
    ]
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
    if start.hyphen is not None or end.hyphen is not None or start.marker is not None:
        return
    if not hyphenation.is_break(start.text, end.text):
        return
    whole, compound = hyphenation.decide(start.text, end.text, vocab, lang=lang)
    ref_a, ref_b = f"{da.id}:{la}:{ia}", f"{db.id}:{lb}:0"
    _set_word(da, la, ia, hyphen=HyphenPart.START, joined=whole)
    _set_word(db, lb, 0, hyphen=HyphenPart.END, joined=whole)
    pages = sorted({wa.page.index, wb.page.index})
    wa.decisions.append(
        Decision(
            "hyphen_join",
            (ref_a, ref_b),
            f"{start.text} + {end.text} → {whole}" + (" (compound)" if compound else ""),
            {"start": ref_a, "end": ref_b, "joined": whole, "compound": compound, "pages": pages},
        )
    )
    if wb is not wa:
        wb.decisions.append(
            Decision(
                "hyphen_join",
                (ref_a, ref_b),
                f"{start.text} + {end.text} → {whole} (from page {wa.page.index})",
                {"start": ref_a, "end": ref_b, "joined": whole, "compound": compound, "pages": pages},
            )
        )


def _freeze(d: Draft) -> Block:
    lines = tuple(ln for ln in d.lines if ln.words)
    return Block(
        id=d.id,
        kind=d.kind,
        lines=lines,
        bbox=BBox.enclosing([ln.bbox for ln in lines]),
        level=d.level,
        marker=d.marker,
        ref=d.ref,
        continues=d.continues,
        target_label=d.target_label,
        target=d.target,
    )


def _similar(a: str, b: str) -> float:
    return fuzz.ratio(a.lower(), b.lower())
