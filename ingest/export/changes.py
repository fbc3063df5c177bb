"""What differs between two exports: the CHANGES file of a version and `quire diff`.

Both work from revision ids (every version records the revision of each page), so they need
neither version's files: the store keeps every revision.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ingest.model import Page

#: How many word-level edits a CHANGES entry spells out before summing up the rest.
MAX_EDITS_SHOWN = 5
#: Longest quoted run of words in an edit summary.
MAX_QUOTE = 60


@dataclass(frozen=True)
class VersionRecord:
    """What a version was made from: enough to compare it with another one."""

    version: int
    formats: tuple[str, ...]
    options: dict[str, Any]
    metadata: dict[str, str]
    pages: dict[str, int]  # scan index (str) → revision id


def page_words(page: Page) -> list[str]:
    return [w.text for b in page.blocks for ln in b.lines for w in ln.words]


def page_lines(page: Page) -> list[str]:
    return [ln.text for b in page.blocks for ln in b.lines]


def _quote(words: list[str]) -> str:
    s = " ".join(words)
    return f'"{s[:MAX_QUOTE]}…"' if len(s) > MAX_QUOTE else f'"{s}"'


def word_diff_summary(old: Page, new: Page) -> str:
    """A short account of the text edits between two revisions of a page."""
    a, b = page_words(old), page_words(new)
    ops = [op for op in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes() if op[0] != "equal"]
    if not ops:
        return "layout or structure only, text unchanged"
    parts = []
    for tag, i1, i2, j1, j2 in ops[:MAX_EDITS_SHOWN]:
        if tag == "replace":
            parts.append(f"{_quote(a[i1:i2])} → {_quote(b[j1:j2])}")
        elif tag == "delete":
            parts.append(f"deleted {_quote(a[i1:i2])}")
        else:
            parts.append(f"inserted {_quote(b[j1:j2])}")
    if len(ops) > MAX_EDITS_SHOWN:
        parts.append(f"and {len(ops) - MAX_EDITS_SHOWN} more edit(s)")
    return "; ".join(parts)


def changes_text(
    volume: str,
    new: VersionRecord,
    old: VersionRecord | None,
    load: Callable[[int], tuple[Page, str]],
) -> str:
    """The CHANGES file of `new`. `load(revision_id)` gives (page, "who, why") of a revision."""
    head = f"Quire export v{new.version} of volume {volume}"
    if old is None:
        return f"{head}\nFirst version: {len(new.pages)} page(s); formats: {', '.join(new.formats)}.\n"
    out = [f"{head}, compared with v{old.version}", ""]
    if new.formats != old.formats:
        out.append(f"Formats: {', '.join(old.formats)} → {', '.join(new.formats)}")
    if new.options != old.options:
        out.append(f"Options: {_kv(old.options)} → {_kv(new.options)}")
    meta = [
        k for k in sorted(set(new.metadata) | set(old.metadata)) if new.metadata.get(k) != old.metadata.get(k)
    ]
    for k in meta:
        out.append(f"Metadata {k}: {old.metadata.get(k, '')!r} → {new.metadata.get(k, '')!r}")
    added = sorted((k for k in new.pages if k not in old.pages), key=int)
    removed = sorted((k for k in old.pages if k not in new.pages), key=int)
    changed = sorted((k for k in new.pages if k in old.pages and new.pages[k] != old.pages[k]), key=int)
    out.append(f"Pages changed: {len(changed)}; added: {len(added)}; removed: {len(removed)}")
    for k in changed:
        old_page, _ = load(old.pages[k])
        new_page, who = load(new.pages[k])
        label = f" (printed {new_page.label})" if new_page.label else ""
        out.append(f"  page {k}{label}: revision {old.pages[k]} → {new.pages[k]} ({who})")
        out.append(f"    {word_diff_summary(old_page, new_page)}")
    if added:
        out.append(f"  added pages: {', '.join(added)}")
    if removed:
        out.append(f"  removed pages: {', '.join(removed)}")
    return "\n".join(out) + "\n"


def _kv(d: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in sorted(d.items())) or "(none)"


def text_diff(a: VersionRecord, b: VersionRecord, load: Callable[[int], tuple[Page, str]]) -> str:
    """A unified diff, page by page, of the text lines of two versions (only pages that differ)."""
    out: list[str] = []
    keys = sorted(set(a.pages) | set(b.pages), key=int)
    for k in keys:
        ra, rb = a.pages.get(k), b.pages.get(k)
        if ra == rb:
            continue
        la = page_lines(load(ra)[0]) if ra is not None else []
        lb = page_lines(load(rb)[0]) if rb is not None else []
        name_a = f"v{a.version}/page {k} (revision {ra})" if ra is not None else "/dev/null"
        name_b = f"v{b.version}/page {k} (revision {rb})" if rb is not None else "/dev/null"
        diff = list(difflib.unified_diff(la, lb, name_a, name_b, lineterm="", n=1))
        if not diff:
            diff = [f"--- {name_a}", f"+++ {name_b}", "(same text; layout or structure changed)"]
        out.extend(diff)
    if not out:
        return f"v{a.version} and v{b.version} have the same page revisions\n"
    return "\n".join(out) + "\n"
