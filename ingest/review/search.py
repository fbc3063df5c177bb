"""Find and replace across a volume, with one undo for a whole replace."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

import regex
import regex as _regex

from ingest.errors import InputError
from ingest.model import Page, Revision, RevisionReason
from ingest.review.editing import content_changed, edit_block_text
from ingest.review.users import User, require
from ingest.store import Store

# --- find and replace -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    page_id: int
    page_index: int
    label: str | None
    revision_id: int
    block_id: str
    start: int  # character offsets into the block's text (lines joined by newlines)
    end: int
    before: str
    match: str
    after: str

    @property
    def id(self) -> str:
        return f"{self.page_id}:{self.block_id}:{self.start}"


#: Longest pattern or replacement accepted (characters).
MAX_PATTERN = 1000


def pattern_seconds() -> float:
    """Time one search (or one replace) may spend matching, in seconds (QUIRE_PATTERN_SECONDS)."""
    try:
        return max(0.05, float(os.environ.get("QUIRE_PATTERN_SECONDS", "2")))
    except ValueError:
        return 2.0


class _Deadline:
    """The matching time left to one search (time spent matching, not reading pages); matching
    runs without the interpreter lock (`concurrent=True`), so other users' pages are served
    while a pattern runs."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.spent = 0.0

    def left(self) -> float:
        left = self.seconds - self.spent
        if left <= 0:
            raise self.error()
        return left

    def charge(self, started: float) -> None:
        self.spent += time.monotonic() - started

    def error(self) -> InputError:
        return InputError(
            f"the pattern took more than {self.seconds:g} s and was stopped; make it more specific "
            "(nested repeats such as (a|b)* or (.*)* try every way to match)"
        )


def compile_pattern(pattern: str, *, regex: bool, case: bool) -> regex.Pattern[str]:
    if not pattern:
        raise InputError("type something to find")
    if len(pattern) > MAX_PATTERN:
        raise InputError(f"the pattern is longer than {MAX_PATTERN} characters")
    flags = regex_flags(case)
    try:
        return _regex.compile(pattern if regex else _regex.escape(pattern), flags)
    except (_regex.error, ValueError, OverflowError, RecursionError) as exc:
        raise InputError(f"the regular expression is not valid: {exc}") from None


def regex_flags(case: bool) -> int:
    return _regex.VERSION0 | (0 if case else _regex.IGNORECASE)


def _finditer(rx: regex.Pattern[str], text: str, deadline: _Deadline) -> Iterator[regex.Match[str]]:
    started = time.monotonic()
    try:
        found = list(rx.finditer(text, concurrent=True, timeout=deadline.left()))
    except TimeoutError:
        raise deadline.error() from None
    finally:
        deadline.charge(started)
    yield from found


RevisionLoader = Callable[[int], Page]


def find_in_volume(
    store: Store,
    volume_id: int,
    pattern: str,
    *,
    regex: bool = False,
    case: bool = False,
    load: RevisionLoader | None = None,
    context: int = 40,
    limit: int = 5000,
) -> list[Hit]:
    """Every match of `pattern` in the current text of the volume, in page and block order."""
    rx = compile_pattern(pattern, regex=regex, case=case)
    load = load or (lambda rid: store.revision(rid).page)
    deadline = _Deadline(pattern_seconds())
    hits: list[Hit] = []
    for info in store.iter_pages(volume_id):
        if info.current_revision_id is None:
            continue
        page = load(info.current_revision_id)
        for b in page.blocks:
            text = b.text
            for m in _finditer(rx, text, deadline):
                if m.end() == m.start():
                    continue  # empty matches replace nothing
                hits.append(
                    Hit(
                        info.id,
                        info.index,
                        info.label,
                        info.current_revision_id,
                        b.id,
                        m.start(),
                        m.end(),
                        text[max(0, m.start() - context) : m.start()],
                        m.group(0),
                        text[m.end() : m.end() + context],
                    )
                )
                if len(hits) >= limit:
                    return hits
    return hits


@dataclass(frozen=True)
class ReplaceResult:
    group_id: str
    revisions: tuple[Revision, ...]
    skipped: tuple[str, ...]  # why pages were left alone ("page 7 changed since the search")

    @property
    def changed_pages(self) -> int:
        return len(self.revisions)


def _replace_in_text(
    text: str,
    hits: Sequence[Hit],
    rx: regex.Pattern[str],
    replacement: str,
    regex: bool,
    deadline: _Deadline,
) -> str:
    for h in sorted(hits, key=lambda h: h.start, reverse=True):
        started = time.monotonic()
        try:
            m = rx.match(text, h.start, concurrent=True, timeout=deadline.left())
        except TimeoutError:
            raise deadline.error() from None
        finally:
            deadline.charge(started)
        if m is None or m.end() != h.end:
            continue
        if regex:
            try:
                new = m.expand(replacement)
            except (IndexError, _regex.error, ValueError) as exc:
                raise InputError(
                    f"the replacement {replacement!r} is not valid for this pattern ({exc}); "
                    "use \\1 or \\g<name> only for groups the pattern has"
                ) from None
        else:
            new = replacement
        text = text[: h.start] + new + text[h.end :]
    return text


def replace_hits(
    store: Store,
    hits: Sequence[Hit],
    pattern: str,
    replacement: str,
    *,
    regex: bool = False,
    case: bool = False,
    user: User,
) -> ReplaceResult:
    """Replace the chosen hits: one revision per changed page (reason `replace-all`), all sharing
    one group id so that `undo_replace` can revert them together, written in one transaction. A
    page saved since the search is left alone and reported; a page saved while the replace is
    being written makes the whole replace fail with StoreConflict, with nothing written."""
    require(user, "find_replace")
    if len(replacement) > MAX_PATTERN:
        raise InputError(f"the replacement is longer than {MAX_PATTERN} characters")
    rx = compile_pattern(pattern, regex=regex, case=case)
    deadline = _Deadline(pattern_seconds())
    by_page: dict[int, list[Hit]] = {}
    for h in hits:
        by_page.setdefault(h.page_id, []).append(h)
    writes: list[tuple[int, Page, int | None]] = []
    skipped: list[str] = []
    for page_id, page_hits in by_page.items():
        current = store.current(page_id)
        index = page_hits[0].page_index
        if any(h.revision_id != current.id for h in page_hits):
            skipped.append(f"page {index} changed since the search; search again")
            continue
        page = current.page
        by_block: dict[str, list[Hit]] = {}
        for h in page_hits:
            by_block.setdefault(h.block_id, []).append(h)
        for bid, bh in by_block.items():
            new_text = _replace_in_text(page.block(bid).text, bh, rx, replacement, regex, deadline)
            page = edit_block_text(page, bid, new_text)
        if content_changed(page, current.page):
            writes.append((page_id, page, current.id))
    group = store.new_group_id()
    note = f"replace {pattern!r} with {replacement!r}" + (" (regex)" if regex else "")
    revisions = store.save_revisions(
        writes, author=user.name, reason=RevisionReason.REPLACE_ALL, note=note[:500], group_id=group
    )
    return ReplaceResult(group, tuple(revisions), tuple(skipped))


def undo_replace(store: Store, group_id: str, *, user: User) -> ReplaceResult:
    """Revert every page a replace changed, as new `revert` revisions (one new shared group id),
    in one transaction. A page edited after the replace is left alone and reported."""
    require(user, "find_replace")
    group = store.new_group_id()
    writes: list[tuple[int, Page, int | None]] = []
    skipped: list[str] = []
    for rev in store.revisions_in_group(group_id):
        current = store.current(rev.page_id)
        if current.id != rev.id:
            skipped.append(f"page {rev.page.index} was edited after the replace; revert it in History")
            continue
        if rev.base_id is None:
            continue
        before = store.revision(rev.base_id).page
        writes.append((rev.page_id, replace(before, status=current.page.status), current.id))
    revisions = store.save_revisions(
        writes,
        author=user.name,
        reason=RevisionReason.REVERT,
        note=f"undo replace {group_id[:8]}",
        group_id=group,
    )
    return ReplaceResult(group, tuple(revisions), tuple(skipped))
