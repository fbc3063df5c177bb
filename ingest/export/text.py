"""Plain-text export: clean.txt, pages.tsv and toc.tsv (the contract in the benchmark README).

Renders from the model only, so human corrections (a corrected word, a block kind changed by hand)
are what comes out. Front matter (the pages before the first page of the body), furniture and
`other` blocks (contents leaders, scanner noise) are left out; each heading and paragraph is one
line; words broken at a line or page end are written whole; footnote calls become `[^N]`,
numbered 1..N by first reference, with the notes after a `Notes` line. Deterministic: the same
pages give the same bytes.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ingest.model import FURNITURE_KINDS, Block, BlockKind, HyphenPart, Page, Word

_HYPHENS = "-‐¬‑\u00ad"


@dataclass(frozen=True)
class TextExport:
    clean: str
    pages_tsv: str
    toc_tsv: str


def first_body_index(pages: Sequence[Page]) -> int:
    """Position (in `pages`) of the first body page: the page of the earliest heading a contents
    entry links to; else the page after the last contents page; else the first page with an arabic
    label; else the first page."""
    pos = {b.id: i for i, p in enumerate(pages) for b in p.blocks}
    targets = [
        pos[b.target] for p in pages for b in p.blocks if b.kind is BlockKind.TOC_ENTRY and b.target in pos
    ]
    if targets:
        return min(targets)
    contents = [i for i, p in enumerate(pages) if any(b.kind is BlockKind.TOC_ENTRY for b in p.blocks)]
    if contents:
        return contents[-1] + 1
    for i, p in enumerate(pages):
        if p.label and p.label.isdigit():
            return i
    return 0


class _Writer:
    """Accumulates body blocks and notes, carrying a broken word over block and page ends."""

    def __init__(self) -> None:
        self.body: list[list[str]] = []
        self.body_kind: list[BlockKind] = []
        self.notes: dict[str, list[str]] = {}
        self.note_order: list[str] = []
        self.numbers: dict[str, int] = {}
        self.last_note: str | None = None
        # per stream (body, notes): the START half of a broken word waiting for its END half, which
        # may come after the page's notes (body) or after the next page's body (notes)
        self.pending: dict[str, tuple[list[str], int, Word] | None] = {"body": None, "notes": None}

    def number(self, key: str) -> int:
        if key not in self.numbers:
            self.numbers[key] = len(self.numbers) + 1
        return self.numbers[key]

    def words(self, out: list[str], words: Sequence[Word], *, calls: bool) -> None:
        stream = "body" if calls else "notes"
        for w in words:
            pending = self.pending[stream]
            if w.hyphen is HyphenPart.END and pending is not None:
                toks, k, start = pending
                toks[k] = _whole(start, w)
                self.pending[stream] = None
                if calls and w.marker:
                    toks[k] += self.call(w)
                continue
            if not w.text and w.marker:  # a call that was a token of its own: after the word before it
                if calls and out:
                    out[-1] += self.call(w)
                continue
            if w.hyphen is HyphenPart.START:
                out.append(w.text)
                self.pending[stream] = (out, len(out) - 1, w)
            else:
                self.pending[stream] = None if w.hyphen is None else pending
                if out and _closed_dash(out[-1], w.text):
                    out[-1] += w.text  # "necessary" / "—just": an em dash set closed, broken at a line end
                else:
                    out.append(w.text)
            if calls and w.marker:
                out[-1] += self.call(w)

    def call(self, w: Word) -> str:
        key = w.note_id or f"marker:{w.marker}"
        return f"[^{self.number(key)}]"


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
    return start.text.rstrip(_HYPHENS) + end.text


def render_text(pages: Sequence[Page]) -> TextExport:
    pages = sorted(pages, key=lambda p: p.index)
    start = first_body_index(pages)
    wr = _Writer()
    for p in pages[start:]:
        for b in p.blocks:
            if b.kind in FURNITURE_KINDS or b.kind is BlockKind.TOC_ENTRY:
                continue
            if b.kind is BlockKind.OTHER:
                continue  # leaders, notes under contents entries, scanner noise: not reading text
            if b.kind is BlockKind.FOOTNOTE:
                _note(wr, b)
                continue
            if (
                b.continues
                and b.kind is BlockKind.PARAGRAPH
                and wr.body
                and wr.body_kind[-1] is BlockKind.PARAGRAPH
            ):
                out = wr.body[-1]
            else:
                out = []
                wr.body.append(out)
                wr.body_kind.append(b.kind)
            wr.words(out, b.words, calls=True)
    body = [" ".join(toks) for toks in wr.body if toks]
    # notes: referenced ones by first reference, then the others in page order
    for key in wr.note_order:
        wr.number(key)
    by_number = sorted(((n, key) for key, n in wr.numbers.items()), key=lambda x: x[0])
    note_blocks = [
        f"[^{n}]: {' '.join(wr.notes[key])}" for n, key in by_number if key in wr.notes and wr.notes[key]
    ]
    clean = "\n\n".join(body)
    if note_blocks:
        clean += "\n\nNotes\n\n" + "\n\n".join(note_blocks)
    clean += "\n"
    pages_tsv = "".join(f"{p.index}\t{p.label or ''}\n" for p in pages)
    return TextExport(clean=clean, pages_tsv=pages_tsv, toc_tsv=_toc(pages))


def _note(wr: _Writer, b: Block) -> None:
    if b.continues and wr.last_note is not None:
        key = wr.last_note
    else:
        key = b.id
        wr.notes.setdefault(key, [])
        wr.note_order.append(key)
    wr.last_note = key
    words = list(b.words)
    # the note's own marker (the first word, "4." or "*") is its label, not its text; a speck
    # before it (no letters or digits) goes with it
    if words and b.marker and not b.continues:
        if len(words) > 2 and not any(c.isalnum() or c == b.marker for c in words[0].text):
            words = words[1:]
        first = words[0]
        if first.text[:1] == b.marker and len(first.text.rstrip(".)")) > 1:
            words[0] = replace(first, text=first.text[1:])
        else:
            words = words[1:]
    wr.words(wr.notes[key], words, calls=False)


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


def write_text(pages: Sequence[Page], out_dir: Path) -> list[Path]:
    """Write clean.txt, pages.tsv and toc.tsv into `out_dir`, each atomically (temp file + rename)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    export = render_text(pages)
    written = []
    for name, text in (
        ("clean.txt", export.clean),
        ("pages.tsv", export.pages_tsv),
        ("toc.tsv", export.toc_tsv),
    ):
        path = out_dir / name
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=out_dir)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        written.append(path)
    return written
