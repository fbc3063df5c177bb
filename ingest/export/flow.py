"""The volume as one reading flow: every format that writes running text (txt, Markdown, TEI, and
the structure of METS and EPUB) reads it, so they agree on the reading order.

`reading_flow` walks the pages' blocks in order and decides, once for every format:
- furniture (running heads, page numbers) is left out, and any kinds a format asks to leave out
  (the plain text leaves out Contents entries and `other` blocks);
- a paragraph marked `continues` runs on from the last paragraph before it, with the page break
  kept inline;
- a word broken at a line or page end is written whole at its first half, from the two halves'
  current texts (so a correction of either half counts); a compound keeps its hyphen; an em dash
  set closed ("word—word") that a line break split is closed again;
- footnote calls become `NoteRef`s numbered 1..N in order of first call across the flow; a note
  continued on the next page is joined to its start; notes nobody calls are numbered after the
  called ones, so no text is lost; a call whose note was not found still takes its number (it
  has no `Note`, and formats that need one write the printed mark instead);
- a block's printed lines are kept (`LineBreak`) where the block keeps its lines (verse);
- Contents entries stay where they are, with the id of the heading they point to.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace

from ingest.layout.notemarkers import note_words
from ingest.model import BREAK_HYPHENS, FURNITURE_KINDS, Block, BlockKind, HyphenPart, Page, Word


@dataclass(frozen=True)
class PageBreak:
    """The start of a scanned page: scan index, printed label and the file stem of its image."""

    index: int
    label: str | None
    stem: str


@dataclass(frozen=True)
class NoteRef:
    number: int
    marker: str = ""  # the call as printed, for a call whose note was not found


@dataclass(frozen=True)
class LineBreak:
    """A printed line end kept inside a block (a verse line)."""


Inline = str | NoteRef | PageBreak | LineBreak


@dataclass
class FlowBlock:
    """A heading, paragraph, caption or Contents entry in reading order."""

    id: str
    kind: BlockKind
    inlines: list[Inline]
    level: int = 1
    target: str | None = None  # Contents entries: the heading block id they link to
    target_label: str | None = None
    title: str | None = None  # Contents entries: the title as repaired by cleanup
    page: int = 0  # scan index of the page the block starts on


@dataclass
class Note:
    number: int
    block_id: str
    marker: str | None
    inlines: list[Inline] = field(default_factory=list)
    page: int = 0  # scan index of the page the note is printed on


@dataclass
class Flow:
    """Page breaks and blocks interleaved, plus the notes by number (only notes that were found:
    a `NoteRef` may carry a number with no `Note`)."""

    items: list[FlowBlock | PageBreak]
    notes: dict[int, Note]

    @property
    def headings(self) -> list[FlowBlock]:
        return [b for b in self.items if isinstance(b, FlowBlock) and b.kind is BlockKind.HEADING]

    @property
    def blocks(self) -> list[FlowBlock]:
        return [b for b in self.items if isinstance(b, FlowBlock)]


def plain(inlines: Iterable[Inline]) -> str:
    """The text of inlines without note references or page breaks (a kept line end is a space)."""
    return "".join(
        x if isinstance(x, str) else " " for x in inlines if isinstance(x, str | LineBreak)
    ).strip()


def words_text(words: Sequence[Word]) -> str:
    """The words of one block as reading text (broken words whole, no note calls)."""
    out: list[Inline] = []
    _Stream(None).add(out, words)
    return plain(out)


_DASH = "—"


def _closed_dash(before: str, token: str) -> bool:
    """Whether `token` continues `before` without a space: a closed em dash ("word—word") that a line
    break split, leaving the dash at the start of one token or the end of the other. A dash that
    stands alone (spaced) is left alone."""
    if before.endswith(_DASH) and len(before) > 1 and token[:1].isalnum():
        return True
    return token.startswith(_DASH) and len(token) > 1 and before[-1:].isalnum()


def _whole(start: Word, end: Word) -> str:
    """The whole word from its two halves' current texts (so corrections count); a compound keeps
    its hyphen (`joined` then starts with the first half as printed, hyphen included)."""
    if start.joined is not None and start.joined.startswith(start.text):
        return start.text + end.text
    return start.text.rstrip(BREAK_HYPHENS) + end.text


class _Numbers:
    """Numbers notes in order of their first call; a call without a note is keyed by its mark."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def number(self, key: str) -> int:
        if key not in self.numbers:
            self.numbers[key] = len(self.numbers) + 1
        return self.numbers[key]

    def call(self, w: Word) -> NoteRef:
        return NoteRef(self.number(w.note_id or f"marker:{w.marker}"), w.marker or "")


class _Stream:
    """Words to inlines for one stream (the body, or the notes), carrying the first half of a broken
    word over block and page ends until its second half comes: the body's may wait over the page's
    notes, a note's over the next page's body. `numbers` None: calls are not read (notes)."""

    def __init__(self, numbers: _Numbers | None) -> None:
        self.numbers = numbers
        self.pending: tuple[list[Inline], int, Word] | None = None

    def add_block(
        self, out: list[Inline], block: Block, words: Sequence[Word] | None = None, *, verse: bool = False
    ) -> None:
        """Append `block`'s words (or `words`, a part of them) to `out`, its printed lines kept
        where the block keeps its lines (or `verse`: it continues a stanza from the page before)."""
        if words is not None or not (verse or keeps_lines(block)):
            self.add(out, block.words if words is None else words)
            return
        for line in block.lines:
            # a line opening on the end of a word broken at the line before (a verse line's
            # turnover, 'Griun-' / 'shtein,') goes on that printed line: a break before it
            # would stand after the whole word, on an empty line that reads as a stanza's end
            joins = bool(line.words) and line.words[0].hyphen is HyphenPart.END and self.pending is not None
            if _last_word(out) is not None and not joins:
                out.append(LineBreak())
            self.add(out, line.words)

    def add(self, out: list[Inline], words: Iterable[Word]) -> None:
        for w in words:
            pending = self.pending
            if w.hyphen is HyphenPart.END and pending is not None:
                toks, k, start = pending
                old = toks[k]
                assert isinstance(old, str)
                toks[k] = (" " if old.startswith(" ") else "") + _whole(start, w)
                self.pending = None
                if self.numbers is not None and w.marker:
                    toks.insert(k + 1, self.numbers.call(w))
                continue
            if not w.text:  # a call that was a token of its own: after the word before it
                if w.marker and self.numbers is not None and _last_word(out) is not None:
                    out.append(self.numbers.call(w))
                continue
            last = _last_word(out)
            if w.hyphen is HyphenPart.START:
                out.append(w.text if last is None else " " + w.text)
                self.pending = (out, len(out) - 1, w)
            else:
                self.pending = None if w.hyphen is None else pending
                after_call = bool(out) and isinstance(out[-1], NoteRef)
                if last is not None and not after_call and _closed_dash(last.lstrip(" "), w.text):
                    # "necessary" / "—just": an em dash set closed, broken at a line end
                    if isinstance(out[-1], str):
                        out[-1] += w.text
                    else:
                        out.append(w.text)
                else:
                    out.append(w.text if last is None else " " + w.text)
            if self.numbers is not None and w.marker:
                out.append(self.numbers.call(w))


def _last_word(out: list[Inline]) -> str | None:
    for x in reversed(out):
        if isinstance(x, str):
            return x
    return None


def keeps_lines(block: Block) -> bool:
    """Whether a block's printed lines are part of its text: a paragraph that cleanup found to be
    a verse stanza (`Block.verse`)."""
    return block.verse


def reading_flow(
    pages: Iterable[Page],
    stems: dict[int, str] | None = None,
    *,
    leave_out: Collection[BlockKind] = (),
) -> Flow:
    """Build the reading flow of `pages` (see the module docstring for what it decides); blocks of
    the kinds in `leave_out` are skipped as if absent (a paragraph continues over them)."""
    pages = list(pages)
    numbers = _Numbers()
    body = _Stream(numbers)
    items: list[FlowBlock | PageBreak] = []
    last_para: FlowBlock | None = None
    last_verse = False  # the last paragraph started as a verse stanza
    for page in pages:
        brk = PageBreak(page.index, page.label, (stems or {}).get(page.index, f"p{page.index:04d}"))
        pending_break: PageBreak | None = brk
        for b in page.blocks:
            if b.kind in FURNITURE_KINDS or b.kind is BlockKind.FOOTNOTE or b.kind in leave_out:
                continue
            if b.continues and last_para is not None and b.kind is BlockKind.PARAGRAPH:
                if pending_break is not None:
                    last_para.inlines.append(pending_break)
                    pending_break = None
                body.add_block(last_para.inlines, b, verse=last_verse)
                continue
            if pending_break is not None:
                items.append(pending_break)
                pending_break = None
            fb = FlowBlock(
                id=b.id,
                kind=b.kind,
                inlines=[],
                level=b.level or 1,
                target=b.target,
                target_label=b.target_label,
                title=b.title,
                page=page.index,
            )
            body.add_block(fb.inlines, b)
            items.append(fb)
            last_para = fb if b.kind is BlockKind.PARAGRAPH else None
            last_verse = keeps_lines(b)
        if pending_break is not None:
            items.append(pending_break)  # a page with no body text still has its page break
    return Flow(items, _notes(pages, numbers))


def _notes(pages: list[Page], numbers: _Numbers) -> dict[int, Note]:
    """The notes, read in page order (a broken word may run from a note to its continuation), then
    numbered: called notes by their first call, the others after them in page order."""
    stream = _Stream(None)
    found: dict[str, Note] = {}
    last: str | None = None
    for page in pages:
        for b in page.blocks:
            if b.kind is not BlockKind.FOOTNOTE:
                continue
            if b.continues and last is not None:
                note = found[last]
            else:
                note = found[b.id] = Note(0, b.id, b.marker, [], page.index)
            last = note.block_id
            stream.add_block(note.inlines, b, _note_words(b))
    for key in found:
        numbers.number(key)
    out = {}
    for key, number in numbers.numbers.items():
        if key in found and _last_word(found[key].inlines) is not None:
            out[number] = replace(found[key], number=number)
    return dict(sorted(out.items()))


def _note_words(b: Block) -> list[Word]:
    """A note's words without its printed marker (`notemarkers.note_words`)."""
    return note_words(list(b.words), b.marker, continues=b.continues)


_TRAILING_PAGE = re.compile(r"[\s.·…_\u2024\u2025]*(\d+|[ivxlcdm]+)\s*$", re.IGNORECASE)
_LEADERS = re.compile(r"(\s*[.·…_\u2024\u2025]\s*){2,}")


def toc_title(block: FlowBlock) -> str:
    """A Contents entry's title: cleanup's repaired title, else its text without dot leaders and
    the trailing page number."""
    if block.title:
        return block.title
    text = plain(block.inlines)
    if block.target_label and text.endswith(block.target_label):
        text = text[: -len(block.target_label)]
    else:
        text = _TRAILING_PAGE.sub("", text) if _TRAILING_PAGE.search(text) and " " in text else text
    return _LEADERS.sub(" ", text).strip(" .·…")
