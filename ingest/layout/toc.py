"""Table of contents: recognise contents pages, parse entries, link them to headings.

OCR turns dotted leaders into letter soup ("....... . .", "cescccsss", "~"); an entry is a title,
optional leader soup and a printed page (arabic or roman, possibly misread or lost). Entries may
wrap over two lines; nesting follows the indent. Entries are linked to the volume's headings in order,
scoring title similarity and agreement of the printed page with the heading page's label.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from ingest.layout.furniture import parse_folio
from ingest.layout.geometry import PageFrame, VolumeMetrics, align_in_order
from ingest.layout.leaders import (
    LEAD_SOUP,
    LEADER_START,
    has_leader_dots,
    is_leader_speck,
    is_soup,
    is_unread_soup,
    is_unread_tail,
)
from ingest.model import Line, Word

CONTENTS_TITLES = (
    "contents",
    "table of contents",
    "inhalt",
    "inhaltsverzeichnis",
    "table des matières",
    "table des matieres",
    "sommaire",
    "indice",
    "índice",
    "inhoud",
    "spis treści",
)


@dataclass(frozen=True)
class Entry:
    """A parsed contents entry: title words and the other (leader, page) words per source line, the
    printed page (None when OCR lost it), level by indent."""

    title: str
    title_words: tuple[tuple[int, int], ...]  # (line index, word index) pairs of the title
    label: str | None
    level: int
    lines: tuple[int, ...]
    confidence: float = 1.0  # mean OCR confidence of the title words
    leader: bool = False  # the entry's last line shows leader dots
    dropped: str = ""  # what the title's last line reads after the title, up to the leader's dots
    dropped_confidence: float = 1.0  # OCR's confidence in the first word of `dropped`


def is_contents_title(line: Line, *, min_ratio: float = 85) -> bool:
    """Whether the line is a contents page's title, the specks and quotes OCR reads around it
    (". Contents ..", "- ‘Contents", "_ Contents = _ |": an underscore is a speck or a rule's
    end, never a title's letter) left out."""
    words = re.sub(r"[^\w\s]|_", " ", line.text).split()
    t = " ".join(words).lower()
    if words and words[0][0].islower():
        # a word set lower-case is the end of a sentence ("content."), not a page's title: only the
        # title itself, read exactly, is taken in lower case
        return t in CONTENTS_TITLES
    return any(fuzz.ratio(t, c) >= min_ratio for c in CONTENTS_TITLES)


def split_entry_line(line: Line, right: float | None = None) -> tuple[list[int], str | None]:
    """(indices of title words, printed page) of one contents line: the trailing page token, then
    leader soup (a dot run and whatever follows it, or soup tokens) cut off the end. `right`: the
    page's right edge, where pages stand flush (see `_title_figure`)."""
    words = [w.text for w in line.words]
    label = None
    end = len(words)
    # a page number follows the leader: a number followed by dots ("1930...") or by a comma is text
    if end >= 2 and not re.search(r"([.·•…]{2,}|[,;])$", words[-1]):
        readings = parse_folio(words[-1])
        exact = [f for f in readings if f.exact]
        if readings and not _title_figure(line, right):
            f = (exact or readings)[0]
            label = str(f.value) if f.kind == "arabic" else _roman(f.value)
            end -= 1
    if label is None and words:
        label = glued_page(words[-1])
    if label is None and end >= 2 and _set_apart(line.words[end - 2], line.words[end - 1], line):
        # a token far right of the title, with no leader read between: the page, unreadable ("I$")
        end -= 1
    title_idx: list[int] = []
    for i in range(end):
        text = words[i].lstrip(LEAD_SOUP) if not title_idx else words[i]
        if not title_idx and not text:
            continue  # a leading speck read as "-", ":" or "~"
        if title_idx and is_unread_soup(line.words[i]) and not has_leader_dots(text):
            break  # the leader begins, read as letters
        if title_idx and _dot_sized(line.words[i], line):
            break  # the leader begins, read as letters the size of its dots ("force Pee c cere")
        m = LEADER_START.search(" " + text)
        if m is not None:
            head = (" " + text)[: m.start()].strip()
            # after a title word, round marks and quotes before the dots ("«ooo....") are the
            # leader's first dots misread
            if head and not is_soup(head) and not (title_idx and is_leader_speck(head, max_len=len(head))):
                title_idx.append(i)
            break
        title_idx.append(i)
    while len(title_idx) > 1 and (
        # a title word glued to its leader ("Russia.....cces") is judged by its part before the dots
        is_soup(_before_leader(words[title_idx[-1]]))
        # a word that runs into the leader ("role...") ends the title
        or (is_unread_tail(line.words[title_idx[-1]]) and not has_leader_dots(words[title_idx[-1]]))
    ):
        title_idx.pop()
    while len(title_idx) > 1 and is_soup(words[title_idx[0]]):
        title_idx.pop(0)
    return title_idx, label


def _title_figure(line: Line, right: float | None, *, max_space: float = 1.0) -> bool:
    """Whether a contents line's last token, a number, is its title's last word rather than its
    page: no leader read on the line, the number a word space from the word before it (under
    `max_space` line heights), where a page stands at the leader's end, far right of the title
    ("Chapter 1" whose leader and page OCR lost on a heavy scan), and short of the page's `right`
    edge by more than a line height: a page stands flush right, however close a long title runs
    to it. Without `right` (not known), no number is taken for the title's."""
    if right is None or len(line.words) < 2 or has_leader(line):
        return False
    before, last = line.words[-2], line.words[-1]
    height = max(1, line.bbox.height)
    return last.bbox.x0 - before.bbox.x1 < max_space * height and last.bbox.x1 < right - height


def _dot_sized(word: Word, line: Line, *, share: float = 0.4, unsure: float = 0.5) -> bool:
    """Whether a word of a contents line is leader dots read as letters by its size: read unsure
    (under `unsure`) and under `share` of the median height of the line's words read sure. Dots
    stand a fifth of a title word's height or less; a title word of small letters only ("on",
    "a") stands about half of it."""
    if word.confidence >= unsure:
        return False
    sure = sorted(w.bbox.height for w in line.words if w.confidence >= unsure)
    return bool(sure) and word.bbox.height < share * sure[len(sure) // 2]


def _before_leader(token: str) -> str:
    """The part of a token before its leader dots (all of it when it has none)."""
    m = LEADER_START.search(" " + token)
    return token if m is None else (" " + token)[: m.start()].strip()


def _set_apart(before: Word, last: Word, line: Line, *, min_gap: float = 3.0, max_len: int = 4) -> bool:
    """Whether `last` (at most `max_len` characters) stands at least `min_gap` line heights right of
    the word before it: words of a title are a space apart, the page sits at the end of the leader."""
    return (
        len(last.text) <= max_len
        and not is_soup(last.text)
        and last.bbox.x0 - before.bbox.x1 >= min_gap * max(1, line.bbox.height)
    )


_GLUED_PAGE = re.compile(r"[.·•…]{2,}\s*([0-9ivxlcdm]{1,5})$", re.IGNORECASE)


def glued_page(token: str) -> str | None:
    """The page of a token whose leader dots run into the page number ("For......1"): text layers
    without a space between them give one word."""
    m = _GLUED_PAGE.search(token)
    if m is None:
        return None
    readings = [f for f in parse_folio(m.group(1)) if f.exact]
    if not readings:
        return None
    f = readings[0]
    return str(f.value) if f.kind == "arabic" else _roman(f.value)


def _roman(n: int) -> str:
    from ingest.layout.numerals import int_to_roman

    return int_to_roman(n)


def title_text(line: Line, idx: Sequence[int]) -> str:
    """The title words' text with leaders cut off; what is left of a word before its leader dots
    is left out when it is only the leader's first dots misread (`is_leader_speck`)."""
    out = []
    for k, i in enumerate(idx):
        t = line.words[i].text.lstrip(LEAD_SOUP) if k == 0 else line.words[i].text
        m = LEADER_START.search(" " + t)
        head = (" " + t)[: m.start()].strip() if m else t
        out.append("" if m and k > 0 and is_leader_speck(head) else head)
    return " ".join(x for x in out if x)


def parse_entries(
    lines: Sequence[Line],
    frame: PageFrame,
    metrics: VolumeMetrics,
    *,
    wrap_reach: float = 0.8,
    level_indent: float = 0.7,
) -> list[Entry]:
    """Contents entries from a contents page's lines (its title line removed). A line without a page
    that reaches `wrap_reach` of the column is the first line of a wrapped entry; an entry's level
    grows with each `level_indent` body line heights of indent beyond the leftmost entry. A line
    with neither page nor leader that does not wrap, under an entry that has its page, is a note on
    that entry (an author, a subtitle), not an entry: it is left out (see `is_entry_note`)."""
    if not lines:
        return []
    parsed = [split_entry_line(ln, frame.right) for ln in lines]
    starts = [text_x0(ln.words[idx[0]]) for ln, (idx, _) in zip(lines, parsed, strict=True) if idx]
    left = min(starts) if starts else min(ln.bbox.x0 for ln in lines)
    entries: list[Entry] = []
    pending: list[tuple[int, list[int]]] = []
    line_h = _median([ln.bbox.height for ln in lines])
    for li, ln in enumerate(lines):
        idx, label = parsed[li]
        reach = (ln.bbox.x1 - frame.left) / frame.width
        if (
            label is None
            and reach >= wrap_reach
            and li + 1 < len(lines)
            and not has_leader(ln)
            and not _page_apart(ln, idx, metrics)
            # a box two of the page's lines tall is a wrapped entry read as one line, its leader and
            # page lost: it wraps no further
            and not (not pending and ln.bbox.height >= _TWO_LINES * line_h)
        ):
            pending.append((li, idx))
            continue
        above = ln.bbox.y0 - lines[li - 1].bbox.y0 if li else 0.0
        below = lines[li + 1].bbox.y0 - ln.bbox.y0 if li + 1 < len(lines) else None
        if (
            not pending
            and entries
            and is_entry_note(
                ln,
                label,
                entries[-1],
                reach,
                wrap_reach=wrap_reach,
                previous_line=lines[entries[-1].lines[-1]],
            )
            and (below is None or above < below)
        ):
            continue
        parts = pending + [(li, idx)]
        pending = []
        first_idx = parts[0][1] or [0]
        x0 = text_x0(lines[parts[0][0]].words[first_idx[0]])
        level = 1 + int((x0 - left) / (level_indent * metrics.line_height) >= 1)
        title = repair_title(" ".join(title_text(lines[i], ix) for i, ix in parts).strip())
        words = [lines[i].words[w] for i, ix in parts for w in ix]
        conf = sum(w.confidence for w in words) / len(words) if words else 0.0
        entries.append(
            Entry(
                title,
                tuple((i, w) for i, ix in parts for w in ix),
                label,
                level,
                tuple(i for i, _ in parts),
                conf,
                has_leader(ln),
                _dropped(ln, idx),
                _after_title(ln, idx).confidence if _dropped(ln, idx) else 1.0,
            )
        )
    return entries


#: A contents line this many times the page's median line height holds two printed lines.
_TWO_LINES = 1.7


def _dropped(line: Line, title_idx: Sequence[int]) -> str:
    """The words of a contents line after its title words, up to its page and the leader's dots (a
    title word read so badly it passed for leader soup: "two COnCIIAtOrs 0... eessesc 1")."""
    out = []
    for wd in line.words[title_idx[-1] + 1 if title_idx else 0 :]:
        if glued_page(wd.text) is not None or any(f.exact for f in parse_folio(wd.text)):
            break
        before = _before_leader(wd.text)
        if any(c.isalnum() for c in before):
            out.append(before)
        if before != wd.text:
            break
    return " ".join(out)


def _after_title(line: Line, title_idx: Sequence[int]) -> Word:
    """The first word of a contents line after its title words (its first word without any)."""
    return line.words[title_idx[-1] + 1 if title_idx else 0]


def _page_apart(
    line: Line, title_idx: Sequence[int], metrics: VolumeMetrics, *, min_gap: float = 3.0
) -> bool:
    """Whether the line ends in a token set apart from its title by at least `min_gap` body line
    heights: a page number OCR could not read ("I$"), so the line is a whole entry, not the first
    line of a wrapped one."""
    if not title_idx or title_idx[-1] + 1 >= len(line.words):
        return False
    last_title = line.words[title_idx[-1]]
    return line.words[-1].bbox.x0 - last_title.bbox.x1 >= min_gap * metrics.line_height


_QUOTES = (('"', '"'), ("“", "”"), ("‘", "’"), ("'", "'"))


def repair_title(title: str) -> str:
    """A contents title cleaned of what OCR makes of leaders and specks: tokens without a letter or
    digit ("|", "."), an opening quote that is never closed, and trailing leader dots or commas."""
    toks = [t for t in title.split() if any(c.isalnum() for c in t)]
    if not toks:
        return title.strip()
    text = " ".join(toks)
    for opening, closing in _QUOTES:
        if text.startswith(opening) and text.count(closing) < (2 if opening == closing else 1):
            text = text[1:]
    return text.rstrip(".,:;·") or text


def text_x0(word: Word) -> float:
    """Where a word's text starts, leaving out leading specks and quotes (as a share of its box)."""
    t = word.text
    lead = len(t) - len(t.lstrip(LEAD_SOUP + '"“‘'))
    return word.bbox.x0 + word.bbox.width * lead / max(1, len(t))


def is_entry_note(
    line: Line,
    label: str | None,
    previous: Entry,
    reach: float,
    *,
    wrap_reach: float,
    previous_line: Line | None = None,
) -> bool:
    """Whether a contents line is a note under the previous entry (its author, a subtitle) rather than
    an entry: it shows no page and no leader, does not run to the wrap width, and the entry above
    it is complete (shows its leader and page, so that missing ones mean something). When OCR lost
    the entry's page (leader soup swallows it), the leader alone completes the entry if the line is
    set in smaller type than the entry's `previous_line` (`smaller_type`)."""
    if label is not None or not previous.leader or reach >= wrap_reach or has_leader(line):
        return False
    if previous.label is not None:
        return True
    return previous_line is not None and smaller_type(line, previous_line)


def smaller_type(line: Line, other: Line, *, max_ratio: float = 0.92) -> bool:
    """Whether `line` is set in smaller type than `other`: its size (text layer) or the median
    height of its words with a capital or digit (cap height, so that lowercase-only words and leader
    soup do not count) is at most `max_ratio` of the other's."""
    sa = [w.size for w in line.words if w.size is not None]
    sb = [w.size for w in other.words if w.size is not None]
    if sa and sb:
        return _median(sa) <= max_ratio * _median(sb)
    ha = [w.bbox.height for w in line.words if _capped(w.text)]
    hb = [w.bbox.height for w in other.words if _capped(w.text)]
    return bool(ha and hb) and _median(ha) <= max_ratio * _median(hb)


def _capped(text: str) -> bool:
    return any(c.isupper() or c.isdigit() for c in text) and not is_soup(text)


def _median(xs: Sequence[float]) -> float:
    ys = sorted(xs)
    return float(ys[len(ys) // 2])


def has_leader(line: Line, *, min_width: float = 3.0) -> bool:
    """Whether the line carries leader dots: soup words at least `min_width` line heights wide."""
    soup = sum(
        w.bbox.width
        for w in line.words[1:]
        if LEADER_START.search(" " + w.text) or is_soup(w.text) or is_unread_soup(w)
    )
    return soup >= min_width * max(1, line.bbox.height)


@dataclass(frozen=True)
class HeadingRef:
    """A heading of the volume as seen by linking: block id, text, level, its page's label."""

    id: str
    text: str
    level: int | None
    label: str | None
    title: str | None = None  # the text without a chapter label ("CHAPTER II" / "Title")


def link_entries(
    entries: Sequence[Entry], headings: Sequence[HeadingRef], *, min_title: float = 60, page_bonus: float = 60
) -> list[int | None]:
    """For each entry, the index of the heading it names, keeping both in order (an alignment that
    maximises title similarity plus `page_bonus` when the printed page equals the heading page's
    label). A pair scoring below `min_title` (with the bonus) is not a link. An entry whose title has
    no letter scores just above `min_title` with any heading, so it takes the heading left between
    its neighbours' links (and lets a neighbour take a better one)."""
    n, m = len(entries), len(headings)

    def score(e: Entry, h: HeadingRef) -> float:
        # a title OCR left without a letter ("- —") may stand for any heading, just above the bar
        if _readable(e.title):
            s = max(fuzz.ratio(norm(e.title), norm(t)) for t in (h.text, h.title or h.text))
        else:
            s = min_title + 1

        if e.label is not None and h.label is not None and e.label == h.label:
            s += page_bonus
        return s if s >= min_title else -1.0

    def pair(i: int, j: int) -> float | None:
        s = score(entries[i], headings[j])
        return s if s >= 0 else None

    return align_in_order(n, m, pair)


def _readable(title: str) -> bool:
    return any(c.isalpha() for c in title)


def title_agrees(title: str, heading: str, *, min_ratio: float = 90) -> bool:
    """Whether a contents title as read names the heading: equal (fuzzy ratio at least `min_ratio`)
    once a leading section number ("II.", "3)") that the heading may not repeat is set aside."""
    t, h = norm(title), norm(heading)
    bare = norm(re.sub(r"^\S{1,6}[.)]\s+", "", title.strip()))
    return fuzz.ratio(t, h) >= min_ratio or (bool(bare) and fuzz.ratio(bare, h) >= min_ratio)


def norm(s: str) -> str:
    """A title for comparing: lower case, punctuation left out, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", "", s.lower())).strip()
