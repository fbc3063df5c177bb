"""Links across blocks and pages, made once every draft has its id.

`assign_ids` numbers each page's drafts and records the segmentation decisions; `link_contents`
ties contents entries to headings; `join_over_pages` marks paragraphs and notes continued from the
previous page; `link_calls` pairs footnote calls in the body with the notes.
"""

from __future__ import annotations

from collections import Counter

from ingest.layout import calllinks, calls, endnotes, headings, lemmas, named, paragraphs, toc
from ingest.layout.drafts import Draft, PageWork, set_word
from ingest.layout.geometry import VolumeMetrics
from ingest.model import BlockKind, block_id


def assign_ids(w: PageWork) -> None:
    """Give the page's drafts their block ids and record what segmentation decided about each."""
    for n, d in enumerate(w.drafts, start=1):
        d.id = block_id(w.page.index, n)
        if d.kind in (BlockKind.RUNNING_HEAD, BlockKind.PAGE_NUMBER):
            w.decide(
                d.kind.value,
                (d.id,),
                f"{d.kind.value.replace('_', ' ')}: {d.text!r}",
                {"block": d.id, "kind_before": BlockKind.PARAGRAPH.value},
            )
        elif d.kind is BlockKind.HEADING:
            w.decide(
                "heading",
                (d.id,),
                f"heading level {d.level} ({d.reason}): {_as_read(w, d)[:60]!r}",
                {"block": d.id, "level": d.level, "kind_before": BlockKind.PARAGRAPH.value},
            )
        elif d.kind is BlockKind.FOOTNOTE:
            w.decide(
                "footnote",
                (d.id,),
                f"note {d.marker or '(continued)'} in {d.reason or 'the note zone'}",
                {"block": d.id, "marker": d.marker, "kind_before": BlockKind.PARAGRAPH.value},
            )
        elif d.kind is BlockKind.PARAGRAPH and d.reason and d.reason != "first":
            w.decide(
                "paragraph_break",
                (d.id,),
                f"new paragraph ({d.reason})",
                {"block": d.id, "reason": d.reason},
            )


def _earlier_numbers(w: PageWork) -> dict[str, dict[str, object]]:
    """The section numbers an earlier cleanup corrected on this page (a corrected page fed back),
    by word ref: their `heading_number` decisions' data."""
    return {str(x.data.get("word")): x.data for x in w.page.decisions if x.kind == "heading_number"}


def _as_read(w: PageWork, d: Draft) -> str:
    """A draft's text as OCR read it: words an earlier cleanup renumbered give their reading back."""
    earlier = _earlier_numbers(w)
    out = []
    for li, ln in enumerate(d.lines):
        for wi, wd in enumerate(ln.words):
            data = earlier.get(f"{d.id}:{li}:{wi}")
            out.append(str(data["text_before"]) if data and data.get("text") == wd.text else wd.text)
    return " ".join(out)


def link_contents(works: list[PageWork], *, min_title_confidence: float = 0.5) -> None:
    """Link contents entries to the volume's headings (in order); a linked entry takes the heading
    page's label as its page and gives the heading its level. An entry whose title OCR could hardly
    read (mean confidence under `min_title_confidence`) takes the heading's text as its title, unless
    the title as read already agrees with it (`toc.title_agrees`: a leader glued to the last word
    lowers its confidence but not the title); so does one whose title as read runs on into what OCR
    made of the leader (`named.read_past_title`)."""
    entries = [
        (w, d) for w in works for d in w.drafts if d.kind is BlockKind.TOC_ENTRY and d.entry is not None
    ]
    if not entries:
        return
    heads = [(w, d) for w in works if not w.contents for d in w.drafts if d.kind is BlockKind.HEADING]
    # contents at the front name what follows them: a title page's heading (the book's title, which
    # may be its only chapter's title) is no entry's target (contents at the end name all before)
    first = next((k for k, w in enumerate(works) if w.contents), -1)
    pos = {id(w): k for k, w in enumerate(works)}
    after = [(w, d) for w, d in heads if pos[id(w)] > first]
    heads = after or heads
    refs = [toc.HeadingRef(d.id, d.text, d.level, w.page_label, named.heading_title(d)) for w, d in heads]
    links = toc.link_entries([d.entry for _, d in entries if d.entry is not None], refs)
    for (w, d), k in zip(entries, links, strict=True):
        if k is None:
            info = {"entry": d.id, "title": d.title or d.text, "label": d.target_label}
            w.decide(
                "toc_unmatched", (d.id,), f"contents entry {info['title']!r} names no heading found", info
            )
            w.report.setdefault("toc_unmatched", []).append(info)
            continue
        hw, hd = heads[k]
        read = d.target_label
        d.target = hd.id
        d.target_label = hw.page_label or read
        title_read = d.title
        # a labelled heading ("CHAPTER II" / "Self-Reliance"): the contents name its title
        heading_title = named.heading_title(hd)
        if (
            d.entry is not None
            and d.entry.confidence < min_title_confidence
            and not toc.title_agrees(d.title or d.text, heading_title)
        ) or named.read_past_title(d, heading_title):
            d.title = " ".join(heading_title.split())
        if d.level is not None:
            before = hd.level
            hd.level = d.level
            hw.decide(
                "heading_level",
                (hd.id,),
                f"level {d.level} from the contents",
                {"block": hd.id, "level": d.level, "level_before": before},
            )
        w.decide(
            "toc_link",
            (d.id, hd.id),
            f"contents entry → {hd.id} (page {d.target_label})",
            {
                "entry": d.id,
                "target": hd.id,
                "target_label": d.target_label,
                "label_read": read,
                "title": d.title,
                "title_read": title_read,
                "pages": [w.page.index, hw.page.index],
            },
        )


def labels_from_contents(works: list[PageWork], *, min_votes: int = 2) -> None:
    """Printed page labels from the contents when no page shows a folio OCR could read (a small
    number alone at the foot is often not seen at all): each contents entry linked to a heading
    says which printed page that heading's scan page is. The offset all linked entries agree on
    (or at least `min_votes` of them, when they disagree) labels every page after the contents from
    the one it makes page 1; the entries keep the pages they print. Nothing is inferred when a
    folio was read anywhere, or the contents do not agree."""
    if any(w.page_label and w.page_label.isdigit() for w in works):
        return
    pos = {id(w): k for k, w in enumerate(works)}
    by_id = {d.id: w for w in works for d in w.drafts}
    votes: Counter[int] = Counter()
    for w in works:
        for d in w.drafts:
            label = d.entry.label if d.kind is BlockKind.TOC_ENTRY and d.entry is not None else None
            if d.target and label and label.isdigit() and d.target in by_id:
                votes[int(label) - (pos[id(by_id[d.target])] + 1)] += 1
    if not votes:
        return
    (offset, n), *rest = votes.most_common()
    if rest and n < min_votes:
        return
    after = max((k for k, w in enumerate(works) if w.contents), default=-1)
    for k, w in enumerate(works):
        if k <= after or k + 1 + offset < 1 or w.page_label:
            continue
        w.page_label = str(k + 1 + offset)
        w.decide(
            "page_label",
            (f"p{w.page.index:04d}",),
            f"printed page {w.page_label!r} (inferred from the contents)",
            {"label": w.page_label, "label_before": None, "read": None},
        )
    for w in works:
        for d in w.drafts:
            # an entry linked before its heading's page had a label, and without a page of its own
            if d.kind is BlockKind.TOC_ENTRY and d.target in by_id and not d.target_label:
                d.target_label = by_id[d.target].page_label


def join_over_pages(works: list[PageWork], metrics: VolumeMetrics) -> None:
    """Mark a page's first paragraph as continuing the previous page's last one when the layout says
    so, and a note zone starting without a marker as continuing the previous page's last note."""
    prev: tuple[PageWork, Draft] | None = None
    prev_note: tuple[PageWork, Draft] | None = None
    for w in works:
        if w.contents:
            prev = prev_note = None
            continue
        body = w.body_drafts()
        if body and prev is not None:
            pw, pd = prev
            first = body[0]
            if (
                first.kind is BlockKind.PARAGRAPH
                and pd.kind is BlockKind.PARAGRAPH
                and paragraphs.continues_over_break(
                    pd.lines[-1],
                    pw.frame_of(pd),
                    first.lines[0],
                    w.frame_of(first),
                    metrics,
                    before_last=pd.lines[-2] if len(pd.lines) > 1 else None,
                    after_first=first.lines[1] if len(first.lines) > 1 else None,
                )
            ):
                first.continues = True
                w.decide(
                    "paragraph_join",
                    (first.id, pd.id),
                    f"paragraph continued from {pd.id}",
                    {"block": first.id, "previous": pd.id},
                )
        if body:
            prev = (w, body[-1])
        notes = [d for d in w.drafts if d.kind is BlockKind.FOOTNOTE]
        if notes and notes[0].continues:
            if prev_note is not None:
                w.decide(
                    "footnote_continues",
                    (notes[0].id, prev_note[1].id),
                    f"note continued from {prev_note[1].id}",
                    {"block": notes[0].id, "previous": prev_note[1].id},
                )
            else:
                notes[0].continues = False
        if notes:
            prev_note = (w, notes[-1])


def link_calls(works: list[PageWork], *, tail_lines: int = 8) -> None:
    """Pair every numbered note with a call in the body, in volume order (`calls.align_calls`);
    a note's call may sit in the last `tail_lines` lines of the page before. The call's word loses
    the marker from its text and carries it as `marker`/`note_id`."""
    notes: list[tuple[int, PageWork, Draft]] = []
    cands: list[tuple[int, PageWork, Draft, int, calls.Call, bool]] = []
    # endnotes are linked by their section (`endnotes.mark_endnotes`): neither they nor the calls
    # linked to them take part here
    endnote_ids = {d.id for w in works for d in w.drafts if d.region == "endnotes"}
    for pos, w in enumerate(works):
        if w.contents:
            continue
        flat = [(d, li) for d in w.body_drafts() for li in range(len(d.lines))]
        starts = [k for k, (d, li) in enumerate(flat) if li == 0 and not d.continues]
        for c in calls.call_candidates([d.lines[li] for d, li in flat], starts=starts):
            d, li = flat[c.line]
            if d.lines[li].words[c.word].note_id in endnote_ids:
                continue
            cands.append((pos, w, d, li, c, c.line >= len(flat) - tail_lines))
        notes += [
            (pos, w, d)
            for d in w.drafts
            if d.kind is BlockKind.FOOTNOTE and d.marker is not None and d.region != "endnotes"
        ]
    cands, bonus, reach = _lemma_calls(works, notes, cands, tail_lines=tail_lines)
    links = calls.align_calls(
        [(pos, d.marker or "") for pos, _, d in notes],
        [(c[0], c[4], c[5]) for c in cands],
        bonus=bonus,
        reach=reach,
    )
    placed = calllinks.place_calls(
        [
            None if k is None else (note, cands[k][2], cands[k][3], cands[k][4])
            for (_, _, note), k in zip(notes, links, strict=True)
        ]
    )
    for (_, nw, note), k, put in zip(notes, links, placed, strict=True):
        if k is None or put is None:
            nw.decide(
                "footnote_unlinked",
                (note.id,),
                f"no call found for note {note.marker}",
                {"block": note.id, "marker": note.marker},
            )
            nw.report.setdefault("notes_unlinked", []).append(note.id)
            continue
        _, cw, d, li, call, _ = cands[k]
        note.ref = ref = put.ref
        did = f"footnote_link:{note.id}"
        text_before, exact = put.text_before, call.exact and call.marker == note.marker
        if put.earlier:
            # linked by an earlier cleanup (a corrected page): what it read then
            earlier = [x.data for x in cw.page.decisions + nw.page.decisions if x.id == did]
            if earlier:
                text_before, exact = (
                    earlier[0].get("text_before", text_before),
                    earlier[0].get("exact", exact),
                )
        data = {
            "note": note.id,
            "word": ref,
            "text_before": text_before,
            "marker": note.marker,
            "exact": exact,
            "pages": sorted({cw.page.index, nw.page.index}),
        }
        if put.inserted:
            data["inserted"] = True
        how = "a second call" if put.inserted else "call"
        detail = f"{how} {note.marker} on {text_before or call.text!r} → {note.id}"
        for target in [cw, nw] if cw is not nw else [cw]:
            target.decide("footnote_link", (note.id, ref), detail, data, id=did)


_Cand = tuple[int, PageWork, Draft, int, calls.Call, bool]


def _lemma_calls(
    works: list[PageWork],
    notes: list[tuple[int, PageWork, Draft]],
    cands: list[_Cand],
    *,
    tail_lines: int,
    first: float = 2.0,
    later: float = 1.5,
) -> tuple[list[_Cand], dict[tuple[int, int], float], set[tuple[int, int]]]:
    """Candidates and bonuses from the notes' lemmas (`lemmas`): a candidate call right after a
    mention of a note's lemma on the note's page (or in the last lines of the page before) scores
    `first` more for that note; a mention without a candidate, on the note's page or anywhere on
    the page before (a note pushed over the break), becomes one (OCR lost the raised call), that
    only its note may take: `first` for the first mention on the note's page (or, when it has none,
    on the page before), `later` for others. A note whose term is not on its page may also take a
    candidate after a mention anywhere on the page before: those (note, candidate) pairs are the
    third value."""
    heads = [lemmas.note_head(endnotes.note_text(d)) for _, _, d in notes]
    if not any(heads):
        return cands, {}, set()
    at: dict[tuple[int, int, int, int], list[_Cand]] = {}  # a word's candidates (two calls: two)
    for c in cands:
        at.setdefault((c[0], id(c[2]), c[3], c[4].word), []).append(c)
    pairs: dict[tuple[int, int, int, int], dict[int, float]] = {}  # word → note → bonus
    reach: set[tuple[int, tuple[int, int, int, int]]] = set()  # (note, word) over a page break
    flats: dict[int, list[tuple[Draft, int]]] = {}
    for i, ((pos, _, _), head) in enumerate(zip(notes, heads, strict=True)):
        if head is None:
            continue
        found: dict[int, list[tuple[int, int]]] = {}
        for p in (pos - 1, pos):
            if p >= 0 and not works[p].contents:
                flat = flats.setdefault(
                    p, [(d, li) for d in works[p].body_drafts() for li in range(len(d.lines))]
                )
                found[p] = lemmas.mentions([d.lines[li] for d, li in flat], head)
        # the likeliest place of a lost call: the first mention on the note's page, else on the
        # page before (a note pushed over the break); a note explains a term where it first comes
        likeliest = (pos, 0) if found.get(pos) else (pos - 1, 0)
        for p, spots in found.items():
            flat = flats[p]
            for n, (k, wi) in enumerate(spots):
                d, li = flat[k]
                key = (p, id(d), li, wi)
                if p < pos and k < len(flat) - tail_lines and key in at:
                    if found.get(pos):
                        continue  # a candidate for other notes too: the page before only at its end
                    # the note's term is not on its page: the note was pushed over the break, its
                    # call may be anywhere on the page before, for this note alone
                    reach.add((i, key))
                b = first
                if key not in at or at[key][0][4].strength == 0.0:
                    word = d.lines[li].words[wi]
                    if word.marker:
                        continue
                    # a mention anywhere on the page before: the note was pushed over the break
                    call = calls.Call(k, wi, word.text, "", 0.0)
                    at[key] = [(p, works[p], d, li, call, True)]
                    b = first if (p, n) == likeliest else later
                pairs.setdefault(key, {})[i] = b
    out = sorted((c for cs in at.values() for c in cs), key=lambda c: (c[0], c[4].line, c[4].word))
    index: dict[tuple[int, int, int, int], list[int]] = {}
    for j, c in enumerate(out):
        index.setdefault((c[0], id(c[2]), c[3], c[4].word), []).append(j)
    bonus = {(i, j): b for key, byn in pairs.items() for i, b in byn.items() for j in index[key]}
    return out, bonus, {(i, j) for i, key in reach for j in index[key]}


def renumber_headings(works: list[PageWork]) -> None:
    """Correct section numbers OCR misread in runs of numbered headings (`headings.renumber_sections`):
    the heading's one word takes the expected number; the decision keeps the text as read."""
    heads = [(w, d) for w in works if not w.contents for d in w.body_drafts() if d.kind is BlockKind.HEADING]
    # a label over its title ("CHAPTER IV" / "The Title") is numbered by its label line
    numbered = [d.lines[:1] if d.reason == "label" and len(d.lines) > 1 else d.lines for _, d in heads]
    fixes = headings.renumber_sections(
        [
            (d.level or 1, " ".join(ln.text for ln in lines))
            for (_, d), lines in zip(heads, numbered, strict=True)
        ]
    )
    for pos, (w, d) in enumerate(heads):
        spots = [(li, wi) for li, ln in enumerate(numbered[pos]) for wi in range(len(ln.words))]
        toks = fixes[pos].split() if pos in fixes else [d.lines[li].words[wi].text for li, wi in spots]
        if len(toks) != len(spots):
            continue
        earlier = _earlier_numbers(w)
        for (li, wi), tok in zip(spots, toks, strict=True):
            before = d.lines[li].words[wi].text
            ref = f"{d.id}:{li}:{wi}"
            data = earlier.get(ref)
            if before == tok and data is not None and data.get("text") == tok:
                before = str(data["text_before"])  # corrected by an earlier cleanup: say so again
            elif before == tok:
                continue
            set_word(d, li, wi, text=tok)
            w.decide(
                "heading_number",
                (ref,),
                f"section number {before!r} → {tok!r} (the run of numbered headings)",
                {"word": ref, "text_before": before, "text": tok},
            )


def renumber_entries(works: list[PageWork]) -> None:
    """The same correction for numbered contents entries (their repaired titles)."""
    entries = [(w, d) for w in works for d in w.drafts if d.kind is BlockKind.TOC_ENTRY]
    fixes = headings.renumber_sections([(d.level or 1, d.title or d.text) for _, d in entries])
    for pos, text in sorted(fixes.items()):
        w, d = entries[pos]
        before = d.title
        d.title = text
        w.decide(
            "toc_number",
            (d.id,),
            f"section number {before!r} → {text!r} (the run of numbered entries)",
            {"entry": d.id, "title_before": before, "title": text},
        )
