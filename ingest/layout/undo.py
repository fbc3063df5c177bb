"""Undo one cleanup decision on a page, from what the decision recorded in `data`.

`undo(page, decision)` returns a new page with the decision's effect reverted on *that* page and the
decision removed from the page's list. Decisions that span pages say so in `data["pages"]` (scan
indices): `hyphen_join` (a word broken over a page end: both halves), `footnote_link` (a call on the
page before its note), `toc_link` (contents page and heading page). Undo those on every page listed —
each call reverts the part that lives on the page given. `paragraph_join` and `footnote_continues`
live on the later page only. Undoing `paragraph_break` merges the block into the block before it;
references to the merged block's words ("block:line:word") in later decisions then no longer resolve.
Undoing `drop_cap` puts the capital back in the line OCR read it in, and moves the word refs of the
page's other decisions in the lines it leaves and enters, so they still name their words; undoing
`figures_joined` gives back the two figure groups OCR read and moves the refs after them one on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from ingest.model import BBox, Block, BlockKind, Decision, Line, Page, Word


def undo(page: Page, decision: Decision) -> Page:
    handler = _HANDLERS.get(decision.kind)
    if handler is None:
        raise ValueError(f"no undo for decisions of kind {decision.kind!r}")
    blocks = handler(list(page.blocks), decision.data, page)
    label = page.label
    if decision.kind == "page_label":
        label = decision.data.get("label_before")
    remaining = tuple(d for d in page.decisions if d != decision)
    if decision.kind == "drop_cap":
        remaining = _drop_cap_refs(remaining, decision.data)
    if decision.kind in ("ink_speck", "break_speck"):
        ref = f"{decision.data['block']}:{decision.data['line']}:{decision.data['word']}"
        remaining = shifted_refs(remaining, [(*_parse_ref(ref), 1)])  # the words after it, one on
    if decision.kind == "figures_joined":
        bid, li, wi = _parse_ref(decision.data["word"])
        remaining = shifted_refs(remaining, [(bid, li, wi + 1, 1)])  # the words after the number
    return dataclasses.replace(page, blocks=tuple(blocks), label=label, decisions=remaining)


def _replace_block(blocks: list[Block], block_id: str | None, **changes: Any) -> list[Block]:
    return [dataclasses.replace(b, **changes) if b.id == block_id else b for b in blocks]


def _kind_back(blocks: list[Block], data: dict[str, Any], page: Page) -> list[Block]:
    kind = BlockKind(data.get("kind_before", BlockKind.PARAGRAPH.value))
    return _replace_block(blocks, data.get("block"), kind=kind, level=None, marker=None)


def _edit_word(blocks: list[Block], ref: str | None, edit: Callable[[Word], list[Word]]) -> list[Block]:
    """The blocks with the word at `ref` ("block:line:word") replaced by what `edit` makes of it."""
    if not ref:
        return blocks
    bid, li, wi = ref.rsplit(":", 2)
    out = []
    for b in blocks:
        if b.id == bid:
            lines = list(b.lines)
            ln = lines[int(li)]
            words = list(ln.words)
            words[int(wi) : int(wi) + 1] = edit(words[int(wi)])
            lines[int(li)] = Line(tuple(words), ln.bbox)
            b = dataclasses.replace(b, lines=tuple(lines))
        out.append(b)
    return out


def _word(blocks: list[Block], ref: str | None, **changes: Any) -> list[Block]:
    return _edit_word(blocks, ref, lambda w: [dataclasses.replace(w, **changes)])


def _hyphen(blocks: list[Block], data: dict[str, Any], page: Page) -> list[Block]:
    for ref in (data.get("start"), data.get("end")):
        # the first half gets back the specks read after its hyphen that the join left out, the
        # second the capital OCR read for its first letter
        text = {"text": data["text_before"]} if ref == data.get("start") and "text_before" in data else {}
        if ref == data.get("end") and "end_text_before" in data:
            text = {"text": data["end_text_before"]}
        blocks = _word(blocks, ref, hyphen=None, joined=None, **text) if _on_page(blocks, ref) else blocks
    return blocks


def _on_page(blocks: list[Block], ref: str | None) -> bool:
    return bool(ref) and any(b.id == str(ref).rsplit(":", 2)[0] for b in blocks)


def _footnote_link(blocks: list[Block], data: dict[str, Any], page: Page) -> list[Block]:
    ref = data.get("word")
    if _on_page(blocks, ref):
        # a second call on a word was added as a word without text: it stays, empty, so that
        # the refs of the words after it hold
        text = "" if data.get("inserted") else data.get("text_before")
        blocks = _word(blocks, ref, text=text, marker=None, note_id=None)
    return _replace_block(blocks, data.get("note"), ref=None)


def _heading_number(blocks: list[Block], data: dict[str, Any], page: Page) -> list[Block]:
    return _word(blocks, data.get("word"), text=data.get("text_before"))


def _misread(blocks: list[Block], data: dict[str, Any], page: Page) -> list[Block]:
    """A word read again back as OCR read it: by its ref, or (a speck dropped from a line's first
    word before the page's blocks were made, `gluedspecks`) by its box and text, its box too."""
    if data.get("word") is not None or "bbox" not in data:
        return _heading_number(blocks, data, page)
    box, before = BBox(*data["bbox"]), BBox(*data["bbox_before"])
    out: list[Block] = []
    for b in blocks:
        lines = list(b.lines)
        for li, ln in enumerate(lines):
            for wi, w in enumerate(ln.words):
                if w.bbox == box and w.text == data.get("text"):
                    words = list(ln.words)
                    words[wi] = dataclasses.replace(w, text=str(data.get("text_before")), bbox=before)
                    lines[li] = Line(tuple(words), ln.bbox.union(before))
        out.append(dataclasses.replace(b, lines=tuple(lines)) if lines != list(b.lines) else b)
    return out


def _drop_cap(blocks: list[Block], data: dict[str, Any], page: Page) -> list[Block]:
    """The capital and the word it was joined to, as OCR read them: two words again, the capital
    in the line OCR read it in (before the word `before` names) when that was another line."""
    cap = Word(data["cap"], BBox(*data["cap_bbox"]), data["cap_confidence"])
    before = data.get("before")
    joined = "text_before" in data

    def split(word: Word) -> list[Word]:
        head = dataclasses.replace(word, text=data["text_before"], bbox=BBox(*data["bbox_before"]))
        if before:
            return [head]
        return [dataclasses.replace(cap, origin=word.origin), head]

    if joined:
        blocks = _edit_word(blocks, data.get("word"), split)
    elif before:
        blocks = _edit_word(blocks, data.get("word"), lambda w: [])
    if before:
        bid, li, wi = _parse_ref(before)
        word_bid, word_li, word_wi = _parse_ref(data["word"])
        if not joined and (bid, li) == (word_bid, word_li) and wi > word_wi:
            wi -= 1  # the capital left this very line, before the word
        origin = next((w.origin for b in blocks if b.id == bid for w in b.lines[li].words[wi : wi + 1]), None)
        moved = dataclasses.replace(cap, origin=origin) if origin is not None else cap
        blocks = _edit_word(blocks, f"{bid}:{li}:{wi}", lambda w: [moved, w])
    return blocks


def _figures_joined(blocks: list[Block], data: dict[str, Any], page: Page) -> list[Block]:
    """The two figure groups OCR read, in place of the number they were joined into."""

    def split(word: Word) -> list[Word]:
        return [
            dataclasses.replace(word, text=p["text"], bbox=BBox(*p["bbox"]), confidence=p["confidence"])
            for p in data["parts"]
        ]

    return _edit_word(blocks, data.get("word"), split)


def _parse_ref(ref: str) -> tuple[str, int, int]:
    bid, li, wi = ref.rsplit(":", 2)
    return bid, int(li), int(wi)


def _drop_cap_refs(decisions: tuple[Decision, ...], data: dict[str, Any]) -> tuple[Decision, ...]:
    """The page's other decisions with their word refs moved as undoing `data`'s drop capital moved
    the words: after the capital taken out of a line (kept apart), one back; after it put back
    in OCR's line, one on."""
    before = data.get("before")
    if not before:
        return decisions
    shifts = [(*_parse_ref(before), 1)]
    if "text_before" not in data:
        shifts.insert(0, (*_parse_ref(data["word"]), -1))
    return shifted_refs(decisions, shifts)


def shifted_refs(
    decisions: tuple[Decision, ...], shifts: list[tuple[str, int, int, int]]
) -> tuple[Decision, ...]:
    """The decisions with their word refs moved by `shifts`, each (block, line, word, delta): one on
    (delta 1) from that word on, or one back (delta -1) after it."""

    def move(ref: Any) -> Any:
        if isinstance(ref, list | tuple):
            return type(ref)(move(r) for r in ref)
        if not isinstance(ref, str) or ref.count(":") < 2:
            return ref
        try:
            bid, li, wi = _parse_ref(ref)
        except ValueError:
            return ref
        for sbid, sli, swi, delta in shifts:
            if (bid, li) == (sbid, sli) and wi >= swi + (1 if delta < 0 else 0):
                wi += delta
        return f"{bid}:{li}:{wi}"

    return tuple(
        dataclasses.replace(d, targets=move(d.targets), data={k: move(v) for k, v in d.data.items()})
        for d in decisions
    )


def _heading_back(blocks: list[Block], data: dict[str, Any], page: Page) -> list[Block]:
    return _replace_block(blocks, data.get("block"), kind=BlockKind.HEADING)


def _toc_number(blocks: list[Block], data: dict[str, Any], page: Page) -> list[Block]:
    return _replace_block(blocks, data.get("entry"), title=data.get("title_before"))


def _continues(blocks: list[Block], data: dict[str, Any], page: Page) -> list[Block]:
    return _replace_block(blocks, data.get("block"), continues=False)


def _toc_link(blocks: list[Block], data: dict[str, Any], page: Page) -> list[Block]:
    changes: dict[str, Any] = {"target": None, "target_label": data.get("label_read")}
    if "title_read" in data:
        changes["title"] = data["title_read"]
    return _replace_block(blocks, data.get("entry"), **changes)


def _heading_level(blocks: list[Block], data: dict[str, Any], page: Page) -> list[Block]:
    return _replace_block(blocks, data.get("block"), level=data.get("level_before"))


def _paragraph_break(blocks: list[Block], data: dict[str, Any], page: Page) -> list[Block]:
    out: list[Block] = []
    for b in blocks:
        if b.id == data.get("block") and out:
            prev = out.pop()
            lines = prev.lines + b.lines
            out.append(dataclasses.replace(prev, lines=lines, bbox=BBox.enclosing([ln.bbox for ln in lines])))
        else:
            out.append(b)
    return out


def _verse(blocks: list[Block], data: dict[str, Any], page: Page) -> list[Block]:
    return _replace_block(blocks, data.get("block"), verse=False)


def _out_of_noise(blocks: list[Block], data: dict[str, Any]) -> tuple[list[Block], Word]:
    """The blocks with the speck a decision left out (`data`: its text and box) taken out of the
    page's noise block (dropped when it is left empty), and the speck (made again from `data` when
    it is not found there)."""
    box = BBox(*data["bbox"])
    out: list[Block] = []
    speck: Word | None = None
    for b in blocks:
        if b.kind is BlockKind.OTHER and b.id != data.get("block"):
            kept: list[Line] = []
            for ln in b.lines:
                hit = next((w for w in ln.words if w.bbox == box and w.text == data.get("speck")), None)
                if hit is not None and speck is None:
                    speck = hit
                    ln = Line(tuple(w for w in ln.words if w is not hit), ln.bbox)
                kept.append(ln)
            b = dataclasses.replace(b, lines=tuple(ln for ln in kept if ln.words))
            if not b.lines:
                continue
        out.append(b)
    return out, speck or Word(data.get("speck", ""), box)


def _note_speck(blocks: list[Block], data: dict[str, Any], page: Page) -> list[Block]:
    """The speck back at the end of its note, out of the page's noise block: on the note's last
    line, or as a line of its own where it was read as one (`line`)."""
    box = BBox(*data["bbox"])
    out, speck = _out_of_noise(blocks, data)
    for i, b in enumerate(out):
        if b.id == data.get("block") and b.lines:
            last = b.lines[-1]
            if data.get("line"):
                grew = b.lines + (Line((speck,), box),)
            else:
                grew = b.lines[:-1] + (Line(last.words + (speck,), last.bbox.union(box)),)
            out[i] = dataclasses.replace(b, lines=grew, bbox=BBox.enclosing([ln.bbox for ln in grew]))
    return out


def _ink_speck(blocks: list[Block], data: dict[str, Any], page: Page) -> list[Block]:
    """The token back in its line, where it was read, out of the page's noise block."""
    box = BBox(*data["bbox"])
    out, speck = _out_of_noise(blocks, data)
    li, wi = int(data["line"]), int(data["word"])
    for i, b in enumerate(out):
        if b.id == data.get("block") and li < len(b.lines):
            ln = b.lines[li]
            grown = Line(ln.words[:wi] + (speck,) + ln.words[wi:], ln.bbox.union(box))
            lines = b.lines[:li] + (grown,) + b.lines[li + 1 :]
            out[i] = dataclasses.replace(b, lines=lines, bbox=BBox.enclosing([x.bbox for x in lines]))
    return out


def _drop_block(blocks: list[Block], data: dict[str, Any], page: Page) -> list[Block]:
    """A block of words read again from the image (not in OCR's reading of the page) goes."""
    return [b for b in blocks if b.id != data.get("block")]


def _head_back(blocks: list[Block], data: dict[str, Any], page: Page) -> list[Block]:
    """A note's first lines read again from the image (not in OCR's reading of the page) go."""
    out: list[Block] = []
    for b in blocks:
        if b.id == data.get("block") and len(b.lines) > data.get("lines", 0):
            kept = b.lines[data.get("lines", 0) :]
            b = dataclasses.replace(b, lines=kept, bbox=BBox.enclosing([ln.bbox for ln in kept]))
        out.append(b)
    return out


def _nothing(blocks: list[Block], data: dict[str, Any], page: Page) -> list[Block]:
    return blocks


_HANDLERS = {
    "running_head": _kind_back,
    "page_number": _kind_back,
    "heading": _kind_back,
    "footnote": _kind_back,
    "hyphen_join": _hyphen,
    "footnote_link": _footnote_link,
    "paragraph_join": _continues,
    "footnote_continues": _continues,
    "toc_link": _toc_link,
    "heading_level": _heading_level,
    "paragraph_break": _paragraph_break,
    "verse": _verse,
    "page_label": _nothing,
    "toc_unmatched": _nothing,
    "footnote_unlinked": _nothing,
    "noise": _kind_back,
    "heading_number": _heading_number,
    "ocr_misread": _misread,
    "toc_number": _toc_number,
    "endnote": _kind_back,
    "notes_title": _heading_back,
    "drop_cap": _drop_cap,
    "figures_joined": _figures_joined,
    "note_speck": _note_speck,
    "ink_speck": _ink_speck,
    "break_speck": _ink_speck,
    "note_reread": _drop_block,
    "note_head_reread": _head_back,
}
