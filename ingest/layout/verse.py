"""Runs of lines set in from the column edge: verse stanzas, block quotes, lines turned over.

A verse stanza or a block quote is a run of lines starting at one inset; a quote justified to a
narrower measure shares a right edge; verse keeps its printed lines (`is_verse`), and a verse line
too long for the measure is turned over, set in deeper (`turnovers`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ingest.layout.geometry import PageFrame, VolumeMetrics
from ingest.layout.measures import (
    first_word,
    halfway_gap,
    inset,
    line_step,
    median_step,
    next_word_fits,
    reach,
    starts_at,
)
from ingest.model import Line


def is_turnover(
    a: Line,
    b: Line,
    c: Line | None,
    frame: PageFrame,
    metrics: VolumeMetrics,
    *,
    same: float = 0.25,
    deeper: tuple[float, float] = (0.6, 4.0),
    stanza_gap: float = 1.15,
) -> bool:
    """Whether `b` is the rest of line `a` turned over: `b` starts `deeper` (in body line heights)
    right of `a`, its first word would not have fitted at the end of `a`, and the line after it,
    `c` (if any), starts where `a` starts again or stands `stanza_gap` pitches below (the stanza
    ended with the turned line). Verse set in a measure too narrow for its lines (a column) turns
    long lines over so; a quoted paragraph's indented first line follows a short line. The
    volume's own stanza space (`metrics.stanza_gap`) stands for `stanza_gap` when measured."""
    stanza_gap = metrics.stanza_gap or stanza_gap
    d = (inset(b, frame) - inset(a, frame)) / metrics.line_height
    if not deeper[0] <= d <= deeper[1] or next_word_fits(a, b, frame, metrics):
        return False
    return (
        c is None
        or starts_at(c, frame, inset(a, frame), same * metrics.line_height)
        or line_step(b, c) >= stanza_gap * metrics.pitch
    )


def turned_over(lines: Sequence[Line], k: int, frame: PageFrame, metrics: VolumeMetrics) -> bool:
    """Whether line `k + 1` is line `k` turned over (`is_turnover`), line `k` set in at least a
    body line height from the column edge (a verse line, not a paragraph's last line)."""
    return (
        k + 1 < len(lines)
        and inset(lines[k], frame) >= metrics.line_height
        and is_turnover(lines[k], lines[k + 1], lines[k + 2] if k + 2 < len(lines) else None, frame, metrics)
    )


def turnovers(
    lines: Sequence[Line], frame: PageFrame, metrics: VolumeMetrics, *, min_inset: float = 1.0
) -> set[int]:
    """The lines that are turnovers (`is_turnover`) of the line above them, itself set in at least
    `min_inset` body line heights (a verse passage) and not a turnover."""
    out: set[int] = set()
    for i in range(1, len(lines)):
        a = lines[i - 1]
        if i - 1 in out or inset(a, frame) < min_inset * metrics.line_height:
            continue
        if is_turnover(a, lines[i], lines[i + 1] if i + 1 < len(lines) else None, frame, metrics):
            out.add(i)
    return out


def inset_runs(
    lines: Sequence[Line],
    frame: PageFrame,
    metrics: VolumeMetrics,
    *,
    same: float = 0.25,
    min_inset: float = 0.6,
) -> list[range]:
    """The page's lines cut into runs: consecutive lines set in at least `min_inset` body line
    heights from the column edge that start within `same` line heights of each other form one
    run (a block quote, a verse stanza, a list set in); every other line is a run of its own."""
    tol = same * metrics.line_height
    out: list[range] = []
    i = 0
    while i < len(lines):
        j = i + 1
        if inset(lines[i], frame) >= min_inset * metrics.line_height:
            while j < len(lines) and abs(inset(lines[j], frame) - inset(lines[j - 1], frame)) <= tol:
                j += 1
        out.append(range(i, j))
        i = j
    return out


def filled_measure(
    lines: Sequence[Line],
    frame: PageFrame,
    metrics: VolumeMetrics,
    runs: Sequence[range],
    *,
    same: float = 0.25,
    min_filled: int = 2,
    min_measure: float = 0.6,
) -> set[int]:
    """The lines of runs set to a narrower measure than the column's (a justified block quote, set
    in from both edges): an inset run (`runs`, from `inset_runs`) of at least three lines whose lines other
    than the last share a right edge (within `same` body line heights), at least `min_filled` of
    them, an edge past `min_measure` of the column width (a list of short names has none). Returns
    the lines that reach the edge (never a run's last): the line after one goes on the same block
    whatever its end, as after a full line of a justified paragraph. One-line paragraphs at the
    paragraph indent (dialogue) end where their words end, not at a common edge."""
    tol = same * metrics.line_height
    out: set[int] = set()
    for run in runs:
        if len(run) < 3:
            continue
        ends = [reach(lines[k], frame) for k in run[:-1]]
        # the edge most of the run's lines reach (a speck read past it does not move it)
        edge = max(ends, key=lambda e: (sum(1 for x in ends if abs(x - e) <= tol), e))
        full = {k for k in run[:-1] if reach(lines[k], frame) >= edge - tol}
        if len(full) >= min_filled and edge >= min_measure * frame.width:
            out |= full
    return out


def runs_with_a_long_line(
    lines: Sequence[Line], frame: PageFrame, runs: Sequence[range], very_short: float
) -> list[bool]:
    """For each line, whether its inset run (`runs`, from `inset_runs`) has a line running past `very_short`
    of the column width: a verse stanza has long lines as well as short ones, a list of names
    set in at one inset has none."""
    out = [False] * len(lines)
    for run in runs:
        long = any(reach(lines[k], frame) >= very_short * frame.width for k in run)
        out[run.start : run.stop] = [long] * len(run)
    return out


def run_edges(
    lines: Sequence[Line],
    frame: PageFrame,
    runs: Sequence[range],
    metrics: VolumeMetrics,
    *,
    stanza_gap: float = 1.15,
) -> list[float | None]:
    """For each line of an inset run (`runs`, from `inset_runs`) of three lines or more, the run's own
    right edge (the furthest any of its lines reaches): a block quote set in on both sides, ragged,
    breaks its lines against that edge, not the column's. Two lines have no edge of their own: the
    longer would fill the measure it sets (a date line above a salutation at the indent). A run is
    cut where a step of `stanza_gap` pitches (the volume's own stanza space when measured) sets
    its lines apart: a quotation set in about as far as the paragraph indent and the paragraph
    after it, across space, are two blocks, and the paragraph's first line, reaching the column's
    edge, is no edge of the quotation's."""
    gap = (metrics.stanza_gap or stanza_gap) * metrics.pitch
    out: list[float | None] = [None] * len(lines)
    for run in runs:
        cuts = [k for k in run[1:] if line_step(lines[k - 1], lines[k]) >= gap]
        for a, b in zip([run.start, *cuts], [*cuts, run.stop], strict=True):
            if b - a >= 3:
                edge = max(reach(lines[k], frame) for k in range(a, b))
                out[a:b] = [edge] * (b - a)
    return out


def is_verse(
    lines: Sequence[Line],
    frame: PageFrame,
    metrics: VolumeMetrics,
    *,
    same: float = 0.25,
    min_inset: float = 0.6,
    space: float = 0.5,
    min_share: float = 0.34,
    short_measure: float = 3.0,
) -> bool:
    """Whether a paragraph is a verse stanza, whose printed lines are part of its text: its lines
    (two or more) all start at one inset from the column edge (at least `min_inset` body line
    heights, within `same`), and the line ends are the poet's, not the typesetter's: at least
    `min_share` of the lines before the last stop short enough of the block's longest line that
    the next line's first word (and a space of `space` type heights) would have fitted there, or
    the longest line stops short of the column's right edge by `short_measure` line heights
    more than the block is set in on the left (verse of even lines, set narrow). Prose, justified
    or ragged, breaks a line only where the next word does not fit; a block quote's lines reach
    its measure, set in about as much on the right as on the left. Lines turned over deeper
    (`turnovers`, a measure too narrow for the verse) are verse too."""
    if len(lines) < 2:
        return False
    tol = same * metrics.line_height
    x0 = inset(lines[0], frame)
    turned = turnovers(lines, frame, metrics)
    if x0 < min_inset * metrics.line_height or any(
        abs(inset(ln, frame) - x0) > tol for k, ln in enumerate(lines) if k not in turned
    ):
        return False
    if turned:
        return True  # lines turned over in a measure too narrow for them: only verse does that
    edge = max(reach(ln, frame) for ln in lines)
    if frame.width - edge > x0 + short_measure * metrics.line_height:
        return True
    gap = space * (metrics.type_height or metrics.line_height)
    spare = sum(
        1
        for a, b in zip(lines, lines[1:], strict=False)
        if b.words and edge - reach(a, frame) > first_word(b).bbox.width + gap
    )
    return spare >= max(1.0, min_share * (len(lines) - 1))


def volume_stanza_gap(
    flows: Iterable[tuple[Sequence[Line], PageFrame]],
    metrics: VolumeMetrics,
    *,
    least: float = 1.15,
    clear: float = 1.4,
    span: tuple[float, float] = (1.1, 2.2),
    min_samples: int = 4,
) -> float | None:
    """The step between lines (in body pitches) from which lines set in alike from the column edge
    (a verse passage, a block quote: `inset_runs`) stand apart as stanzas: halfway between the
    pitch and the median of the steps within `span` between lines of one such run (the space the
    volume sets between its stanzas), at least `least` (the step read as space when none is
    measured) and at most `clear`; at most the volume's paragraph space (`metrics.para_gap`),
    which sets paragraphs apart at the same inset too. A heavy scan's short verse lines step
    1.1-1.2 pitches inside a stanza where its stanzas stand 1.5 apart. None with fewer than
    `min_samples` such steps."""
    pairs = (
        (lines[a], lines[b])
        for lines, frame in flows
        for run in inset_runs(lines, frame, metrics)
        for a, b in zip(run, run[1:], strict=False)
    )
    space = median_step(pairs, metrics, span=span, min_samples=min_samples)
    if space is None:
        return None
    gap = halfway_gap(space, least=least, clear=clear)
    return min(gap, metrics.para_gap) if metrics.para_gap else gap


def whole_stanzas(
    lines: Sequence[Line],
    frame: PageFrame,
    metrics: VolumeMetrics,
    *,
    min_inset: float = 0.6,
    stanza_gap: float = 1.15,
) -> list[int]:
    """The number of printed lines of each verse stanza (`is_verse`) that a flow's `lines` show
    whole: a stretch of lines set in at least `min_inset` body line heights from the column edge
    (turned lines, set in deeper, included) that no step of the stanza space (`stanza_gap`
    pitches, the volume's own when measured) cuts, with a line of the flow above it and below it,
    each across the stanza space or at the column's edge. A stanza at the flow's first or last
    line may go on over the break: it is not counted."""
    gap = (metrics.stanza_gap or stanza_gap) * metrics.pitch
    deep = min_inset * metrics.line_height
    out: list[int] = []
    i = 0
    while i < len(lines):
        if inset(lines[i], frame) < deep:
            i += 1
            continue
        j = i + 1
        while j < len(lines) and inset(lines[j], frame) >= deep and line_step(lines[j - 1], lines[j]) < gap:
            j += 1
        if i > 0 and j < len(lines) and j - i >= 2 and is_verse(lines[i:j], frame, metrics):
            out.append(j - i)
        i = j
    return out


def volume_stanza_lines(
    flows: Iterable[tuple[Sequence[Line], PageFrame]], metrics: VolumeMetrics, *, min_samples: int = 3
) -> int | None:
    """The most printed lines any verse stanza of the volume shows whole (`whole_stanzas`), None
    with fewer than `min_samples` stanzas seen whole. A stanza that, joined over a page or column
    break, would be longer than that is two stanzas, one ended at the foot."""
    counts = [n for lines, frame in flows for n in whole_stanzas(lines, frame, metrics)]
    return max(counts) if len(counts) >= min_samples else None
