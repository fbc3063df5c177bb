"""Plain-text export: clean.txt, pages.tsv and toc.tsv (the contract in the benchmark README).

Renders the reading flow (`ingest.export.flow`) of the body pages, so human corrections (a corrected
word, a block kind changed by hand) are what comes out and the reading order is the one every
format shares. Front matter (the pages before the first page of the body), furniture, Contents
entries and `other` blocks (contents leaders, scanner noise) are left out; each heading and
paragraph is one line (a block that keeps its printed lines, verse, has them on lines of its own);
footnote calls are `[^N]`, with the notes after a `Notes` line. Deterministic: the same pages give
the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ingest.atomic import atomic_write
from ingest.export.flow import Inline, LineBreak, NoteRef, reading_flow
from ingest.export.snapshot import Snapshot
from ingest.model import BlockKind, Page

#: Blocks that are not reading text: contents entries (toc.tsv has them), leaders, notes under
#: contents entries, scanner noise.
LEFT_OUT = frozenset({BlockKind.TOC_ENTRY, BlockKind.OTHER})


@dataclass(frozen=True)
class TextExport:
    clean: str
    pages_tsv: str
    toc_tsv: str


def first_body_index(pages: Sequence[Page]) -> int:
    """Position (in `pages`) of the first body page: the page after the last contents page, or the
    page of the earliest heading a contents entry links to if that comes first; else the first
    page with an arabic label; else the first page. (The earliest linked heading alone would drop
    the pages of a first chapter whose contents entry OCR could not link.)"""
    pos = {b.id: i for i, p in enumerate(pages) for b in p.blocks}
    targets = [
        pos[b.target] for p in pages for b in p.blocks if b.kind is BlockKind.TOC_ENTRY and b.target in pos
    ]
    contents = [i for i, p in enumerate(pages) if any(b.kind is BlockKind.TOC_ENTRY for b in p.blocks)]
    contents = [i for i in contents if i < len(pages) / 2]  # a contents at the back ends no front matter
    if contents or targets:
        return min(targets + ([contents[-1] + 1] if contents else []))
    for i, p in enumerate(pages):
        if p.label and p.label.isdigit():
            return i
    return 0


def _text(inlines: list[Inline]) -> str:
    parts: list[str] = []
    for x in inlines:
        if isinstance(x, str):
            parts.append(x.lstrip(" ") if parts and parts[-1] == "\n" else x)
        elif isinstance(x, NoteRef):
            parts.append(f"[^{x.number}]")
        elif isinstance(x, LineBreak):
            parts.append("\n")
    return "".join(parts)


def render_text(pages: Sequence[Page]) -> TextExport:
    pages = sorted(pages, key=lambda p: p.index)
    flow = reading_flow(pages[first_body_index(pages) :], leave_out=LEFT_OUT)
    body = [text for text in (_text(b.inlines) for b in flow.blocks) if text]
    clean = "\n\n".join(body)
    if flow.notes:
        clean += "\n\nNotes\n\n" + "\n\n".join(
            f"[^{n.number}]: {_text(n.inlines)}" for n in flow.notes.values()
        )
    clean += "\n"
    pages_tsv = "".join(f"{p.index}\t{p.label or ''}\n" for p in pages)
    return TextExport(clean=clean, pages_tsv=pages_tsv, toc_tsv=_toc(pages))


def _toc(pages: Sequence[Page]) -> str:
    """One row per contents entry: level, title as printed in the contents (repaired by cleanup:
    leaders and page number removed), page (the linked heading's page label when linked)."""
    blocks = {b.id: b for p in pages for b in p.blocks}
    rows = []
    for p in pages:
        for b in p.blocks:
            if b.kind is not BlockKind.TOC_ENTRY:
                continue
            target = blocks.get(b.target) if b.target else None
            # an entry without a repaired title (not made by cleanup) names its heading's text
            title = b.title or " ".join(ln.text for ln in (target.lines if target is not None else b.lines))
            rows.append(f"{b.level or 1}\t{' '.join(title.split())}\t{b.target_label or ''}\n")
    return "".join(rows)


def write_text(snapshot: Snapshot, out_dir: Path) -> list[Path]:
    """Write the snapshot's clean.txt, pages.tsv and toc.tsv into `out_dir`."""
    return write_rendered(render_text([e.page for e in snapshot.pages]), out_dir)


def write_rendered(export: TextExport, out_dir: Path) -> list[Path]:
    """Write a rendered text export's three files into `out_dir`, each atomically (`atomic_write`)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in (
        ("clean.txt", export.clean),
        ("pages.tsv", export.pages_tsv),
        ("toc.tsv", export.toc_tsv),
    ):
        path = out_dir / name
        atomic_write(path, text)
        written.append(path)
    return written
