"""Headings and contents entries that the volume's contents and headings vouch for each other.

Segmentation judges each page alone: a contents line without a leader or page number that OCR could
read looks like a note under the entry above it (an author, a subtitle), and a heading set like body
text (a section title at body size, a warped photograph) stays the first line of a paragraph. The
volume as a whole has better evidence: a contents note whose text is the text of a heading printed
after the contents is an entry, and a contents entry that no heading answers names the paragraph
line after the contents whose whole text is its title. Both run once the pages are segmented,
before the drafts get their ids, so the contents links and the heading decisions see the result.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import replace

from rapidfuzz import fuzz

from ingest.layout import headings, leaders, toc
from ingest.layout.drafts import Draft, PageWork
from ingest.layout.geometry import VolumeMetrics
from ingest.model import BlockKind, Line


def heading_title(d: Draft) -> str:
    """A heading's title as a contents entry names it: a labelled heading ("CHAPTER II" / "Title")
    without its label line, whether the label was joined to its title (`headings.join_labels`) or
    found with it as one heading."""
    return " ".join(ln.text for ln in _title_lines(d))


def _title_lines(d: Draft) -> list[Line]:
    """A heading's lines without its label line (`heading_title`)."""
    labelled = bool(d.lines) and (d.reason == "label" or headings.is_label(d.lines[0].text))
    return d.lines[1:] if labelled and len(d.lines) > 1 else d.lines


def named_by_contents(works: list[PageWork], metrics: VolumeMetrics) -> None:
    """Promote contents notes that name a heading to entries, then make each entry that names no
    heading a heading of the paragraph line it names (see the module)."""
    first = next((k for k, w in enumerate(works) if w.contents), None)
    if first is None:
        return
    after = [w for w in works[first + 1 :] if not w.contents]
    titles = [heading_title(d) for w in after for d in w.drafts if d.kind is BlockKind.HEADING]
    for w in works:
        if w.contents:
            join_wrapped(w, titles)
            promote_notes(w, titles, metrics)
    entries = [d for w in works if w.contents for d in w.drafts if d.kind is BlockKind.TOC_ENTRY]
    for d in entries:
        title = d.title or d.text
        if not _named(title) or any(toc.title_agrees(title, t) for t in titles):
            continue
        found = _title_line(after, title, d.target_label)
        if found is not None:
            w, para, k = found
            split_heading(w, para, k, level=d.level or 2)
            titles.append(title)


def promote_notes(
    w: PageWork, titles: Sequence[str], metrics: VolumeMetrics, *, level_indent: float = 0.7
) -> None:
    """Contents notes on page `w` whose text is the title of one heading (`toc.title_agrees`; not of
    several, as an author's name printed under each chapter title is) that no entry names become
    entries; the level grows with an indent of `level_indent` body line heights beyond
    the page's leftmost entry."""
    entries = [d for d in w.drafts if d.kind is BlockKind.TOC_ENTRY]
    taken = [d.title or d.text for d in entries]
    if not entries:
        return
    left = min(d.lines[0].bbox.x0 for d in entries)
    for d in w.drafts:
        if d.kind is not BlockKind.OTHER or d.reason != "contents-note" or len(d.lines) != 1:
            continue
        title = toc.repair_title(d.text)
        # one heading: a line printed under every chapter title (the author's name) stays a note
        if not _named(title) or sum(toc.title_agrees(title, t) for t in titles) != 1:
            continue
        if any(toc.title_agrees(t, title) for t in taken):
            continue
        ln = d.lines[0]
        level = 1 + int(ln.bbox.x0 - left >= level_indent * metrics.line_height)
        words = ln.words
        d.kind = BlockKind.TOC_ENTRY
        d.level = level
        d.title = title
        d.reason = "contents"
        d.entry = toc.Entry(
            title,
            tuple((0, i) for i in range(len(words))),
            None,
            level,
            (0,),
            sum(x.confidence for x in words) / len(words),
            False,
        )
        taken.append(title)


def join_wrapped(w: PageWork, titles: Sequence[str]) -> None:
    """Two entries in a row on contents page `w`, the first without a page, that name a heading
    together while neither does alone, are one entry wrapped over two lines (a wrapped line can fall
    short of the width a wrap is told by when the page's frame is not its own)."""
    k = 0
    while k + 1 < len(w.drafts):
        a = w.drafts[k]
        b = w.drafts[k + 1]
        if (
            a.kind is BlockKind.TOC_ENTRY is b.kind
            and a.entry is not None
            and b.entry is not None
            and a.entry.label is None
            # the first line shows nothing after its title (no leader, no page read)
            and sum(len(ln.words) for ln in a.lines) == len(a.entry.title_words)
        ):
            ta, tb = a.title or a.text, b.title or b.text
            both = f"{ta} {tb}"
            if any(toc.title_agrees(both, t) for t in titles) and not any(
                toc.title_agrees(x, t) for x in (ta, tb) for t in titles
            ):
                a.lines = a.lines + b.lines
                a.title = both
                a.target_label = b.target_label
                a.entry = replace(
                    a.entry,
                    title=both,
                    label=b.entry.label,
                    leader=b.entry.leader,
                    title_words=a.entry.title_words + b.entry.title_words,
                    lines=a.entry.lines + b.entry.lines,
                    confidence=min(a.entry.confidence, b.entry.confidence),
                )
                del w.drafts[k + 1]
                continue
        k += 1


def _named(title: str, *, min_letters: int = 6) -> bool:
    """Whether a title has letters enough to be told from another line by its text alone."""
    return sum(c.isalpha() for c in title) >= min_letters


def _title_line(
    works: Sequence[PageWork], title: str, label: str | None, *, max_lines: int = 2
) -> tuple[PageWork, Draft, int] | None:
    """(page, paragraph, k): the body paragraph whose first `k` lines (at most `max_lines`) read as
    the title, on the page the entry names when one does, else the first one."""
    found = []
    for w in works:
        for d in w.drafts:
            if d.kind is not BlockKind.PARAGRAPH or d.region != "body" or d.continues:
                continue
            if any(d is a or d is b for a, b in w.column_joins):
                continue
            for k in range(1, min(max_lines, len(d.lines)) + 1):
                if toc.title_agrees(" ".join(ln.text for ln in d.lines[:k]), title):
                    found.append((w, d, k))
                    break
    if not found:
        return None
    return next((f for f in found if label is not None and f[0].page_label == label), found[0])


def split_heading(w: PageWork, d: Draft, k: int, *, level: int) -> None:
    """Make the first `k` lines of paragraph `d` on page `w` a heading, the rest a new paragraph.
    A chapter label found as a heading of its own right above the title (`label_above`) joins
    it: a label and its title are one heading."""
    head: list[Line] = d.lines[:k]
    rest: list[Line] = d.lines[k:]
    at = w.drafts.index(d)
    reason = "contents"
    label = label_above(w, at, head)
    if label is not None:
        head = label.lines + head
        level = min(level, label.level or level)
        reason = "label"
        w.drafts.remove(label)
        at -= 1
    heading = Draft(BlockKind.HEADING, head, level=level, reason=reason, frame=d.frame, region=d.region)
    w.drafts[at] = heading
    if rest:
        d.lines = rest
        d.reason = "heading"
        w.drafts.insert(at + 1, d)


def label_above(w: PageWork, at: int, title: Sequence[Line], *, gap: float = 3.0) -> Draft | None:
    """The chapter label ("CHAPTER IV") over the title `title` that starts draft `at` of page `w`:
    the draft right before it, a one-line heading of the same region that is a label
    (`headings.is_label`) while the title is not, its top within `gap` times the title's first
    line height above the title's top (the title's own type stands in for the page's pitch); else
    None."""
    if at == 0 or not title:
        return None
    before = w.drafts[at - 1]
    first = title[0]
    if (
        before.kind is BlockKind.HEADING
        and before.region == w.drafts[at].region
        and len(before.lines) == 1
        and headings.is_label(before.lines[0].text)
        and not headings.is_label(first.text)
        and 0 < first.bbox.y0 - before.lines[0].bbox.y0 <= gap * first.bbox.height
    ):
        return before
    return None


def read_past_title(d: Draft, heading: str, *, min_ratio: float = 90, min_confidence: float = 0.5) -> bool:
    """Whether contents entry `d`'s title as read is the title of `heading` followed by what OCR
    made of the leader ("Too conciliatory a line? scene ese", "... peasant 1010) AB L6"): its first
    words read as the heading's (fuzzy ratio at least `min_ratio`) and each word after them is
    soup, has fewer than three letters, or was read under `min_confidence` (the heading's last word
    may be one of them). The first words must agree too (a label printed before the title shifts
    the words, which a fuzzy ratio of the whole would forgive)."""
    title = (d.title or d.text).split()
    want = heading.split()
    n = len(want)
    words = [w for ln in d.lines for w in ln.words]

    def confidence(token: str) -> float:
        # the word read (the title keeps a word's part before its leader dots)
        return next((w.confidence for w in words if w.text.startswith(token)), 0.0)

    if toc.title_agrees(d.title or d.text, heading) and not (
        # a title read on into its leader by a word the heading does not print, read with doubt
        # ('Portrait.of a capitulator oer', 'oer' read at 0.0): near enough, not read right
        title
        and confidence(title[-1]) < min_confidence
        and toc.norm(title[-1]) not in toc.norm(heading).split()
    ):
        return False  # read right (a section number the heading does not repeat set aside)
    if len(title) < n or not want:
        return False
    # the title must open as the heading does: an entry that prints a label before the title
    # ("I. Where I Lived, and What I Lived For") is not a title read on into its leader
    if fuzz.ratio(toc.norm(title[0]), toc.norm(want[0])) < min_ratio - 15:
        return False

    def doubtful(token: str) -> bool:
        return (
            sum(c.isalpha() for c in token) < 3
            or leaders.is_soup(token)
            or confidence(token) < min_confidence
        )

    # the heading's last word may be part of the misreading ("revolution" read "1010)"); two of
    # its words may have been read as one ("Portrait.of a capitulator oer")
    whole = toc.norm(heading)
    return any(
        k >= 2
        and fuzz.ratio(toc.norm(" ".join(title[:k])), toc.norm(" ".join(want[:k]))) >= min_ratio
        and all(doubtful(t) for t in title[k:])
        for k in (n, n - 1)
    ) or any(
        fuzz.ratio(toc.norm(" ".join(title[:k])), whole) >= min_ratio and all(doubtful(t) for t in title[k:])
        for k in range(2, min(n, len(title)))
    )


def misread_in_title(
    d: Draft, heading: Draft, *, share: float = 0.6, min_ratio: float = 60, max_words: int = 2
) -> bool:
    """Whether contents entry `d`'s title as read is the title of `heading` with a word or two
    misread: the same number of words, and each word that differs (at most `max_words`, each still
    like the heading's word: fuzzy ratio at least `min_ratio`) read by OCR far less sure than the
    entry's other words (under `share` of their median confidence) and less sure than the heading's
    word, which reads it otherwise ('Letter to RyaZam0v', its last word read 0.51 beside 0.96 and
    0.91, for the heading 'Letter to Ryazanov' read 0.91). A title read sure keeps its reading."""
    title = (d.title or d.text).split()
    head_words = [w for ln in _title_lines(heading) for w in ln.words]
    if not title or len(title) != len(head_words):
        return False
    if toc.title_agrees(" ".join(title), heading_title(heading)):
        return False
    words = [w for ln in d.lines for w in ln.words]
    read = [next((w for w in words if w.text.startswith(t)), None) for t in title]
    if any(w is None for w in read):
        return False
    differ = [k for k, t in enumerate(title) if toc.norm(t) != toc.norm(head_words[k].text)]
    if not differ or len(differ) > max_words or len(differ) == len(title):
        return False
    sure = statistics.median(w.confidence for k, w in enumerate(read) if w is not None and k not in differ)
    return all(
        (w := read[k]) is not None
        and w.confidence < share * sure
        and w.confidence < head_words[k].confidence
        and fuzz.ratio(toc.norm(title[k]), toc.norm(head_words[k].text)) >= min_ratio
        for k in differ
    )


def read_short_of_title(d: Draft, heading: str) -> bool:
    """Whether contents entry `d`'s title as read stops short of the title of `heading` because its
    last words were read so badly that they passed for the leader ("Reply to two" and then
    "COnCIIAtOrs 0... eessesc"): the title as read does not name the heading, the title followed by
    the first of those words does (`toc.title_agrees`)."""
    title = d.title or d.text
    if d.entry is None or not d.entry.dropped or toc.title_agrees(title, heading):
        return False
    words = d.entry.dropped.split()
    if any(toc.title_agrees(" ".join([title, *words[:k]]), heading) for k in range(1, len(words) + 1)):
        return True
    return _last_words_misread(d, title, words[0], heading) or _dropped_words_misread(title, words, heading)


def _words(heading: str) -> list[str]:
    """A heading's words, without the specks OCR read as words of their own ('| Appeal of the…')."""
    return [w for w in heading.split() if any(c.isalnum() for c in w)]


def _dropped_words_misread(
    title: str, dropped: Sequence[str], heading: str, *, min_word: float = 60, min_ratio: float = 80
) -> bool:
    """Whether the title as read, followed by the words dropped after it as leader soup, is the
    heading's title word for word with its last words misread: as many words as the heading's,
    each like the heading's word (fuzzy ratio at least `min_word`) and the whole like the heading's
    title (at least `min_ratio`): "Reply tO" and "CWO CONCIIIACOTS" for "Reply to two
    conciliators", read sure enough that no confidence tells them apart."""
    got, want = title.split(), _words(heading)
    lost = len(want) - len(got)
    if len(got) < 2 or lost < 1 or len(dropped) < lost:
        return False
    read = [*got, *dropped[:lost]]
    return all(
        fuzz.ratio(toc.norm(a), toc.norm(b)) >= min_word for a, b in zip(read, want, strict=True)
    ) and (fuzz.ratio(toc.norm(" ".join(read)), toc.norm(" ".join(want))) >= min_ratio)


def _last_words_misread(
    d: Draft, title: str, after: str, heading: str, *, max_lost: int = 2, min_confidence: float = 0.5
) -> bool:
    """Whether the title as read is the heading's title short of its last word or two (at most
    `max_lost`), and what OCR read right after it, before the leader, is no leader soup but a word
    it did not believe in (under `min_confidence`: "The international ¢-\\e1 ke) sesss… 1" for
    "The international factor"): the heading's last words, misread past recognition. Soup after
    the title is the leader itself, and a title of one word says too little to stand for a longer
    one."""
    got, want = title.split(), _words(heading)
    if len(got) < 2 or not 1 <= len(want) - len(got) <= max_lost:
        return False
    if not toc.title_agrees(title, " ".join(want[: len(got)])):
        return False
    return (
        d.entry is not None
        and d.entry.dropped_confidence < min_confidence
        and any(c.isalnum() for c in after)
        and not leaders.is_soup(after)
    )
