"""Paragraphs: body lines grouped by indentation, line length and spacing, and joined over page breaks.

Books set paragraphs either indented with no space between them, or flush with space between them;
in both, a paragraph's last line is usually short. Whether a line starts a paragraph after the line
above it is decided by one test, `starts_paragraph`, for two lines on one page and for the last
line of a page (or column) and the first of the next alike; what the page around them shows (its
paragraph indent, runs of lines set in, verse turnovers, the space between the lines) comes to it
in a `PairContext`. The measures it uses are in `measures` (a line against its column's edge,
which may run askew) and `verse` (runs of lines set in from the edge).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ingest.layout import hyphenation, paralearn
from ingest.layout.geometry import PageFrame, VolumeMetrics
from ingest.layout.measures import (
    SENTENCE_END,
    ends_sentence,
    first_word,
    halfway_gap,
    inset,
    is_indented,
    is_short,
    is_speck_line,
    line_step,
    median_step,
    next_word_fits,
    reach,
    room,
    runs_on,
)
from ingest.layout.verse import (
    filled_measure,
    inset_runs,
    is_turnover,
    is_verse,
    run_edges,
    runs_with_a_long_line,
    turnovers,
)
from ingest.model import Line

__all__ = ["SENTENCE_END", "continues_over_break", "is_short", "next_word_fits", "paragraph_starts"]

_CLOSING = ("”", "’", "»")


def paragraph_starts(
    lines: Sequence[Line],
    frame: PageFrame,
    metrics: VolumeMetrics,
    *,
    gap_factor: float = 1.4,
    very_short: float = 0.4,
    stanza_gap: float = 1.15,
    some_space: float = 1.2,
    learned: bool = True,
) -> list[tuple[int, str]]:
    """The lines that start a paragraph, with the reason ('indent', 'short-line', 'gap', 'learned');
    the first line is always listed, with reason 'first'. Without `learned` the rules alone answer
    (a notes section's lines: the learned model never saw any). A line after a short line ending a
    sentence starts one (when the line's first word would have fitted on the short one, or
    `some_space` pitches set them apart), and after a line stopping within `very_short` of the
    column width whatever its end. Lines set in alike from the column edge (`in_inset_run`), or a
    block justified to a narrower measure (`filled_measure`), go on one block."""
    if not lines:
        return []
    out = [(0, "first")]
    indent = paragraph_indent(lines, frame, metrics)
    set_in = inset_runs(lines, frame, metrics)  # one cut into runs serves the three measures below
    filled = filled_measure(lines, frame, metrics, set_in)
    runs = runs_with_a_long_line(lines, frame, set_in, very_short)
    edges = run_edges(lines, frame, set_in, metrics)
    turns = turnovers(lines, frame, metrics)
    for i in range(1, len(lines)):
        if is_speck_line(lines[i]):
            continue  # dust read as a line of its own goes on the paragraph it stands in
        # the line above past dust read as a line of its own between them
        j = next((k for k in range(i - 1, -1, -1) if not is_speck_line(lines[k])), i - 1)
        ctx = PairContext(
            indent=indent,
            edge=edges[i],
            long_run=runs[j],
            filled=j in filled,
            turned=i in turns or j in turns,
            step=_step_between(lines, j, i, metrics.pitch),
            below=lines[i + 1] if i + 1 < len(lines) else None,
            above=lines[j - 1] if j >= 1 else None,
            above2=lines[j - 2] if j >= 2 else None,
        )
        reason = starts_paragraph(
            lines[j],
            lines[i],
            frame,
            metrics,
            ctx,
            gap_factor=gap_factor,
            very_short=very_short,
            stanza_gap=stanza_gap,
            some_space=some_space,
            learned=learned,
        )
        if reason:
            out.append((i, reason))
    return out


def _step_between(lines: Sequence[Line], j: int, i: int, pitch: float, *, slack: float = 0.1) -> float:
    """The step from line `j` down to line `i` (`line_step`). Where it reads more than the pitch
    but the step from `j` over `i` to the line after it reads two pitches (within `slack` of a
    pitch), `i`'s box misplaces it, not space: a line of x-height letters and descenders alone
    ('congress,') has no word whose top or foot stands where its neighbours' do, and reads a
    stanza's space above it and too little below it. The step is then half of the two."""
    step = line_step(lines[j], lines[i])
    if step <= pitch or i + 1 >= len(lines):
        return step
    two = line_step(lines[j], lines[i + 1])
    return two / 2 if abs(two - 2 * pitch) <= slack * pitch else step


@dataclass(frozen=True)
class PairContext:
    """What the rest of the page says about a pair of lines: the page's paragraph `indent`, the
    right `edge` of the inset run the lower line is in, whether the upper line's inset run has a
    long line (`long_run`), reaches a narrower measure's edge (`filled`), or either line is a verse
    turnover (`turned`); `step` the distance between them (None over a page or column break, where
    it is not seen), `before` the line above the upper one and `after` the line below the lower
    one (over a break)."""

    indent: float | None = None
    edge: float | None = None
    long_run: bool = False
    filled: bool = False
    turned: bool = False
    step: float | None = None
    before: Line | None = None
    after: Line | None = None
    below: Line | None = None  # the line below the lower one on the same page and column
    above: Line | None = None  # the line above the upper one on the same page and column
    above2: Line | None = None  # and the line above that one


def starts_paragraph(
    prev: Line,
    ln: Line,
    frame: PageFrame,
    metrics: VolumeMetrics,
    ctx: PairContext,
    *,
    prev_frame: PageFrame | None = None,
    learned: bool = True,
    **rules: float,
) -> str | None:
    """Whether line `ln` starts a paragraph after `prev`: the rules' answer (`rule_start`, with
    the thresholds `rules`), turned over by the learned model (`paralearn`) only where it is
    confident against it; without `learned`, or next to a verse line turned over (`ctx.turned`,
    which the model does not see: a turned line goes on its stanza unless space sets it off), the
    rules' answer. The model does not turn over what the typesetting settles (`_settled`)."""
    rule = rule_start(prev, ln, frame, metrics, ctx, prev_frame=prev_frame, **rules)
    if not learned or ctx.turned or _settled(prev, ln, frame, metrics, ctx, rule, prev_frame=prev_frame):
        return rule
    return paralearn.second_opinion(prev, ln, frame, metrics, ctx, rule, prev_frame=prev_frame)


def _settled(
    prev: Line,
    ln: Line,
    frame: PageFrame,
    metrics: VolumeMetrics,
    ctx: PairContext,
    rule: str | None,
    *,
    prev_frame: PageFrame | None = None,
    flush: float = 0.25,
) -> bool:
    """Whether the rules' answer stands whatever the learned model says, the typesetting having
    settled it: over a page or column break, in a volume that indents its paragraphs
    (`metrics.indent`), a line flush with its column (within `flush` body line heights) that opens
    no numbered item (a note's, a list's) goes on the paragraph before the break (the model, which
    sees no space there, took a sentence ending a line a little short of the edge, the next word
    not fitting, for a paragraph's end); over a break, a line opening in a small letter after a
    line that ends no sentence goes on it as the rules say (the model, which does not see the
    right edge of a quotation set in from both sides, took a line stopping short of the column's
    edge mid-sentence for a paragraph's end: '...conciliationism was and which' / 'rendered
    completely hopeless...'); and a line the rules end a paragraph with ('short-line'),
    short of the edge by more than the next line's first word, ends it: a typesetter would have
    set that word there (the model took a date line at the paragraph indent, over a flush line, for
    a paragraph's first line), as does an indent under such a line ending a sentence (the model
    ran a credit line, 'Translated … by George Saunders.', into the letter's first paragraph);
    over a break a numbered point after a sentence's end starts
    one; and a line at the paragraph indent (the page's or the volume's; a line a curl moved in
    off it is the model's to judge) whose text goes on in the line below it at the column's edge
    (`goes_on_at_the_edge`) opens its paragraph."""
    if rule is None:
        if ctx.step is None and not ends_sentence(prev) and _opens_lower(ln):
            return True  # a sentence going on over the break in small letters goes on its paragraph
        return (
            ctx.step is None
            and metrics.indent is not None
            and abs(inset(ln, frame)) <= flush * metrics.line_height
            and not _opens_numbered(ln)
        )
    if ctx.step is None and ends_sentence(prev) and _opens_numbered(ln):
        return True  # a numbered point after a sentence's end over a break (`rule_start`)
    if rule == "indent" and _opens_body_paragraph(prev, ln, frame, metrics, ctx):
        return True  # a line at the indent whose text goes on at the edge below opens its paragraph
    pf = prev_frame or frame
    # a line ending a sentence short of the edge, with room for the next line's first word: a
    # typesetter broke it there because the paragraph ends, and an indent under it says so too
    # (after a stop: a colon ends no paragraph, 'on the Marx and Engels texts:' over a stanza's line)
    stop = prev.text.rstrip().rstrip("\"'”’)]").endswith((".", "?", "!"))
    return (
        (rule == "short-line" or (rule == "indent" and stop and ends_sentence(prev)))
        and is_short(prev, pf, metrics)
        and next_word_fits(prev, ln, pf, metrics)
    )


def _opens_body_paragraph(
    prev: Line, ln: Line, frame: PageFrame, metrics: VolumeMetrics, ctx: PairContext
) -> bool:
    """Whether `ln`, under `prev` at its inset, opens a body paragraph by what stands about them:
    `ln` opens as a paragraph does (not in lower case, nor with the rest of a word broken at
    `prev`'s end), at the paragraph indent (the page's or the volume's), its text goes on in the line
    below it at the column's edge (`goes_on_at_the_edge`; a block quote set at the indent goes on
    at the indent), and a line of text stands right above the pair (the lines beside a drop
    capital open the page or stand under a title, apart). 'Charges that we broke the promise given
    at the Fifteenth' / 'Congress are rude … hon-' / 'estly and sincerely …' (the source's
    paragraph break mid-sentence, both lines at the indent under 'most of our ability.')."""
    return (
        ctx.above is not None
        and ctx.below is not None
        and not _opens_lower(ln)
        and not broken_word(prev, ln)
        and any(_at_indent(ln, frame, metrics, i) for i in (ctx.indent, metrics.indent))
        and goes_on_at_the_edge(ln, ctx.below, frame, metrics)
    )


def _ends_on_small_word(line: Line) -> bool:
    """Whether a line ends on a word of small letters only, with no mark after it."""
    last = line.words[-1].text if line.words else ""
    return last.isalpha() and last.islower()


def goes_on_at_the_edge(line: Line, below: Line, frame: PageFrame, metrics: VolumeMetrics) -> bool:
    """Whether `line`'s text goes on in the line `below` it set at the column's edge: a word
    broken over the two, or a sentence `line` leaves open going on in lower case."""
    return inset(below, frame) < 0.6 * metrics.line_height and (
        broken_word(line, below) or (not ends_sentence(line) and _opens_lower(below))
    )


def rule_start(
    prev: Line,
    ln: Line,
    frame: PageFrame,
    metrics: VolumeMetrics,
    ctx: PairContext,
    *,
    prev_frame: PageFrame | None = None,
    gap_factor: float = 1.4,
    very_short: float = 0.4,
    stanza_gap: float = 1.15,
    some_space: float = 1.2,
    wide_room: float = 1.5,
    closer_step: float = 0.95,
    blank_line: float = 2.0,
) -> str | None:
    """The one test of whether line `ln` starts a paragraph after `prev` (on the same page, or the
    last line before a page or column break, in `prev_frame`): the reason ('indent', 'gap',
    'short-line'), or None when it goes on the same block.

    Lines set in alike from the column edge (`in_inset_run`: a verse stanza, a block quote, the
    lines beside a drop capital; at the paragraph indent, a quotation set closer than the body, a
    step of at most `closer_step` pitches, goes on after a full line ending a sentence when the
    line above that is set in alike), a block justified to a narrower measure, and a verse line turned
    over go on one block unless a step a little over the pitch (`stanza_gap`) sets a stanza off;
    over a break, where the step is not seen, unless the upper line ends a sentence (or both
    lines are centred). That holds when the upper line is long enough (past `very_short` of the
    column), its run has a long line and it is not at the paragraph indent, or it ends no
    sentence and `ln` runs on mid-sentence (verse of short lines, on one page or over a break; a
    list of names starts each line with a capital). Otherwise `ln` starts a paragraph when it is
    indented; when the step is a clear gap (`gap_factor` pitches, or the volume's own paragraph
    space; `blank_line` pitches between the halves of a word broken over the two lines,
    `broken_word`; a sentence running on unmarked, `_mid_sentence`, needs nearly the volume's
    own paragraph space); when `prev` is a short
    line ending a sentence and `ln`'s first word would have fitted on it, or `some_space` pitches
    set them apart (a ragged line short of the edge by less than the next word ends no
    paragraph); or when `prev` stops within `very_short` of the column width, whatever its end (a
    date or place line above a letter), or stops short by more than `ln`'s first word and
    `wide_room` type heights when `ln` opens on a capital (such a line in a narrow column). Over a
    break, where neither space nor an indent shows, `ln` opening a numbered point ('5. The…') after
    a line ending a sentence starts one; so does any line after a justified volume's line ending
    a sentence short of the edge (`_ends_justified_paragraph`); and none starts where a sentence
    runs on over the break unmarked (`_mid_sentence`), at whatever inset."""
    pf = prev_frame or frame
    over_break = ctx.step is None
    stanza_gap = metrics.stanza_gap or stanza_gap
    spaced = ctx.step is not None and ctx.step >= stanza_gap * metrics.pitch
    if ctx.turned:
        # over a break, where no stanza space is seen, a turned line ending a sentence ends its stanza
        return "gap" if spaced or (over_break and ends_sentence(prev)) else None
    long_enough = (
        reach(prev, pf) >= very_short * pf.width
        or (not _at_indent(prev, pf, metrics, ctx.indent) and ctx.long_run)
        # verse of short lines runs on mid-sentence, also over a break when the lines on both
        # sides of it are set in alike with their neighbours (`in_run` below): a stanza's line
        # cut at the foot ('My refusal to give an oral' / 'reply to the GPU was called forth')
        or (not ends_sentence(prev) and runs_on(ln))
        # or it ends on a word in small letters, no mark at all: mid-sentence, the next line
        # opening with a capital as verse lines do ('is given by attributing this to the' /
        # 'Turkish government.'); a list of names ends its lines on capitals
        or _ends_on_small_word(prev)
    )
    if over_break:
        in_run = (
            (ctx.before is not None and in_inset_run(ctx.before, prev, pf, metrics, None))
            or (ctx.after is not None and in_inset_run(ln, ctx.after, frame, metrics, None))
        ) and in_inset_run(prev, ln, frame, metrics, None, prev_frame=pf)
    else:
        # a run set closer than the body (a quotation in smaller type) may go on after a full line
        # ending a sentence (`in_inset_run`'s `above`)
        closer = ctx.step is not None and ctx.step <= closer_step * metrics.pitch
        in_run = (
            ctx.filled
            or in_inset_run(
                prev,
                ln,
                frame,
                metrics,
                ctx.indent,
                edge=ctx.edge,
                above=ctx.above if closer else None,
            )
            and not _opens_body_paragraph(prev, ln, frame, metrics, ctx)
        )
    if long_enough and in_run:
        if over_break:
            # centred lines alike (a title over the break), not a block justified to a narrower
            # measure, whose lines end together
            both_centred = (
                _centred(prev, pf)
                and _centred(ln, frame)
                and abs(room(prev, pf) - room(ln, frame)) > 0.25 * metrics.line_height
                and not _flush_left(ctx.before, prev, pf, pf, metrics)
                and not _flush_left(ln, ctx.after, frame, frame, metrics)
            )
            ended = ends_sentence(prev) and not _fills_run(ctx.before, prev, ln, pf, metrics)
            return "gap" if ended or both_centred else None
        if spaced:
            return "gap"
        run = replace(pf, right=pf.left + ctx.edge) if ctx.edge is not None else pf
        wrapped = _ends_wrapped_paragraph(ctx.above2, ctx.above, prev, ln, pf, run, metrics)
        return "short-line" if wrapped else None
    if over_break and _leaves_set_in_run(prev, ln, frame, pf, metrics, ctx):
        return "gap"
    if over_break and _mid_sentence(prev, ln):
        # a sentence running on over the break unmarked ('…very sharp' / 'conflicts. But…'): no
        # paragraph opens there, whatever inset the next page's frame gives the line (a
        # photographed page's frame shifts from page to page)
        return None
    if is_indented(ln, frame, metrics) and not ln.text.startswith(_CLOSING):
        # a line opening on a closing quote ends a quotation: OCR lost the words before it
        return "indent"
    gap = min(gap_factor, metrics.para_gap or gap_factor)
    if broken_word(prev, ln):
        # a word broken over the two lines goes on: a curled photograph's steps grow down the
        # page; only a blank line's space (`blank_line` pitches) sets its halves apart
        gap = max(gap, blank_line)
    elif _mid_sentence(prev, ln):
        # so does a sentence running on unmarked ('…which denies' / 'them all…', 1.26 pitches
        # apart on a curled page): in a volume that spaces its paragraphs, a step nearer its own
        # paragraph space than the gap between the two sets them apart, else a blank line's
        gap = max(gap, (gap + metrics.para_space) / 2 if metrics.para_space else blank_line)
    if ctx.step is not None and ctx.step >= gap * metrics.pitch:
        return "gap"
    some_space = min(some_space, gap)
    if (
        is_short(prev, pf, metrics)
        and ends_sentence(prev)
        and (
            next_word_fits(prev, ln, pf, metrics)
            or (ctx.step is not None and ctx.step >= some_space * metrics.pitch)
        )
    ):
        return "short-line"
    if reach(prev, pf) < very_short * pf.width:
        return "short-line"
    if over_break and _ends_justified_paragraph(prev, ln, pf, metrics):
        return "short-line"
    if over_break and ends_sentence(prev) and _opens_numbered(ln):
        # a numbered point ('5. The statement…') after a sentence's end opens its own paragraph:
        # over the break no space or indent shows it
        return "short-line"
    if (
        is_short(prev, pf, metrics)
        and not runs_on(ln)
        and not prev.text.rstrip().endswith(("-", "\u00ad"))
        and next_word_fits(prev, ln, pf, metrics, space=wide_room)
    ):
        # a line stopping short where the next line's first word, a capital, would have fitted
        # with room to spare ends its paragraph whatever its last mark: a date or place line
        # over a letter in a narrow column, a heading's second line
        return "short-line"
    return None


def _ends_wrapped_paragraph(
    above2: Line | None,
    above: Line | None,
    prev: Line,
    ln: Line,
    pf: PageFrame,
    run: PageFrame,
    metrics: VolumeMetrics,
) -> bool:
    """Whether `prev`, in a run of lines set in alike, ends a paragraph of prose: the two lines above
    it had no room before the column's edge (`pf`) for the first word of the line under each
    (they were broken where the next word would not fit, as prose is; verse lines stop short of
    the column), and `prev` ends a sentence short of the run's own edge (`run`: the furthest its
    lines reach, where it has one; a block justified to a narrower measure ends its lines there)
    with room for `ln`'s first word. An introduction set in from the left and ragged ('…is in Writings' /
    '1929, pp. 486–90.' / 'From the Militant…'); a stanza's lines end where the verse does, with
    room for the next line's first word."""
    return (
        above is not None
        and above2 is not None
        and bool(prev.words)
        and not next_word_fits(above2, above, pf, metrics)
        and not next_word_fits(above, prev, pf, metrics)
        and ends_sentence(prev)
        and is_short(prev, run, metrics)
        and next_word_fits(prev, ln, run, metrics)
    )


def _ends_justified_paragraph(
    prev: Line, ln: Line, pf: PageFrame, metrics: VolumeMetrics, *, loose: float = 0.6
) -> bool:
    """Whether `prev`, the last line before a page or column break in a volume that justifies its
    lines and sets its paragraphs apart with space (`metrics.justified`, `metrics.para_space`),
    ends a paragraph although the next line's first word would not have fitted on it: it ends a
    sentence and stops more than `loose` body line heights short of the column's right edge,
    where a line inside a paragraph is stretched to reach it. Over the break no space is seen, and
    `ln`, flush with the column as every paragraph of such a volume starts, shows nothing."""
    return (
        metrics.justified
        and metrics.para_space is not None
        and bool(ln.words)
        and ends_sentence(prev)
        and room(prev, pf) > loose * metrics.line_height
    )


def broken_word(prev: Line, ln: Line) -> bool:
    """Whether `prev` ends with a word broken at its end (a hyphen after letters, specks OCR read
    after it, or glued before its rest, aside) and `ln` goes on with the rest of it, opening on a
    lower-case letter. Marks
    read from dust beside the break (`hyphenation.dust_at_break`) are passed over."""
    if not prev.words or not ln.words:
        return False
    after, before = hyphenation.dust_at_break(prev.words, ln.words)
    if after or before:
        return True
    start = hyphenation.without_specks(prev.words[-1].text)
    end = hyphenation.rest_without_specks(start, ln.words[0].text)
    rest = end.lstrip("\"'‘“„«‹([")
    return hyphenation.is_break(start, end) and rest[:1].islower()


def _fills_run(
    before: Line | None, prev: Line, ln: Line, pf: PageFrame, metrics: VolumeMetrics, *, space: float = 0.5
) -> bool:
    """Whether `prev`, the last line before a page or column break of a run of lines set in alike,
    reaches as far as the line above it (`before`) short of the first word of the line after the
    break (`ln`) and a space of `space` type heights: the run's own measure had no room for that
    word, so the line is full, and the sentence it ends is no sign that the run ends with it (a
    block quote justified to its measure going on over the page). A stanza's or a quote's last
    line stops short of that measure."""
    if before is None or not ln.words:
        return False
    gap = space * (metrics.type_height or metrics.line_height)
    return reach(prev, pf) >= reach(before, pf) - first_word(ln).bbox.width - gap


def _leaves_set_in_run(
    prev: Line,
    ln: Line,
    frame: PageFrame,
    pf: PageFrame,
    metrics: VolumeMetrics,
    ctx: PairContext,
    *,
    flush: float = 0.25,
    same: float = 0.25,
    least: float = 0.6,
) -> bool:
    """Whether, over a page or column break, `prev` ends a run of lines set in from the column's
    edge and `ln` stands at the edge: the line above `prev` (`ctx.before`) is set in at least
    `least` body line heights, not at the volume's paragraph indent, and `prev` starts where it
    does (within `same` line heights) or is its rest turned over; `ln` starts within `flush` line
    heights of its column's edge. A verse passage or a block quote ended at the foot, and the
    prose goes on at the edge: a block of its own, whatever the last set-in line's length or end
    (a verse line filling a narrow column left no room for the next line's first word, and
    the prose ran into the stanza)."""
    b = ctx.before
    lh = metrics.line_height
    if b is None or inset(ln, frame) > flush * lh:
        return False
    at = inset(b, pf)
    if at < least * lh or _at_indent(b, pf, metrics, metrics.indent):
        return False
    return abs(inset(prev, pf) - at) <= same * lh or is_turnover(b, prev, None, pf, metrics)


def _turned_over_break(
    prev: Line,
    ln: Line,
    frame: PageFrame,
    pf: PageFrame,
    metrics: VolumeMetrics,
    ctx: PairContext,
    *,
    same: float = 0.25,
) -> bool:
    """Whether a verse line turned over in a measure too narrow for it (`verse.is_turnover`, a
    narrow column) carries its stanza over a page or column break: `prev` is the turned rest of
    the line above it (`ctx.before`, set in a body line height or more) and `ln` starts where that
    line starts (within `same` line heights), the stanza's next line. A turned line stands deeper
    than its stanza, so the run of lines set in alike is not seen across the break."""
    lh = metrics.line_height
    b = ctx.before
    return (
        b is not None
        and inset(b, pf) >= lh
        and is_turnover(b, prev, None, pf, metrics)
        and abs(inset(ln, frame) - inset(b, pf)) <= same * lh
    )


def paragraph_indent(
    lines: Sequence[Line],
    frame: PageFrame,
    metrics: VolumeMetrics,
    *,
    flush: float = 0.25,
    stanza_gap: float = 1.15,
) -> float | None:
    """The page's paragraph indent, measured: the median inset of indented lines followed at the
    body pitch (closer than `stanza_gap` pitches, the least step `starts_paragraph` reads as space)
    by a line flush with the column (within `flush` body line heights), i.e. the first lines of
    paragraphs of more than one line. The last line of a verse passage or a block quote followed
    by a paragraph across space (in a volume that spaces its paragraphs, as little as 1.2
    pitches) is not one. Of the samples, those agreeing with
    the volume's indent (`metrics.indent`) when any do; the volume's indent when the lines show
    none (possibly None)."""
    insets = sorted(indent_samples(lines, frame, metrics, flush=flush, stanza_gap=stanza_gap))
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
    stanza_gap: float = 1.15,
    items: bool = True,
) -> list[float]:
    """The insets of indented lines followed at the pitch by a line flush with the column: the
    first lines of paragraphs of more than one line (see `paragraph_indent`). Without `items`, a
    flush line that opens with an item's number ("12.", "3)") is taken for a hanging indent's next
    item (a notes section, a numbered list), and the indented line above it for the turnover of
    the item before: no sample of the body's indent."""
    tol = flush * metrics.line_height
    return [
        inset(a, frame)
        for a, b in zip(lines, lines[1:], strict=False)
        if is_indented(a, frame, metrics)
        and abs(inset(b, frame)) <= tol
        and line_step(a, b) < stanza_gap * metrics.pitch
        and (items or not _opens_numbered(b))
    ]


_ITEM_NUMBER = re.compile(r"\d{1,3}[.)]")


_ITEM_LETTER = re.compile(r"\(?[a-z][.)]")


def _opens_lower(line: Line) -> bool:
    """Whether the line's first letter or figure is a small letter: a figure is none (a note's or
    an item's number), nor an item's letter ('(b)', 'b)', 'b.')."""
    first = next((c for c in line.text if c.isalnum()), "")
    token = next((w.text for w in line.words if any(c.isalnum() for c in w.text)), "")
    return first.islower() and not _ITEM_LETTER.fullmatch(token.strip("\"'’‘“”`_-"))


def _opens_numbered(line: Line) -> bool:
    """Whether the line's first token with a letter or figure (a speck before it skipped, quotes
    stripped) is an item's number: figures and a stop ("12.", "3)")."""
    token = next((w.text for w in line.words if any(c.isalnum() for c in w.text)), "")
    return bool(_ITEM_NUMBER.fullmatch(token.strip("\"'’‘“”`_-")))


def volume_indent(
    flows: Iterable[tuple[Sequence[Line], PageFrame]],
    metrics: VolumeMetrics,
    *,
    min_share: float = 0.5,
    min_samples: int = 5,
) -> float | None:
    """The volume's paragraph indent: the median of every flow's indent samples, in pixels (a
    page showing none, a list of names or a verse passage alone, then judges by it). None with
    fewer than `min_samples` samples (a volume with spaced paragraphs shows a few, from block
    quotes followed by a flush line) or when fewer than `min_share` of them agree with the
    median within a quarter of a line height. The hanging indents of numbered items (a notes
    section's) are no samples: a volume that spaces its paragraphs would take them for its indent."""
    samples = sorted(x for lines, frame in flows for x in indent_samples(lines, frame, metrics, items=False))
    if len(samples) < min_samples:
        return None
    median = samples[len(samples) // 2]
    near = sum(1 for x in samples if abs(x - median) <= 0.25 * metrics.line_height)
    return median if near >= min_share * len(samples) else None


def volume_para_space(
    flows: Iterable[tuple[Sequence[Line], PageFrame]],
    metrics: VolumeMetrics,
    *,
    span: tuple[float, float] = (1.15, 2.2),
    min_samples: int = 8,
) -> float | None:
    """The step between the paragraphs (in body pitches) of a volume that sets them apart with
    space rather than an indent (`metrics.indent` None): the median of the steps between lines
    within `span`. None for a volume that indents, or that shows fewer than `min_samples` such
    steps."""
    if metrics.indent is not None:
        return None
    pairs = ((a, b) for lines, _ in flows for a, b in zip(lines, lines[1:], strict=False))
    return median_step(pairs, metrics, span=span, min_samples=min_samples)


def volume_justified(
    flows: Iterable[tuple[Sequence[Line], PageFrame]],
    metrics: VolumeMetrics,
    *,
    tight: float = 0.3,
    share: float = 0.9,
    words: int = 5,
    min_samples: int = 20,
) -> bool:
    """Whether the volume justifies its lines: of the lines of `words` words or more followed at
    the pitch (closer than 1.15 pitches) by a line flush with the column (within a quarter of a
    line height), lines inside a paragraph mostly, at least `share` stop within `tight` body line
    heights of the column's right edge. A ragged column's lines end where their last word does
    (its edge is their most common end: a few end there). False with fewer than `min_samples`
    such lines."""
    lh = metrics.line_height
    rooms = [
        room(a, frame)
        for lines, frame in flows
        for a, b in zip(lines, lines[1:], strict=False)
        if len(a.words) >= words
        and line_step(a, b) < 1.15 * metrics.pitch
        and abs(inset(b, frame)) <= 0.25 * lh
    ]
    if len(rooms) < min_samples:
        return False
    return sum(1 for r in rooms if r <= tight * lh) >= share * len(rooms)


def volume_para_gap(space: float | None, *, clear: float = 1.4, least: float = 1.2) -> float | None:
    """The step between lines (in body pitches) from which a volume that sets its paragraphs apart
    with `space` (`volume_para_space`) rather than an indent starts a new paragraph: halfway
    between the pitch and that space, at least `least` and at most `clear` (a step that any book
    would call space). None for a volume that indents, or whose space could not be measured."""
    return None if space is None else halfway_gap(space, least=least, clear=clear)


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
    edge: float | None = None,
    space: float = 0.5,
    prev_frame: PageFrame | None = None,
    above: Line | None = None,
) -> bool:
    """Whether `line` goes on a run of lines set in from the column edge that `prev` belongs to: both
    start at the same inset (within `same` body line heights), and that inset is neither the page's
    paragraph indent nor the volume's (more than `distinct` line heights from both), or `prev` runs
    on to the right edge without ending a sentence (an indented first line that fills the measure
    ends no paragraph; in a ragged block quote at the indent, a line the next one's first word would
    not have fitted on fills it, measured against the run's own right edge `edge` when given), or
    fills it ending a sentence with the line `above` it at the same inset too (given for a run set
    closer than the body: three lines of a quotation in smaller type, the middle one full, are no
    paragraphs of one line each). Verse stanzas, block quotes and the lines beside a drop capital
    are set so; one-line paragraphs at the paragraph indent (dialogue) are not, but a line there
    going on in lower case with the sentence `prev` leaves open goes on its run. `prev_frame`: the
    frame of `prev` when it is on another page or column."""
    pf = prev_frame or frame
    at = inset(prev, pf)
    if min(at, inset(line, frame)) < 0.6 * metrics.line_height or (
        abs(inset(line, frame) - at) > same * metrics.line_height
    ):
        return False
    # at the paragraph indent: the page's as measured, or the volume's (a skewed page's lines
    # start a few pixels further left at its top than at its foot)
    if indent is None or all(
        abs(at - i) > distinct * metrics.line_height for i in (indent, metrics.indent) if i is not None
    ):
        return True
    full = not is_short(prev, pf, metrics) or not next_word_fits(prev, line, pf, metrics)
    if edge is not None and line.words:
        gap = space * (metrics.type_height or metrics.line_height)
        full = full or edge - reach(prev, pf) <= first_word(line).bbox.width + gap
    run_above = above is not None and abs(inset(above, pf) - at) <= same * metrics.line_height
    if _short_of_justified(prev, line, pf, frame, metrics):
        return False
    # a line at the indent going on in lower case with the sentence the line above it leaves
    # open: a stanza set at the paragraph indent ('I firmly shake your hand;' / 'and the same for
    # your whole colony,'), not a paragraph of one line; no paragraph opens mid-sentence
    return (full and (not ends_sentence(prev) or run_above)) or (
        not ends_sentence(prev) and _opens_lower(line)
    )


def _short_of_justified(
    prev: Line,
    line: Line,
    pf: PageFrame,
    frame: PageFrame,
    metrics: VolumeMetrics,
    *,
    tight: float = 0.3,
    loose: float = 0.6,
) -> bool:
    """Whether `prev` stops short of the column's right edge, by more than `loose` body line
    heights, where `line` under it runs to that edge (within `tight` line heights), in a volume
    that justifies its lines (`metrics.justified`): a justified paragraph's lines but its last
    reach the edge, so `prev` ends one whatever its last word, and `line` does not go on a run
    set in with it (a block quote's lines stop at the quote's own narrower measure together). A
    paragraph of one line at the indent that ends mid-sentence ('…given at the Fifteenth'), too
    long for the next line's first word, ran into the paragraph under it."""
    lh = metrics.line_height
    return (
        metrics.justified
        and room(line, frame) <= tight * lh
        and room(prev, pf) > loose * lh
        and not prev.text.rstrip().endswith(("-", "\u00ad"))
    )


def _flush_left(
    a: Line | None,
    b: Line | None,
    fa: PageFrame,
    fb: PageFrame,
    metrics: VolumeMetrics,
    *,
    same: float = 0.25,
) -> bool:
    """Whether two lines of a run start together (within `same` body line heights) and end apart:
    set flush left at one inset (a verse stanza), not centred, whatever their ends."""
    if a is None or b is None:
        return False
    tol = same * metrics.line_height
    return abs(inset(a, fa) - inset(b, fb)) <= tol and abs(reach(a, fa) - reach(b, fb)) > tol


def _centred(line: Line, frame: PageFrame, *, tolerance: float = 0.06) -> bool:
    return abs((inset(line, frame) + reach(line, frame)) / 2 - frame.width / 2) <= tolerance * frame.width


def continues_over_break(
    last_line: Line,
    last_frame: PageFrame,
    first_line: Line,
    first_frame: PageFrame,
    metrics: VolumeMetrics,
    *,
    before_last: Line | None = None,
    after_first: Line | None = None,
    block_before: Sequence[Line] = (),
    block_after: Sequence[Line] = (),
) -> bool:
    """Whether the next page's (or column's) first body line continues the paragraph that ended the
    previous one: `starts_paragraph` over a break, where the space between the two lines is not
    seen and the line above the last (`before_last`) or the one below the first (`after_first`)
    is what shows a run set in from the edge. A verse line turned over next to the break
    (`_turned_over_break`), and a run set in that ends at the break with the next line at the
    column's edge (`_leaves_set_in_run`), are answered by the rules alone: the learned model was
    never asked about either there. Two verse stanzas that together would have more lines than
    any stanza the volume shows whole (`_stanza_too_long`; `block_before` the block ending at the
    break, `block_after` the one starting after it) are two: a stanza ended at the foot. Else a
    word broken over the break (`broken_word`: 'work-' / 'ing.') continues the paragraph."""
    if _stanza_too_long(block_before, last_frame, block_after, first_frame, metrics):
        return False
    # dust read as a line of its own at the column's foot or head: the text lines on either side
    # of the break are the ones that meet there
    if is_speck_line(last_line) and (text := [ln for ln in block_before if not is_speck_line(ln)]):
        last_line, before_last = text[-1], text[-2] if len(text) > 1 else None
    if is_speck_line(first_line) and (text := [ln for ln in block_after if not is_speck_line(ln)]):
        first_line, after_first = text[0], text[1] if len(text) > 1 else None
    if broken_word(last_line, first_line):
        # a word broken at the foot goes on at the head: no measure taken over the break (a column
        # frame read askew on a photographed page set the whole column in) outweighs its halves
        return True
    ctx = PairContext(before=before_last, after=after_first)
    turned = _turned_over_break(last_line, first_line, first_frame, last_frame, metrics, ctx)
    ctx = replace(ctx, turned=turned)
    left = _leaves_set_in_run(last_line, first_line, first_frame, last_frame, metrics, ctx)
    return (
        starts_paragraph(
            last_line,
            first_line,
            first_frame,
            metrics,
            ctx,
            prev_frame=last_frame,
            learned=not (turned or left),
        )
        is None
    )


def _mid_sentence(last: Line, first: Line) -> bool:
    """Whether a sentence runs on from `last` to `first`: `last` ends on a letter or a figure, no
    mark at all, and `first` opens in lower case ('…very sharp' / 'conflicts. But now…')."""
    end = last.text.rstrip()[-1:]
    return end.isalnum() and _opens_lower(first)


def _stanza_too_long(
    before: Sequence[Line],
    before_frame: PageFrame,
    after: Sequence[Line],
    after_frame: PageFrame,
    metrics: VolumeMetrics,
    *,
    same: float = 0.25,
) -> bool:
    """Whether the verse stanza ending at a page or column foot (`before`) and the one starting
    after the break (`after`), each of two lines or more, set in alike (within `same` body line
    heights) and each verse by its own lines (`verse.is_verse`), would make a stanza of more
    printed lines than the most any stanza of the volume shows whole (`metrics.stanza_lines`):
    over a break, where no stanza space is seen, the count of lines is what shows a stanza ended
    at the foot. Without that measure (too few stanzas seen whole) nothing is said."""
    most = metrics.stanza_lines
    if most is None or len(before) < 2 or len(after) < 2 or len(before) + len(after) <= most:
        return False
    if abs(inset(before[-1], before_frame) - inset(after[0], after_frame)) > same * metrics.line_height:
        return False
    return is_verse(before, before_frame, metrics) and is_verse(after, after_frame, metrics)
