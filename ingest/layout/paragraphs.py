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


def is_indented(
    line: Line, frame: PageFrame, metrics: VolumeMetrics, *, min_indent: float = 0.6, max_indent: float = 4.0
) -> bool:
    """Whether the line starts between `min_indent` and `max_indent` body line heights right of the
    column's left edge (a paragraph indent, not a centred line)."""
    d = line.bbox.x0 - frame.left
    return min_indent * metrics.line_height <= d <= max_indent * metrics.line_height


def is_short(line: Line, frame: PageFrame, metrics: VolumeMetrics, *, short_gap: float = 1.0) -> bool:
    """Whether the line stops more than `short_gap` body line heights before the column's right edge
    (justified lines run to the edge; a paragraph's last line usually does not)."""
    return line.bbox.x1 < frame.right - short_gap * metrics.line_height


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
) -> list[tuple[int, str]]:
    """The lines that start a paragraph, with the reason ('indent', 'short-line', 'gap'); the first
    line is always listed, with reason 'first'. A line after a short line ending a sentence starts
    one, and after a line stopping within `very_short` of the column width whatever its end."""
    if not lines:
        return []
    out = [(0, "first")]
    indent = paragraph_indent(lines, frame, metrics)
    for i in range(1, len(lines)):
        prev, ln = lines[i - 1], lines[i]
        if prev.bbox.x1 >= frame.left + very_short * frame.width and in_inset_run(
            prev, ln, frame, metrics, indent
        ):
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
        elif is_short(prev, frame, metrics) and ends_sentence(prev):
            out.append((i, "short-line"))
        elif prev.bbox.x1 < frame.left + very_short * frame.width:
            # a justified line runs to the edge unless it ends a paragraph: a line stopping this
            # short ends one even without a full stop (a date or place line above a letter)
            out.append((i, "short-line"))
    return out


def paragraph_indent(
    lines: Sequence[Line], frame: PageFrame, metrics: VolumeMetrics, *, flush: float = 0.25
) -> float | None:
    """The page's paragraph indent, measured: the median inset of indented lines followed by a line
    flush with the column (within `flush` body line heights), i.e. the first lines of paragraphs
    of more than one line. None when the page shows none."""
    tol = flush * metrics.line_height
    insets = sorted(
        a.bbox.x0 - frame.left
        for a, b in zip(lines, lines[1:], strict=False)
        if is_indented(a, frame, metrics) and abs(b.bbox.x0 - frame.left) <= tol
    )
    return insets[len(insets) // 2] if insets else None


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
    paragraph). Verse stanzas, block
    quotes and the lines beside a drop capital are set so; one-line paragraphs at the paragraph
    indent (dialogue) are not."""
    inset = prev.bbox.x0 - frame.left
    if inset < 0.6 * metrics.line_height or abs(line.bbox.x0 - prev.bbox.x0) > same * metrics.line_height:
        return False
    if indent is None or abs(inset - indent) > distinct * metrics.line_height:
        return True
    return not is_short(prev, frame, metrics) and not ends_sentence(prev)


def _centred(line: Line, frame: PageFrame, *, tolerance: float = 0.06) -> bool:
    return abs(line.bbox.center_x - frame.center) <= tolerance * frame.width


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
    of the right edge (a full justified line may end a sentence and still run on)."""
    if last_line.bbox.x1 < last_frame.left + very_short * last_frame.width:
        return False  # a line this short ends its paragraph (a name in a list of signatures)
    inset, last_inset = first_line.bbox.x0 - first_frame.left, last_line.bbox.x0 - last_frame.left
    if (
        before_last is not None
        and in_inset_run(before_last, last_line, last_frame, metrics, None)
        and min(inset, last_inset) >= 0.6 * metrics.line_height
        and abs(inset - last_inset) <= 0.25 * metrics.line_height
        and not ends_sentence(last_line)
        and not (_centred(last_line, last_frame) and _centred(first_line, first_frame))
    ):
        return True  # a stanza or a block quote set in from the edge runs on over the break
    if is_indented(first_line, first_frame, metrics):
        return False
    return not (is_short(last_line, last_frame, metrics) and ends_sentence(last_line))
