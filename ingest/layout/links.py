"""Links across blocks and pages, made once every draft has its id.

`assign_ids` numbers each page's drafts and records the segmentation decisions; `link_contents`
ties contents entries to headings; `join_over_pages` marks paragraphs and notes continued from the
previous page. Footnote calls are paired with their notes in `notelinks`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from ingest.layout import headings, named, paragraphs, toc
from ingest.layout.drafts import Draft, PageWork, drop_word, line_above, line_below, set_word
from ingest.layout.geometry import VolumeMetrics
from ingest.layout.measures import ends_sentence
from ingest.model import BlockKind, Line, block_id


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
    made of the leader (`named.read_past_title`), and one with a word or two misread that OCR
    read far less sure than the heading's (`named.misread_in_title`)."""
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
    # an entry's section number the run of numbered entries corrected ("H" read for "II":
    # `renumber_entries`) names its heading as corrected
    named_as = [
        replace(d.entry, title=d.title) if d.title and d.title != d.entry.title else d.entry
        for _, d in entries
        if d.entry is not None
    ]
    links = toc.link_entries(named_as, refs)
    # bare section numbers ("I", "II") that count their place in their run: a heading's, or an
    # entry's as read (and corrected by the run)
    head_counted = headings.counted_in_run([(d.level or 1, named.heading_title(d)) for _, d in heads])
    entry_counted = headings.counted_in_run([(d.level or 1, d.title or d.text) for _, d in entries])
    for i, ((w, d), k) in enumerate(zip(entries, links, strict=True)):
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
            (
                d.entry is not None
                and d.entry.confidence < min_title_confidence
                and not toc.title_agrees(d.title or d.text, heading_title)
            )
            or named.read_past_title(d, heading_title)
            or named.read_short_of_title(d, heading_title)
            or named.misread_in_title(d, hd)
            or (
                # a bare section number, linked by its page, that its run does not count ("L" for
                # "I"), naming a heading whose number its run counts: the heading's number
                head_counted[k]
                and not entry_counted[i]
                and headings.may_read(d.title or d.text, heading_title)
            )
        ):
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
    prev: tuple[PageWork, Draft, Line | None] | None = None
    prev_note: tuple[PageWork, Draft] | None = None
    bottoms = _usual_bottoms(works)
    for w in works:
        if w.contents:
            prev = prev_note = None
            continue
        body = w.body_drafts()
        if body and prev is not None:
            pw, pd, above = prev
            first = body[0]
            if (
                first.kind is BlockKind.PARAGRAPH
                and pd.kind is BlockKind.PARAGRAPH
                and not _ran_short(pw, pd.lines[-1], first.lines[0], bottoms, metrics)
                and paragraphs.continues_over_break(
                    pd.lines[-1],
                    pw.frame_of(pd),
                    first.lines[0],
                    w.frame_of(first),
                    metrics,
                    before_last=above,
                    after_first=line_below(w, body),
                    block_before=pd.lines,
                    block_after=first.lines,
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
            prev = (w, body[-1], line_above(w, body))
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


#: How a line ends whose sentence goes on: a comma, a semicolon, a dash or a broken word's hyphen.
_RUNS_ON = frozenset(",;-\u2010\u00ad–—")

#: The kinds of block that are a page's text.
_TEXT_KINDS = frozenset({BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.FOOTNOTE, BlockKind.CAPTION})


def _lowest_line(w: PageWork) -> tuple[BlockKind, Line] | None:
    """A page's lowest line of text (body, quotation, caption or note; not its furniture, nor
    marks set aside as noise), with its block's kind."""
    lines = [(d.kind, ln) for d in w.drafts if d.kind in _TEXT_KINDS for ln in d.lines if ln.words]
    return max(lines, key=lambda kl: kl[1].bbox.y1) if lines else None


def _usual_bottoms(
    works: list[PageWork], *, min_pages: int = 5, min_running: int = 3
) -> dict[int, tuple[float, float]]:
    """Where the text of the volume's full pages ends, by page size (`_size`), and how far above
    it a page may end whose text runs on: the upper quartile of their lowest text lines' bottoms,
    over at least `min_pages` pages (a volume's pages mostly run full; its title, contents and
    chapters' last pages end higher), and the most any page ended above it whose paragraph runs on
    mid-sentence (at least `min_running` such pages, the volume's last aside: a scan's crop, skew
    or a warp moves the foot of a page whatever its text does). Photographed pages, each of its
    own size, get none."""
    by_size: dict[int, list[tuple[float, bool]]] = {}
    for k, w in enumerate(works):
        if w.contents or w.page.height <= 0 or (found := _lowest_line(w)) is None:
            continue
        kind, lowest = found
        bottom = lowest.bbox.y1
        end = lowest.text.rstrip()[-1:]
        # a paragraph's line going on mid-sentence (not a title's; the volume's last page may stop
        # anywhere, its text running on to no page)
        runs_on = k + 1 < len(works) and kind is BlockKind.PARAGRAPH and (end in _RUNS_ON or end.isalpha())
        by_size.setdefault(_size(w), []).append((bottom, runs_on))
    out = {}
    for size, pages in by_size.items():
        ys = sorted(y for y, _ in pages)
        running = [y for y, runs_on in pages if runs_on]
        if len(ys) < min_pages or len(running) < min_running:
            continue
        usual = ys[3 * len(ys) // 4]
        out[size] = (usual, max(0.0, max(usual - y for y in running)))
    return out


def _size(w: PageWork, *, same: float = 0.01) -> int:
    """A page's size as `_usual_bottoms` groups pages: its image height, pages within `same` of
    one height sharing one."""
    return round(w.page.height * same)


def _ran_short(
    w: PageWork,
    last: Line,
    first: Line,
    bottoms: dict[int, tuple[float, float]],
    metrics: VolumeMetrics,
    *,
    lines_short: float = 1.25,
    margin: float = 0.25,
) -> bool:
    """Whether a page's last line of text ends a paragraph by where it stands: it ends a sentence
    and is the page's lowest line of text, higher above where the volume's pages of its size
    usually end (`_usual_bottoms`) than `lines_short` body pitches (a line and more) and, by
    `margin` pitches, than any page of its size whose text runs on mid-sentence; and the next
    page's first line opens as a paragraph may (a capital, a figure or a quote). A page runs
    short where what comes next cannot start on it (a paragraph kept from leaving one line alone
    at the foot); within a paragraph the text runs to the foot. A ragged, spaced volume shows a
    paragraph's end no other way: its last line need not be short, and the next has no indent."""
    usual = bottoms.get(_size(w))
    lowest = _lowest_line(w)
    if usual is None or metrics.pitch <= 0 or lowest is None or lowest[1].bbox.y1 != last.bbox.y1:
        return False
    foot, running = usual
    opens = first.words[0].text[:1] if first.words else ""
    return (
        foot - last.bbox.y1 > max(lines_short * metrics.pitch, running + margin * metrics.pitch)
        and ends_sentence(last)
        and (opens.isupper() or opens.isdigit() or opens in "\"'“‘«")
    )


def renumber_headings(works: list[PageWork]) -> None:
    """Correct section numbers OCR misread in runs of numbered headings (`headings.renumber_sections`):
    the heading's one word takes the expected number; the decision keeps the text as read."""
    heads = [(w, d) for w in works if not w.contents for d in w.body_drafts() if d.kind is BlockKind.HEADING]
    # a label over its title ("CHAPTER IV" / "The Title") is numbered by its label line
    numbered = [d.lines[:1] if d.reason == "label" and len(d.lines) > 1 else d.lines for _, d in heads]
    texts = [" ".join(ln.text for ln in lines) for lines in numbered]
    held = {pos: text for pos, lines in enumerate(numbered) if (text := _label_held(lines)) is not None}
    fixes = headings.renumber_sections(
        [
            (d.level or 1, held.get(pos, text))
            for pos, ((_, d), text) in enumerate(zip(heads, texts, strict=True))
        ]
    )
    why = {pos: "the strokes its ink box holds" for pos in held if pos not in fixes}
    fixes = held | fixes
    for pos, (w, d) in enumerate(heads):
        spots = [(li, wi) for li, ln in enumerate(numbered[pos]) for wi in range(len(ln.words))]
        read = [d.lines[li].words[wi].text for li, wi in spots]
        toks = fixes[pos].split() if pos in fixes else read
        specks = headings.trailing_specks(read)
        if len(toks) == len(spots) - specks and specks:
            # a bare number read with specks after it ("rH |" for "II"): the number is corrected, the
            # specks leave the heading for the page's noise
            _drop_specks(w, d, spots[-specks:])
            spots = spots[:-specks]
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
                f"section number {before!r} → {tok!r} ({why.get(pos, 'the run of numbered headings')})",
                {"word": ref, "text_before": before, "text": tok},
            )


def _label_held(lines: list[Line]) -> str | None:
    """A label line's text with its numeral held to the strokes its ink box holds
    (`headings.label_roman_in`: "CHAPTER |!" → "CHAPTER I"), or None where that changes nothing."""
    words = [wd for ln in lines for wd in ln.words]
    toks = [wd.text for wd in words]
    if len(words) < 2 or not headings.is_label(" ".join(toks)):
        return None
    fitted = headings.label_roman_in(toks[1], words[1].bbox)
    if fitted is None or fitted == headings.label_roman(toks[1]):
        return None
    return " ".join([toks[0], fitted, *toks[2:]])


def _drop_specks(w: PageWork, d: Draft, spots: list[tuple[int, int]]) -> None:
    """The words of the draft at `spots` (specks) leave its text for the page's noise (kept in an
    `other` block), each with a decision that puts it back; from the last, so no spot moves."""
    for li, wi in reversed(spots):
        if len(d.lines[li].words) > 1:
            drop_word(
                w, d, li, wi, "ink_speck", "speck {!r} after the section number left out of the heading"
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
