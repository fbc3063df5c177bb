"""Markdown: headings as `#` levels, one paragraph per block, footnotes as `[^N]` with their notes
at the end, Contents entries as links to the headings, page starts as HTML anchors with a comment.

CommonMark plus the footnote extension (GitHub, Pandoc, markdown-it with mdit-py-plugins). Anchors
are inline HTML (`<a id="…"></a>`) so that they work without the attribute extension.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

from ingest.export.flow import (
    Flow,
    FlowBlock,
    Inline,
    LineBreak,
    NoteRef,
    PageBreak,
    reading_flow,
    toc_title,
)
from ingest.export.snapshot import Snapshot
from ingest.model import BlockKind

_ESCAPE = re.compile(r"([\\`*_\[\]<>|])")
_LINE_START = re.compile(r"^(#{1,6}\s|[>+\-=]|\d+[.)]\s)")


def escape(text: str) -> str:
    """Escape characters that Markdown would read as markup; keep ordinary punctuation."""
    text = _ESCAPE.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: "\\" + m.group(0), text)


def page_anchor(brk: PageBreak) -> str:
    label = f"page {brk.label}" if brk.label else "unnumbered page"
    return f'<a id="{brk.stem}"></a><!-- {label}, scan {brk.index} -->'


def _inline(inlines: list[Inline], notes: Collection[int]) -> str:
    parts: list[str] = []
    for x in inlines:
        if isinstance(x, NoteRef):
            # a call whose note was not found keeps its printed mark
            parts.append(f"[^{x.number}]" if x.number in notes else escape(x.marker))
        elif isinstance(x, LineBreak):
            parts.append("\\\n")
        elif isinstance(x, PageBreak):
            parts.append(" " + page_anchor(x) + " ")
        else:
            parts.append(escape(x))
    text = re.sub(r"  +", " ", "".join(parts))
    return re.sub(r"\\\n +", lambda _: "\\\n", text).strip()


def render_markdown(flow: Flow, title: str = "") -> str:
    """The flow as Markdown; `title` goes into a leading comment (front matter is not CommonMark)."""
    headings = {b.id for b in flow.headings}
    out: list[str] = []
    if title:
        out.append(f"<!-- {title.replace('--', '- -')} -->")
    for item in flow.items:
        if isinstance(item, PageBreak):
            out.append(page_anchor(item))
            continue
        out.append(_block(item, headings, flow.notes))
    if flow.notes:
        out.append("---")
        for note in flow.notes.values():
            out.append(f"[^{note.number}]: {_inline(note.inlines, flow.notes)}")
    return "\n\n".join(x for x in out if x) + "\n"


def _block(block: FlowBlock, headings: set[str], notes: Collection[int]) -> str:
    if block.kind is BlockKind.HEADING:
        level = max(1, min(6, block.level))
        return f'{"#" * level} <a id="{block.id}"></a>{_inline(block.inlines, notes)}'
    if block.kind is BlockKind.TOC_ENTRY:
        title = escape(toc_title(block))
        page = f" — {escape(block.target_label)}" if block.target_label else ""
        indent = "  " * (max(1, block.level) - 1)
        if block.target and block.target in headings:
            return f"{indent}- [{title}](#{block.target}){page}"
        return f"{indent}- {title}{page}"
    return _inline(block.inlines, notes)


def write_markdown(snapshot: Snapshot, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    flow = reading_flow(p.page for p in snapshot.pages)
    path = out_dir / f"{snapshot.volume}.md"
    path.write_text(render_markdown(flow, snapshot.metadata.title), encoding="utf-8")
    return [path]
