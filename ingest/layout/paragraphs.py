"""Paragraphs: body lines grouped by indentation, line length and spacing, and joined over page breaks.

Books set paragraphs either indented with no space between them, or flush with space between them;
in both, a paragraph's last line is usually short. So a line starts a paragraph when it is indented
from the column's left edge, when the line above stops short of the right edge, or when the gap
above it is larger than the body pitch. Over a page break the same signs decide whether the next
page's first paragraph continues the previous page's last one.
"""

from __future__ import annotations

from collections.abc import Sequence

from ingest.layout.geometry import PageFrame, VolumeMetrics
from ingest.model import Line

_CLOSING = ("”", "’", "»")
SENTENCE_END = (".", "!", "?", ":", "”", '"', "’", ")", "»")


def inset(line: Line, frame: PageFrame) -> float:
    """How far the line starts right of the column's left edge (where that edge is at the line's
    height: a column set askew has its edge move down the page)."""
    return line.bbox.x0 - frame.left_at((line.bbox.y0 + line.bbox.y1) / 2)


def reach(line: Line, frame: PageFrame) -> float:
    """How far right of the column's left edge the line ends."""
    return line.bbox.x1 - frame.left_at((line.bbox.y0 + line.bbox.y1) / 2)


def room(line: Line, frame: PageFrame) -> float:
    """The space between the line's end and the column's right edge."""
    return frame.right_at((line.bbox.y0 + line.bbox.y1) / 2) - line.bbox.x1


def is_indented(
    line: Line, frame: PageFrame, metrics: VolumeMetrics, *, min_indent: float = 0.6, max_indent: float = 4.0
) -> bool:
    """Whether the line starts between `min_indent` and `max_indent` body line heights right of the
    column's left edge (a paragraph indent, not a centred line)."""
    d = inset(line, frame)
    return min_indent * metrics.line_height <= d <= max_indent * metrics.line_height


def is_short(line: Line, frame: PageFrame, metrics: VolumeMetrics, *, short_gap: float = 1.0) -> bool:
    """Whether the line stops more than `short_gap` body line heights before the column's right edge
    (justified lines run to the edge; a paragraph's last line usually does not)."""
    return room(line, frame) > short_gap * metrics.line_height


def next_word_fits(
    line: Line, nxt: Line, frame: PageFrame, metrics: VolumeMetrics, *, space: float = 0.5
) -> bool:
    """Whether the first word of `nxt` (and a space of `space` type heights) would have fitted at
    the end of `line`, before the column's right edge: a typesetter, justifying or setting ragged
    right, breaks a line there only when a paragraph ends. A ragged line stopping short of the
    edge by less than the next word is no paragraph end, whatever its last word."""
    if not nxt.words:
        return True
    return room(line, frame) > nxt.words[0].bbox.width + space * (metrics.type_height or metrics.line_height)


def ends_sentence(line: Line) -> bool:
    t = line.text.rstrip()
    return t.endswith(SENTENCE_END)


def line_step(a: Line, b: Line) -> float:
    """The distance from line `a` to line `b` below it: the smaller of top-to-top and
    bottom-to-bottom, so one line box stretched by a warp or a tall glyph does not look like space
    between paragraphs (real space moves both edges)."""
    return min(b.bbox.y0 - a.bbox.y0, b.bbox.y1 - a.bbox.y1)


def paragraph_starts(
    lines: Sequence[Line],
    frame: PageFrame,
    metrics: VolumeMetrics,
    *,
    gap_factor: float = 1.4,
    very_short: float = 0.4,
    stanza_gap: float = 1.15,
    some_space: float = 1.2,
) -> list[tuple[int, str]]:
    """The lines that start a paragraph, with the reason ('indent', 'short-line', 'gap'); the first
    line is always listed, with reason 'first'. A line after a short line ending a sentence starts
    one (when the line's first word would have fitted on the short one, or `some_space` pitches
    set them apart), and after a line stopping within `very_short` of the column width whatever
    its end. Lines set in alike from the column edge (`in_inset_run`), or a block justified to a
    narrower measure (`filled_measure`), go on one block."""
    if not lines:
        return []
    out = [(0, "first")]
    gap_factor = min(gap_factor, metrics.para_gap or gap_factor)
    some_space = min(some_space, gap_factor)
    indent = paragraph_indent(lines, frame, metrics)
    filled = filled_measure(lines, frame, metrics)
    runs = _runs_with_a_long_line(lines, frame, metrics, very_short)
    turns = turnovers(lines, frame, metrics)
    for i in range(1, len(lines)):
        prev, ln = lines[i - 1], lines[i]
        if i in turns or i - 1 in turns:
            # a verse line too long for the measure, turned over set in deeper, and the next
            # line back at the verse's inset: the stanza goes on
            if line_step(prev, ln) >= stanza_gap * metrics.pitch:
                out.append((i, "gap"))
            continue
        long_enough = reach(prev, frame) >= very_short * frame.width or (
            not ends_sentence(prev) and not _at_indent(prev, frame, metrics, indent) and runs[i - 1]
        )
        if long_enough and (in_inset_run(prev, ln, frame, metrics, indent) or i - 1 in filled):
            # a verse stanza, a block quote, the lines beside a drop capital: one block, unless
            # a step a little over the pitch sets a stanza off
            if line_step(prev, ln) >= stanza_gap * metrics.pitch:
                out.append((i, "gap"))
            continue
        if is_indented(ln, frame, metrics) and not ln.text.startswith(_CLOSING):
            # a line opening on a closing quote ends a quotation: OCR lost the words before it
            out.append((i, "indent"))
        elif line_step(prev, ln) >= gap_factor * metrics.pitch:
            out.append((i, "gap"))
        elif (
            is_short(prev, frame, metrics)
            and ends_sentence(prev)
            and (
                next_word_fits(prev, ln, frame, metrics) or line_step(prev, ln) >= some_space * metrics.pitch
            )
        ):
            # a ragged line short of the edge by less than the next word ends no paragraph, unless
            # some space (less than a clear gap, a warped scan) comes with it
            out.append((i, "short-line"))
        elif reach(prev, frame) < very_short * frame.width:
            # a justified line runs to the edge unless it ends a paragraph: a line stopping this
            # short ends one even without a full stop (a date or place line above a letter)
            out.append((i, "short-line"))
    return out


def paragraph_indent(
    lines: Sequence[Line],
    frame: PageFrame,
    metrics: VolumeMetrics,
    *,
    flush: float = 0.25,
    gap_factor: float = 1.4,
) -> float | None:
    """The page's paragraph indent, measured: the median inset of indented lines followed at the
    body pitch (not over a gap) by a line flush with the column (within `flush` body line
    heights), i.e. the first lines of paragraphs of more than one line. The last line of a verse
    passage followed by a paragraph across space is not one. Of the samples, those agreeing with
    the volume's indent (`metrics.indent`) when any do; the volume's indent when the lines show
    none (possibly None)."""
    insets = sorted(indent_samples(lines, frame, metrics, flush=flush, gap_factor=gap_factor))
    if metrics.indent is not None:
        # the page's samples that agree with the volume's indent (a block quote's last line
        # followed by a flush line is no paragraph start), else the page's own
        near = [x for x in insets if abs(x - metrics.indent) <= flush * metrics.line_height]
        insets = near or insets
    return insets[len(insets) // 2] if insets else metrics.indent


def indent_samples(
    lines: Sequence[Line],
    frame: PageFrame,
    metrics: VolumeMetrics,
    *,
    flush: float = 0.25,
    gap_factor: float = 1.4,
) -> list[float]:
    """The insets of indented lines followed at the pitch by a line flush with the column: the
    first lines of paragraphs of more than one line (see `paragraph_indent`)."""
    tol = flush * metrics.line_height
    return [
        inset(a, frame)
        for a, b in zip(lines, lines[1:], strict=False)
        if is_indented(a, frame, metrics)
        and abs(inset(b, frame)) <= tol
        and line_step(a, b) < gap_factor * metrics.pitch
    ]


def volume_indent(
    flows: Sequence[tuple[Sequence[Line], PageFrame]],
    metrics: VolumeMetrics,
    *,
    min_share: float = 0.5,
    min_samples: int = 5,
) -> float | None:
    """The volume's paragraph indent: the median of every flow's indent samples, in pixels (a
    page showing none, a list of names or a verse passage alone, then judges by it). None with
    fewer than `min_samples` samples (a volume with spaced paragraphs shows a few, from block
    quotes followed by a flush line) or when fewer than `min_share` of them agree with the
    median within a quarter of a line height."""
    samples = sorted(x for lines, frame in flows for x in indent_samples(lines, frame, metrics))
    if len(samples) < min_samples:
        return None
    median = samples[len(samples) // 2]
    near = sum(1 for x in samples if abs(x - median) <= 0.25 * metrics.line_height)
    return median if near >= min_share * len(samples) else None


def volume_para_gap(
    flows: Sequence[tuple[Sequence[Line], PageFrame]],
    metrics: VolumeMetrics,
    *,
    clear: float = 1.4,
    least: float = 1.2,
    span: tuple[float, float] = (1.15, 2.2),
    min_samples: int = 8,
) -> float | None:
    """The step between lines (in body pitches) from which a volume that sets its paragraphs apart
    with space rather than an indent (`metrics.indent` None) starts a new paragraph: halfway
    between the pitch and the median of the steps within `span` (the space it sets), at least
    `least` and at most `clear` (a step that any book would call space). None for a volume that
    indents, or that shows fewer than `min_samples` such steps."""
    if metrics.indent is not None:
        return None
    steps = sorted(
        s
        for lines, _ in flows
        for a, b in zip(lines, lines[1:], strict=False)
        if span[0] <= (s := line_step(a, b) / metrics.pitch) <= span[1]
    )
    if len(steps) < min_samples:
        return None
    return min(clear, max(least, (1.0 + steps[len(steps) // 2]) / 2))


def is_turnover(
    a: Line,
    b: Line,
    c: Line | None,
    frame: PageFrame,
    metrics: VolumeMetrics,
    *,
    same: float = 0.25,
    deeper: tuple[float, float] = (0.6, 4.0),
) -> bool:
    """Whether `b` is the rest of line `a` turned over: `b` starts `deeper` (in body line heights)
    right of `a`, its first word would not have fitted at the end of `a`, and the line after it,
    `c` (if any), starts where `a` starts again. Verse set in a measure too narrow for its lines
    (a column) turns long lines over so; a quoted paragraph's indented first line follows a short
    line."""
    d = (inset(b, frame) - inset(a, frame)) / metrics.line_height
    if not deeper[0] <= d <= deeper[1] or next_word_fits(a, b, frame, metrics):
        return False
    return c is None or abs(inset(c, frame) - inset(a, frame)) <= same * metrics.line_height


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
    *,
    same: float = 0.25,
    min_filled: int = 2,
    min_measure: float = 0.6,
) -> set[int]:
    """The lines of runs set to a narrower measure than the column's (a justified block quote, set
    in from both edges): an inset run (`inset_runs`) of at least three lines whose lines other
    than the last share a right edge (within `same` body line heights), at least `min_filled` of
    them, an edge past `min_measure` of the column width (a list of short names has none). Returns
    the lines that reach the edge (never a run's last): the line after one goes on the same block
    whatever its end, as after a full line of a justified paragraph. One-line paragraphs at the
    paragraph indent (dialogue) end where their words end, not at a common edge."""
    tol = same * metrics.line_height
    out: set[int] = set()
    for run in inset_runs(lines, frame, metrics, same=same):
        if len(run) < 3:
            continue
        ends = [reach(lines[k], frame) for k in run[:-1]]
        # the edge most of the run's lines reach (a speck read past it does not move it)
        edge = max(ends, key=lambda e: (sum(1 for x in ends if abs(x - e) <= tol), e))
        full = {k for k in run[:-1] if reach(lines[k], frame) >= edge - tol}
        if len(full) >= min_filled and edge >= min_measure * frame.width:
            out |= full
    return out


def _runs_with_a_long_line(
    lines: Sequence[Line], frame: PageFrame, metrics: VolumeMetrics, very_short: float
) -> list[bool]:
    """For each line, whether its inset run (`inset_runs`) has a line running past `very_short`
    of the column width: a verse stanza has long lines as well as short ones, a list of names
    set in at one inset has none."""
    out = [False] * len(lines)
    for run in inset_runs(lines, frame, metrics):
        long = any(reach(lines[k], frame) >= very_short * frame.width for k in run)
        out[run.start : run.stop] = [long] * len(run)
    return out


def _at_indent(
    line: Line, frame: PageFrame, metrics: VolumeMetrics, indent: float | None, *, distinct: float = 0.2
) -> bool:
    return indent is not None and abs(inset(line, frame) - indent) <= distinct * metrics.line_height


def in_inset_run(
    prev: Line,
    line: Line,
    frame: PageFrame,
    metrics: VolumeMetrics,
    indent: float | None,
    *,
    same: float = 0.25,
    distinct: float = 0.2,
) -> bool:
    """Whether `line` goes on a run of lines set in from the column edge that `prev` belongs to: both
    start at the same inset (within `same` body line heights), and that inset is not the page's
    paragraph indent (more than `distinct` line heights from it), or `prev` runs on to the right
    edge without ending a sentence (an indented first line that fills the measure ends no
    paragraph; in a ragged block quote at the indent, a line the next one's first word would not
    have fitted on fills it). Verse stanzas, block quotes and the lines beside a drop capital are
    set so; one-line paragraphs at the paragraph indent (dialogue) are not."""
    at = inset(prev, frame)
    if at < 0.6 * metrics.line_height or abs(inset(line, frame) - at) > same * metrics.line_height:
        return False
    if indent is None or abs(at - indent) > distinct * metrics.line_height:
        return True
    full = not is_short(prev, frame, metrics) or not next_word_fits(prev, line, frame, metrics)
    return full and not ends_sentence(prev)


def _centred(line: Line, frame: PageFrame, *, tolerance: float = 0.06) -> bool:
    return abs((inset(line, frame) + reach(line, frame)) / 2 - frame.width / 2) <= tolerance * frame.width


def continues_over_break(
    last_line: Line,
    last_frame: PageFrame,
    first_line: Line,
    first_frame: PageFrame,
    metrics: VolumeMetrics,
    *,
    very_short: float = 0.4,
    before_last: Line | None = None,
) -> bool:
    """Whether the next page's first body line continues the paragraph that ended the previous page.
    Not when the previous page's last line stops within `very_short` of the column width. Yes when
    the last two lines of the previous page (`before_last`, the last) and the first of the next are
    set in from the edge alike (a verse stanza, a block quote) and the last ends no sentence.
    Otherwise when the first line is not indented and the last line does not end a sentence short
    of the right edge, with room for the next page's first word (a full justified line, or a
    ragged one the next word would not have fitted, may end a sentence and still run on)."""
    if reach(last_line, last_frame) < very_short * last_frame.width:
        return False  # a line this short ends its paragraph (a name in a list of signatures)
    first_inset, last_inset = inset(first_line, first_frame), inset(last_line, last_frame)
    if (
        before_last is not None
        and in_inset_run(before_last, last_line, last_frame, metrics, None)
        and min(first_inset, last_inset) >= 0.6 * metrics.line_height
        and abs(first_inset - last_inset) <= 0.25 * metrics.line_height
        and not ends_sentence(last_line)
        and not (_centred(last_line, last_frame) and _centred(first_line, first_frame))
    ):
        return True  # a stanza or a block quote set in from the edge runs on over the break
    if is_indented(first_line, first_frame, metrics):
        return False
    return not (
        is_short(last_line, last_frame, metrics)
        and ends_sentence(last_line)
        and next_word_fits(last_line, first_line, last_frame, metrics)
    )


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
        if b.words and edge - reach(a, frame) > b.words[0].bbox.width + gap
    )
    return spare >= max(1.0, min_share * (len(lines) - 1))
