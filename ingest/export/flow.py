"""The volume as one reading flow, shared by the structured text formats (Markdown, TEI).

`reading_flow` walks the pages' blocks in order and decides, once for every format:
- furniture (running heads, page numbers) is left out;
- a paragraph marked `continues` is joined to the last paragraph of the previous page, with the
  page break kept inline;
- a word broken at a line or page end is written whole (`Word.joined`) at its first half;
- footnote calls become references to notes numbered 1..N in order of first call across the
  volume; a note continued on the next page is joined to its start; notes nobody calls are
  numbered after the called ones, so no text is lost;
- Contents entries stay where they are, with the id of the heading they point to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ingest.model import FURNITURE_KINDS, Block, BlockKind, HyphenPart, Page, Word

#: Hyphen characters a typesetter puts at a line end (ASCII, U+2010, soft hyphen, not sign).
BREAK_HYPHENS = "-\u2010\u00ad\u00ac"


@dataclass(frozen=True)
class PageBreak:
    """The start of a scanned page: scan index, printed label and the file stem of its image."""

    index: int
    label: str | None
    stem: str


@dataclass(frozen=True)
class NoteRef:
    number: int


Inline = str | NoteRef | PageBreak


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


@dataclass
class Note:
    number: int
    block_id: str
    marker: str | None
    inlines: list[Inline] = field(default_factory=list)


@dataclass
class Flow:
    """Page breaks and blocks interleaved, plus the notes by number."""

    items: list[FlowBlock | PageBreak]
    notes: dict[int, Note]

    @property
    def headings(self) -> list[FlowBlock]:
        return [b for b in self.items if isinstance(b, FlowBlock) and b.kind is BlockKind.HEADING]


def plain(inlines: Iterable[Inline]) -> str:
    """The text of inlines without note references or page breaks."""
    return "".join(x for x in inlines if isinstance(x, str)).strip()


def strip_break_hyphen(text: str) -> str:
    return text[:-1] if len(text) > 1 and text[-1] in BREAK_HYPHENS else text


def word_inlines(words: Iterable[Word], notes: _NoteNumbers) -> list[Inline]:
    """Words to inlines: whole words for hyphenated halves, note calls as `NoteRef`s."""
    out: list[Inline] = []
    first = True
    for w in words:
        if w.hyphen is HyphenPart.END and w.joined:
            text = ""  # written whole with the first half
        elif w.hyphen is HyphenPart.START:
            text = w.joined or strip_break_hyphen(w.text)
        else:
            text = w.text
        if text:
            out.append(text if first else " " + text)
            first = False
        if w.marker:
            number = notes.number_for(w.note_id) if w.note_id else None
            if number is None:
                out.append(w.marker)  # a call whose note was not found: keep it as printed
            else:
                out.append(NoteRef(number))
    return out


def _merge(a: list[Inline], b: list[Inline]) -> list[Inline]:
    if not b:
        return a
    first = b[0]
    if isinstance(first, str) and not first.startswith(" ") and a:
        b = [" " + first, *b[1:]]
    return a + b


class _NoteNumbers:
    """Numbers notes in order of their first call."""

    def __init__(self, note_blocks: dict[str, Block]) -> None:
        self.blocks = note_blocks
        self.numbers: dict[str, int] = {}

    def number_for(self, note_id: str) -> int | None:
        if note_id not in self.blocks:
            return None
        if note_id not in self.numbers:
            self.numbers[note_id] = len(self.numbers) + 1
        return self.numbers[note_id]


def reading_flow(pages: Iterable[Page], stems: dict[int, str] | None = None) -> Flow:
    """Build the reading flow of a volume (see the module docstring for what it decides)."""
    pages = list(pages)
    note_blocks: dict[str, Block] = {}
    continuations: dict[str, list[Block]] = {}
    last_note: str | None = None
    for page in pages:
        for b in page.blocks:
            if b.kind is not BlockKind.FOOTNOTE:
                continue
            if b.continues and last_note is not None:
                continuations.setdefault(last_note, []).append(b)
            else:
                note_blocks[b.id] = b
                last_note = b.id
    numbers = _NoteNumbers(note_blocks)

    items: list[FlowBlock | PageBreak] = []
    last_para: FlowBlock | None = None
    for page in pages:
        brk = PageBreak(page.index, page.label, (stems or {}).get(page.index, f"p{page.index:04d}"))
        pending_break: PageBreak | None = brk
        for b in page.blocks:
            if b.kind in FURNITURE_KINDS or b.kind is BlockKind.FOOTNOTE:
                continue
            inlines = word_inlines(b.words, numbers)
            if b.continues and last_para is not None and b.kind is BlockKind.PARAGRAPH:
                if pending_break is not None:
                    last_para.inlines.append(pending_break)
                    pending_break = None
                last_para.inlines = _merge(last_para.inlines, inlines)
                continue
            if pending_break is not None:
                items.append(pending_break)
                pending_break = None
            fb = FlowBlock(
                id=b.id,
                kind=b.kind,
                inlines=inlines,
                level=b.level or 1,
                target=b.target,
                target_label=b.target_label,
                title=b.title,
            )
            items.append(fb)
            last_para = fb if b.kind is BlockKind.PARAGRAPH else None
        if pending_break is not None:
            items.append(pending_break)  # a page with no body text still has its page break

    notes: dict[int, Note] = {}
    # notes nobody called are numbered after the called ones, in page order
    for note_id in note_blocks:
        numbers.number_for(note_id)
    for note_id, number in numbers.numbers.items():
        block = note_blocks[note_id]
        inlines = word_inlines(_note_words(block), numbers)
        for cont in continuations.get(note_id, []):
            inlines = _merge(inlines, word_inlines(cont.words, numbers))
        notes[number] = Note(number, note_id, block.marker, inlines)
    return Flow(items, dict(sorted(notes.items())))


_LEADING_MARKER = re.compile(r"^[\[(]?(\d+|[*†‡§¶]+)[\].)]?$")


def _note_words(block: Block) -> list[Word]:
    """A note's words without its printed marker ("1", "1.", "*"), which the number replaces."""
    words = list(block.words)
    if words and block.marker and _LEADING_MARKER.match(words[0].text):
        stripped = words[0].text.strip("[]().")
        if stripped == block.marker:
            words = words[1:]
    return words


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
