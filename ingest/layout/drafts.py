"""The cleanup's working state: draft blocks per page, and how decisions are recorded on them.

A `Draft` is a block being built (mutable until ids are assigned and it is frozen into a `Block`);
a `PageWork` holds one page's lines, frame, drafts and decisions while the volume is cleaned.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ingest.layout import toc
from ingest.layout.geometry import PageFrame
from ingest.layout.order import Flow, PageOrder
from ingest.model import BBox, Block, BlockKind, Decision, Line, Page, block_id
from ingest.model import line_of as line_of  # the layout modules import it from here

if TYPE_CHECKING:
    from ingest.layout.dropcaps import Moved
    from ingest.layout.figures import Joined


@dataclass(slots=True)
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
    title: str | None = None
    id: str = ""
    region: str = "body"  # head | body | notes | foot
    reason: str = ""
    entry: toc.Entry | None = None
    frame: PageFrame | None = None  # the column it was read in (None: the page's frame)
    verse: bool = False  # a verse stanza: its printed lines are kept

    @property
    def text(self) -> str:
        return " ".join(ln.text for ln in self.lines)


@dataclass
class PageWork:
    """One page while the volume is cleaned."""

    page: Page
    lines: list[Line]
    frame: PageFrame
    drafts: list[Draft] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    report: dict[str, Any] = field(default_factory=dict)
    contents: bool = False
    # a page listing the titles of later pages and nothing else (`pagefurniture.lists_titles`)
    titles_only: bool = False
    page_label: str | None = None
    specks: list[Line] = field(default_factory=list)  # margin specks left out of `lines`
    order: PageOrder | None = None  # the page's reading order (flows, whether it is a book page)
    column_joins: list[tuple[Draft, Draft]] = field(default_factory=list)  # (continued, continuing)
    drop_caps: list[Moved] = field(default_factory=list)  # capitals joined or moved to their line
    figure_joins: list[Joined] = field(default_factory=list)  # numbers OCR read as two figure groups

    @property
    def book(self) -> bool:
        """Whether the page is cleaned as a book page (else it keeps Tesseract's reading)."""
        return self.order is None or self.order.book

    @property
    def flows(self) -> list[Flow]:
        return self.order.flows if self.order is not None else []

    @property
    def columns(self) -> bool:
        """Whether the page is read in columns (its frame is the whole body's, not one column's)."""
        return self.order is not None and bool(self.order.gutters)

    def frame_of(self, d: Draft) -> PageFrame:
        return d.frame or self.frame

    def decide(
        self, kind: str, targets: tuple[str, ...], detail: str, data: dict[str, Any], *, id: str = ""
    ) -> Decision:
        """Record a decision on this page. Its id is `kind:page:n` unless given (a decision that is
        recorded on two pages carries the same id on both, so undo can pair them)."""
        n = sum(1 for d in self.decisions if d.kind == kind) + 1
        d = Decision(kind, targets, detail, data, id or f"{kind}:{self.page.index}:{n}")
        self.decisions.append(d)
        return d

    def next_block_id(self) -> str:
        """A block id no draft of the page has yet, for a block added after `links.assign_ids`:
        one past the highest number given (drafts may have been inserted out of order)."""
        taken = [int(n) for d in self.drafts if (n := d.id.rpartition("-b")[2]).isdigit()]
        return block_id(self.page.index, max(taken, default=len(self.drafts)) + 1)

    def body_drafts(self) -> list[Draft]:
        """The page's body paragraphs and headings in reading order."""
        return [
            d
            for d in self.drafts
            if d.region == "body" and d.kind in (BlockKind.PARAGRAPH, BlockKind.HEADING)
        ]


def set_word(d: Draft, li: int, wi: int, **changes: Any) -> None:
    """Replace fields of word `wi` of line `li` of the draft."""
    ln = d.lines[li]
    words = list(ln.words)
    words[wi] = dataclasses.replace(words[wi], **changes)
    d.lines[li] = Line(words=tuple(words), bbox=ln.bbox)


def drop_word(w: PageWork, d: Draft, li: int, wi: int, kind: str, detail: str) -> None:
    """Word `wi` of line `li` of the draft (not its line's only word) leaves it for the page's
    noise (`PageWork.specks`), with a decision `kind` that puts it back, said by `detail` (a
    template: `{!r}` stands for the word's text)."""
    ln = d.lines[li]
    speck = ln.words[wi]
    kept = ln.words[:wi] + ln.words[wi + 1 :]
    d.lines[li] = Line(words=kept, bbox=BBox.enclosing([x.bbox for x in kept]))
    w.specks.append(Line(words=(speck,), bbox=speck.bbox))
    w.decide(
        kind,
        (d.id,),
        detail.format(speck.text),
        {"block": d.id, "line": li, "word": wi, "speck": speck.text, "bbox": list(speck.bbox.as_tuple())},
    )


#: The fields a draft hands on to its block under the same name (lines and box are made here).
_CARRIED = tuple(f.name for f in dataclasses.fields(Block) if f.name not in ("lines", "bbox"))


def freeze(d: Draft) -> Block:
    lines = tuple(ln for ln in d.lines if ln.words)
    carried = {name: getattr(d, name) for name in _CARRIED}
    return Block(lines=lines, bbox=BBox.enclosing([ln.bbox for ln in lines]), **carried)


def line_above(w: PageWork, drafts: Sequence[Draft]) -> Line | None:
    """The line above the last draft's last line: its own line before, or for a one-line paragraph
    the last line of the paragraph above it in the same frame (a stanza's first line, set off by
    space, shows its run with the stanza above)."""
    last = drafts[-1]
    if len(last.lines) > 1:
        return last.lines[-2]
    before = drafts[-2] if len(drafts) > 1 else None
    if before is None or before.kind is not BlockKind.PARAGRAPH or w.frame_of(before) != w.frame_of(last):
        return None
    return before.lines[-1]


def line_below(w: PageWork, drafts: Sequence[Draft]) -> Line | None:
    """The line below the first draft's first line: its own next line, or for a one-line paragraph
    the first line of the paragraph below it in the same frame (a stanza's last line, set off by
    space from the next stanza, shows its run with that stanza)."""
    first = drafts[0]
    if len(first.lines) > 1:
        return first.lines[1]
    after = drafts[1] if len(drafts) > 1 else None
    if after is None or after.kind is not BlockKind.PARAGRAPH or w.frame_of(after) != w.frame_of(first):
        return None
    return after.lines[0]
