"""The document model: frozen dataclasses for volumes, pages, blocks, lines and words.

Coordinates are pixels of the page's display image, origin top-left. Confidences are 0..1.
Everything that enters from Tesseract or a PDF text layer is normalised to this once, where it
enters (`ingest.ocr`, `ingest.sources`); nothing downstream converts units.

Pages serialise to plain JSON (`ingest.store.codec`: `page_to_dict` / `page_from_dict`); that
JSON is what a revision stores, so a field added here needs a default to keep old revisions
readable.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    FOOTNOTE = "footnote"
    RUNNING_HEAD = "running_head"
    PAGE_NUMBER = "page_number"
    TOC_ENTRY = "toc_entry"
    CAPTION = "caption"
    OTHER = "other"


#: Kinds that are page furniture: kept in the model, left out of reading text.
FURNITURE_KINDS = frozenset({BlockKind.RUNNING_HEAD, BlockKind.PAGE_NUMBER})

#: Hyphens a typesetter (or OCR) leaves at the end of a line where a word was broken: ASCII
#: hyphen-minus, U+2010 hyphen, not sign, U+2011 non-breaking hyphen, soft hyphen. Cleanup decides
#: breaks with this set and the exports strip it, so the two always agree.
BREAK_HYPHENS = "-\u2010\u00ac\u2011\u00ad"


class PageStatus(StrEnum):
    NEW = "new"
    OCR_DONE = "ocr_done"
    IN_REVIEW = "in_review"
    CORRECTED = "corrected"  # proofread: one corrector saved or checked it
    APPROVED = "approved"  # validated: checked by a second person after its proofreading
    PROBLEM = "problem"  # something is wrong that proofreading cannot fix (see the revision's note)
    BLANK = "blank"  # a leaf without text: left out of the review queue, counts and export text


class RevisionReason(StrEnum):
    """Why a revision was made (stored as its value)."""

    OCR = "ocr"
    TEXT_LAYER = "text_layer"
    CLEANUP = "cleanup"
    EDIT = "edit"
    REPLACE_ALL = "replace-all"
    REVERT = "revert"
    UNDO_CLEANUP = "undo-cleanup"
    CHECKED = "checked"
    APPROVE = "approve"
    VALIDATE = "validate"
    PROBLEM = "problem"


#: Revisions the pipeline makes (not a person): cleanup may redo them, History marks them machine-made.
MACHINE_REASONS = frozenset({RevisionReason.OCR, RevisionReason.TEXT_LAYER, RevisionReason.CLEANUP})


#: A volume name: letters, digits, '-', '_' and '.', not starting with a dot or a dash. It names
#: folders (exports/NAME/v1), so no path parts.
VOLUME_NAME = re.compile(r"\w[\w.\-]{0,199}")


def volume_name_problem(name: str) -> str | None:
    """Why `name` cannot name a volume, or None when it can."""
    if VOLUME_NAME.fullmatch(name) and name not in {".", ".."}:
        return None
    return (
        f"volume name {name!r} is not usable; use up to 200 letters, digits, '-', '_' or '.', "
        "starting with a letter or digit"
    )


class WordOrigin(StrEnum):
    OCR = "ocr"
    TEXT_LAYER = "text_layer"
    CORRECTED = "corrected"


class HyphenPart(StrEnum):
    """Which half of a word broken at a line or page end this word is (as ALTO's SUBS_TYPE)."""

    START = "HypPart1"
    END = "HypPart2"


@dataclass(frozen=True, slots=True)
class BBox:
    """An axis-aligned box in pixels, top-left origin; x1/y1 exclusive. Rejects inverted boxes."""

    x0: int
    y0: int
    x1: int
    y1: int

    def __post_init__(self) -> None:
        if self.x1 < self.x0 or self.y1 < self.y0:
            raise ValueError(f"inverted box: {self.x0},{self.y0},{self.x1},{self.y1}")

    @property
    def width(self) -> int:
        return self.x1 - self.x0

    @property
    def height(self) -> int:
        return self.y1 - self.y0

    @property
    def center_x(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def center_y(self) -> float:
        return (self.y0 + self.y1) / 2

    def union(self, other: BBox) -> BBox:
        return BBox(
            min(self.x0, other.x0), min(self.y0, other.y0), max(self.x1, other.x1), max(self.y1, other.y1)
        )

    @staticmethod
    def enclosing(boxes: list[BBox] | tuple[BBox, ...]) -> BBox:
        if not boxes:
            return BBox(0, 0, 0, 0)
        return BBox(
            min(b.x0 for b in boxes),
            min(b.y0 for b in boxes),
            max(b.x1 for b in boxes),
            max(b.y1 for b in boxes),
        )

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (self.x0, self.y0, self.x1, self.y1)


@dataclass(frozen=True, slots=True)
class Word:
    """One word as recognised (or corrected).

    `hyphen`/`joined`: set by cleanup when the word is half of a word broken at a line or page end;
    `joined` is the whole word (without the break hyphen) and is carried by both halves.
    `marker`: a footnote call attached to this word ("1", "*"), no longer part of `text`;
    `note_id`: the id of the footnote block that the call links to.
    `size`: the type size in pixels when the source gives it (a PDF text layer); None from OCR.
    """

    text: str
    bbox: BBox
    confidence: float = 1.0
    origin: WordOrigin = WordOrigin.OCR
    hyphen: HyphenPart | None = None
    joined: str | None = None
    marker: str | None = None
    note_id: str | None = None
    size: float | None = None  # type size in pixels, where the source says (PDF text layers)


@dataclass(frozen=True, slots=True)
class Line:
    words: tuple[Word, ...]
    bbox: BBox

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(frozen=True, slots=True)
class Block:
    """A block in reading order.

    `id` is unique within the volume and stable across revisions ("p0007-b03").
    Headings carry `level`. Footnotes carry `marker` (their printed label) and `ref` (the id
    "block:line:word" of the word that calls them). `continues` marks a paragraph (or note)
    continued from the previous page. Contents entries carry `target_label` (the printed page they
    name), `target` (the id of the heading block they were linked to) and `title` (the entry's
    title as repaired by cleanup: leaders and page number removed). `verse` marks a paragraph whose
    printed lines are part of its text (a verse stanza): exports keep its line breaks.
    """

    id: str
    kind: BlockKind
    lines: tuple[Line, ...]
    bbox: BBox
    level: int | None = None
    marker: str | None = None
    ref: str | None = None
    continues: bool = False
    target_label: str | None = None
    target: str | None = None
    title: str | None = None
    verse: bool = False

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def words(self) -> tuple[Word, ...]:
        return tuple(w for line in self.lines for w in line.words)


#: A block's optional fields (None unless set), in the order the stored form and the JSON export
#: write them: one list, so a field added to `Block` reaches both.
BLOCK_OPTIONAL: tuple[str, ...] = tuple(f.name for f in fields(Block) if f.default is None)


def block_extras(b: Block) -> dict[str, object]:
    """A block's optional fields that are set, then its flags that are on, as the stored form and
    the JSON export both write them (after the block's id, kind and box)."""
    d: dict[str, object] = {name: getattr(b, name) for name in BLOCK_OPTIONAL if getattr(b, name) is not None}
    if b.continues:
        d["continues"] = True
    if b.verse:
        d["verse"] = True
    return d


@dataclass(frozen=True, slots=True)
class Decision:
    """One automatic cleanup decision, recorded so a corrector can see and undo it.

    `id` is unique within the volume, so a decision recorded on two pages (a word broken over a
    page end) can be paired. `kind` names the rule ("running_head", "page_number", "hyphen_join",
    "paragraph_join", "footnote_link", "toc_link", "heading", ...); `targets` the ids it touched
    ("p0007-b03" or "p0007-b03:2:5" for a word); `detail` a short human-readable account;
    `data` what undo needs.
    """

    kind: str
    targets: tuple[str, ...]
    detail: str
    data: dict[str, Any] = field(default_factory=dict)
    id: str = ""


@dataclass(frozen=True, slots=True)
class ProcessingStep:
    """What ran on a page: stage name, its version and the options it used (and what it found)."""

    name: str
    version: str
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a page came from: file, 1-based page within it, the file's sha256 and the page kind."""

    path: str
    page_in_file: int
    sha256: str
    kind: str = "image"  # image | pdf_scan | pdf_text


@dataclass(frozen=True, slots=True)
class Page:
    index: int
    source: SourceRef
    width: int
    height: int
    dpi: int
    blocks: tuple[Block, ...] = ()
    label: str | None = None
    status: PageStatus = PageStatus.NEW
    decisions: tuple[Decision, ...] = ()
    steps: tuple[ProcessingStep, ...] = ()

    @property
    def words(self) -> tuple[Word, ...]:
        return tuple(w for b in self.blocks for w in b.words)

    @property
    def text(self) -> str:
        return "\n\n".join(b.text for b in self.blocks)

    def block(self, block_id: str) -> Block:
        for b in self.blocks:
            if b.id == block_id:
                return b
        raise KeyError(block_id)

    def mean_confidence(self) -> float | None:
        """Mean word confidence, or None for a page without words."""
        words = self.words
        if not words:
            return None
        return sum(w.confidence for w in words) / len(words)

    def ocr_lang(self, default: str = "eng") -> str:
        """The Tesseract languages the page was OCRed with (its processing record says), else `default`."""
        for step in self.steps:
            if step.name == "ocr" and step.options.get("lang"):
                return str(step.options["lang"])
        return default


@dataclass(frozen=True, slots=True)
class Metadata:
    """Dublin Core-ish description of a volume, used by exports."""

    title: str = ""
    creator: str = ""
    date: str = ""
    language: str = "eng"
    identifier: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class Revision:
    id: int
    page_id: int
    number: int
    author: str
    created_at: str
    base_id: int | None
    reason: str  # a RevisionReason value
    page: Page
    note: str = ""
    group_id: str | None = None


def block_id(page_index: int, n: int) -> str:
    return f"p{page_index:04d}-b{n:02d}"


def paragraph_blocks(page_index: int, groups: Sequence[Sequence[Line]]) -> tuple[Block, ...]:
    """One paragraph block per group of lines, numbered in order."""
    return tuple(
        Block(
            id=block_id(page_index, n),
            kind=BlockKind.PARAGRAPH,
            lines=tuple(g),
            bbox=BBox.enclosing([ln.bbox for ln in g]),
        )
        for n, g in enumerate(groups, start=1)
    )


def line_of(words: Sequence[Word]) -> Line:
    """A line made of `words`, with the box enclosing them."""
    return Line(words=tuple(words), bbox=BBox.enclosing([w.bbox for w in words]))


def page_of_lines(
    groups: Sequence[Sequence[Line]],
    *,
    index: int,
    source: SourceRef,
    width: int,
    height: int,
    dpi: int,
    steps: tuple[ProcessingStep, ...] = (),
) -> Page:
    """A page as OCR and text layers bring it in: one paragraph block per group of lines,
    numbered in order, status OCR done."""
    return Page(
        index=index,
        source=source,
        width=width,
        height=height,
        dpi=dpi,
        blocks=paragraph_blocks(index, groups),
        status=PageStatus.OCR_DONE,
        steps=steps,
    )


def word_reading_text(w: Word) -> str:
    """A word as read: the whole word on the first half of a hyphen break, nothing on the second,
    a footnote call as [^marker]."""
    if w.hyphen is HyphenPart.END and w.joined:
        return ""
    text = w.joined if w.hyphen is HyphenPart.START and w.joined else w.text
    return f"{text}[^{w.marker}]" if w.marker else text


def reading_text(page: Page) -> str:
    """The page's text without furniture, one block per paragraph (lines joined by spaces,
    hyphen breaks rejoined)."""
    parts = []
    for b in page.blocks:
        if b.kind in FURNITURE_KINDS:
            continue
        words = (word_reading_text(w) for w in b.words)
        parts.append(" ".join(t for t in words if t))
    return "\n\n".join(parts)
