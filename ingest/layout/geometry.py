"""Page geometry shared by the cleanups: lines in reading order and the page's measures.

Input blocks (Tesseract paragraphs or text-layer line groups) are not trusted: every cleanup works on
the page's lines, re-sorted top to bottom, with pieces of one printed row merged back together.
Measures are relative to the volume (median body line height and pitch) and to the page (body left
and right edge), so that thresholds are fractions of them rather than pixels.
"""

from __future__ import annotations

import statistics
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ingest.model import BBox, Line, Page, Word


@dataclass(frozen=True)
class VolumeMetrics:
    """Typical body line height, line pitch (top to top) and type height (a line's median word
    height, see `type_height`) over the volume, in pixels; `indent` the volume's paragraph indent
    (`paragraphs.volume_indent`), None when it sets none or it was not measured; `para_gap` the
    step between lines, in pitches, from which there is space between them for a new paragraph
    (`paragraphs.volume_para_gap`), None when not measured; `para_space` the step between the
    paragraphs of a volume that sets them apart with space, in pitches (`paragraphs.volume_para_space`),
    None when it does not or it was not measured; `stanza_gap` the step, in pitches, from which
    lines set in alike (verse, a block quote) stand apart as stanzas
    (`verse.volume_stanza_gap`), None when not measured; `stanza_lines` the most printed lines
    a whole verse stanza of the volume has (`verse.volume_stanza_lines`), None when too few were
    seen whole; `justified` whether the volume justifies its lines to the column's measure
    (`paragraphs.volume_justified`), False when it sets them ragged or that was not seen."""

    line_height: float
    pitch: float
    type_height: float = 0.0
    indent: float | None = None
    para_gap: float | None = None
    para_space: float | None = None
    stanza_gap: float | None = None
    stanza_lines: int | None = None
    justified: bool = False


@dataclass(frozen=True)
class PageFrame:
    """The body text column of one page: left and right edge in pixels."""

    left: float
    right: float
    slope: float = 0.0  # both edges move by `slope` pixels per pixel down (a page set askew)
    y_ref: float = 0.0  # where the edges are `left` and `right`

    @property
    def width(self) -> float:
        return max(1.0, self.right - self.left)

    def left_at(self, y: float) -> float:
        return self.left + self.slope * (y - self.y_ref)

    def right_at(self, y: float) -> float:
        return self.right + self.slope * (y - self.y_ref)

    @property
    def center(self) -> float:
        return (self.left + self.right) / 2


def is_noise(word: Word, type_height: float, *, max_height: float = 3.5, min_aspect: float = 2.0) -> bool:
    """Whether a 'word' is scanner noise (a dark border or a fold read as letters): taller than
    `max_height` times the page's type height and at least `min_aspect` times taller than wide."""
    b = word.bbox
    return b.height > max_height * type_height and b.height >= min_aspect * max(1, b.width)


def is_rule(
    word: Word, type_height: float, *, flat: float = 0.75, per_char: float = 2.0, unsure: float = 0.5
) -> bool:
    """Whether a 'word' is a printed rule read as letters (the rule over a page's notes, curled or
    blurred on a photographed page, read 'We' or 'ee'): read unsure (under `unsure`), flatter
    than `flat` of the page's type height, and wider than `per_char` type heights for each
    character read. A printed word's letters are each narrower than the type is high, however
    spaced. A dash or a rule read as marks ('—', '___') is read for what it is: only a word with a
    letter or a figure in it is taken for one (a spaced dash floats flat and wide in a justified
    line's white)."""
    b = word.bbox
    return (
        any(c.isalnum() for c in word.text)
        and word.confidence < unsure
        and b.height < flat * type_height
        and b.width > per_char * type_height * max(1, len(word.text))
    )


def rule_pieces(
    line: Line, type_height: float, *, sliver: float = 0.15, unsure: float = 0.5, short: int = 2
) -> list[Word]:
    """The words of a line that are a printed rule or dust read as letters: words with a letter or
    a figure in them read unsure (under `unsure`) and boxed a sliver under `sliver` of the type
    height. No letter is a stroke's thickness tall. On a line of such words and marks alone, all of
    them ('ee' boxed 58 by 2 px in 37 px type beside '——': the rule over a page's notes, broken by
    a camera's blur); on a line with type in it, those of at most `short` characters (a speck read
    'a' or 'm'). A longer run of flat letters beside type is a contents entry's leader dots read
    as letters ('eesceeceee…' between a title and its page), which tell a contents page without a
    title of its own: it stays."""
    lettered = [w for w in line.words if any(c.isalnum() for c in w.text)]
    flat = [w for w in lettered if w.confidence < unsure and w.bbox.height < sliver * type_height]
    if lettered and len(flat) == len(lettered):
        return flat
    return [w for w in flat if len(w.text) <= short]


def misboxed(word: Word, height: float, *, min_letters: int = 3, letter_width: float = 0.25) -> bool:
    """Whether OCR read `min_letters` letters or more in a box that could not hold half of them (a
    letter at least `letter_width` of the type's `height` wide): '"Reply' in a 3-pixel box. OCR
    gave the word the box of a speck beside it; the reading is the word's ink, not dust."""
    letters = sum(c.isalpha() for c in word.text)
    return letters >= min_letters and word.bbox.width < 0.5 * letters * letter_width * height


def floating_specks(
    line: Line, type_height: float, *, unsure: float = 0.5, max_height: float = 0.5, apart: float = 2.0
) -> list[Word]:
    """Dust read as tokens in a line: read unsure (confidence under `unsure`), under `max_height`
    of the type height, floating above the baseline, and either a dot or a mark prose never sets
    alone ('.', ',', '_', '~', '|'; a dash floats at mid-height legitimately) or at least `apart`
    type heights from any other word ('7' beside a short last line). A raised footnote call sits
    right after its word, a full stop on the baseline. A word whose box is a speck's but whose
    reading is a word's (`misboxed`), with words of the line after it, is no dust."""
    bottoms = sorted(w.bbox.y1 for w in line.words)
    baseline = bottoms[len(bottoms) // 2]
    small = [
        w
        for w in line.words
        if w.confidence < unsure
        and w.bbox.height < max_height * type_height
        and w.bbox.y1 < baseline - 0.3 * type_height
        and not (misboxed(w, type_height) and any(x.bbox.x0 > w.bbox.x1 for x in line.words))
    ]
    out = []
    for w in small:
        others = [x for x in line.words if x is not w and x not in small]
        gap = min((max(x.bbox.x0 - w.bbox.x1, w.bbox.x0 - x.bbox.x1) for x in others), default=1e9)
        if all(c in ".,·`_~|©" for c in w.text) or gap >= apart * type_height:
            out.append(w)
    return out


def line_without(line: Line, words: Sequence[Word]) -> list[Line]:
    """The line without `words` (its box fitted to the words left), or no line when none are left."""
    if not words:
        return [line]
    good = [w for w in line.words if w not in words]
    return [Line(words=tuple(good), bbox=BBox.enclosing([w.bbox for w in good]))] if good else []


def noise_blocks(page: Page) -> set[str]:
    """Ids of the blocks an earlier cleanup set apart as noise (a cleaned page fed back): their words
    stay noise rather than being judged again out of their lines."""
    return {str(d.data.get("block")) for d in page.decisions if d.kind == "noise"}


def _merge_rows(lines: Sequence[Line], row_overlap: float) -> list[Line]:
    out: list[Line] = []
    for ln in sorted(lines, key=lambda ln: (ln.bbox.y0, ln.bbox.x0)):
        if any(a.bbox.x0 > b.bbox.x0 for a, b in zip(ln.words, ln.words[1:], strict=False)):
            ln = Line(words=tuple(sorted(ln.words, key=lambda w: w.bbox.x0)), bbox=ln.bbox)  # left to right
        merged = False
        for i in range(len(out) - 1, max(-1, len(out) - 4), -1):
            prev = out[i]
            if _same_row(prev.bbox, ln.bbox, row_overlap) and _side_by_side(prev, ln):
                words = tuple(sorted(prev.words + ln.words, key=lambda w: w.bbox.x0))
                out[i] = Line(words=words, bbox=prev.bbox.union(ln.bbox))
                merged = True
                break
        if not merged:
            out.append(ln)
    out.sort(key=lambda ln: (ln.bbox.y0, ln.bbox.x0))
    return out


def _same_row(a: BBox, b: BBox, row_overlap: float) -> bool:
    overlap = min(a.y1, b.y1) - max(a.y0, b.y0)
    return overlap >= row_overlap * max(1, min(a.height, b.height))


def _side_by_side(a: Line, b: Line, *, slack: int = 5) -> bool:
    """Whether no word of one line overlaps a word of the other horizontally (by more than `slack`
    pixels): the lines are pieces of one row, side by side or interleaved (a cleaned contents line
    split into its title and its leader and page)."""
    return all(
        wa.bbox.x1 <= wb.bbox.x0 + slack or wb.bbox.x1 <= wa.bbox.x0 + slack
        for wa in a.words
        for wb in b.words
    )


def volume_metrics(pages_lines: Iterable[Sequence[Line]], *, min_words: int = 5) -> VolumeMetrics:
    """Median height of lines with at least `min_words` words, and the median top-to-top distance of
    consecutive such lines (pitch), over the whole volume: body text dominates any book."""
    heights: list[float] = []
    types: list[float] = []
    pitches: list[float] = []
    for lines in pages_lines:
        full = [ln for ln in lines if len(ln.words) >= min_words]
        heights += [ln.bbox.height for ln in full]
        types += [type_height(ln) for ln in full]
        for a, b in zip(lines, lines[1:], strict=False):
            if len(a.words) >= min_words and len(b.words) >= min_words:
                pitches.append(b.bbox.y0 - a.bbox.y0)
    h = statistics.median(heights) if heights else 40.0
    pitch_candidates = [p for p in pitches if 0.9 * h < p < 2.5 * h]
    p = statistics.median(pitch_candidates) if pitch_candidates else 1.4 * h
    # Footnote lines (smaller pitch) can be numerous; the body pitch is the upper cluster.
    upper = [x for x in pitch_candidates if x >= 0.9 * p]
    pitch = statistics.median(upper) if upper else p
    # the body's type is the upper cluster too (notes are set smaller)
    t = statistics.median(types) if types else 0.75 * h
    upper_t = [x for x in types if x >= 0.9 * t]
    return VolumeMetrics(line_height=h, pitch=pitch, type_height=statistics.median(upper_t) if upper_t else t)


def line_size(line: Line) -> float | None:
    """The line's type size from its source (median `Word.size` of a text layer), or None (OCR)."""
    sizes = sorted(w.size for w in line.words if w.size is not None)
    return sizes[len(sizes) // 2] if sizes else None


def source_sizes(lines: Sequence[Line]) -> list[float] | None:
    """Every line's type size from the text layer (`line_size`), or None unless every line has one
    (a corrected word may have lost it; then box heights are compared throughout)."""
    sizes = [line_size(ln) for ln in lines]
    return None if any(s is None for s in sizes) else [float(s) for s in sizes if s is not None]


def text_words(line: Line) -> list[Word]:
    """The line's words that hold a letter or a figure (not a stray mark, rule or speck)."""
    return [w for w in line.words if any(c.isalnum() for c in w.text)]


def type_height(line: Line) -> float:
    """The line's type size in pixels: the median height of its words. Unlike the line's box, this
    does not grow with one tall word or shrink with one short one, so it tells smaller type (notes)
    from body type even on warped scans."""
    hs = sorted(w.bbox.height for w in text_words(line)) or sorted(w.bbox.height for w in line.words)
    return float(statistics.median(hs)) if hs else 0.0


#: Glyphs that reach below the baseline (lower-case descenders, 'Q', the comma's and semicolon's
#: tails): a word holding one has its box's foot below the line's baseline.
DESCENDERS = frozenset("gjpqyQ,;")


#: Lower-case letters that rise to the ascender line (a "t" stops short of it).
ASCENDERS = frozenset("bdfhkl")


def rises(word: Word) -> bool:
    """Whether the word holds a glyph that rises to the ascender line or the capitals' height: an
    ascender (`ASCENDERS`), a capital or a figure. A word of x-height letters alone ('was', 'a',
    'sure') stands lower, and its box's top with it."""
    return any(c in ASCENDERS or c.isupper() or c.isdigit() for c in word.text)


#: What reaches below the baseline in a word's box: the descenders and brackets.
BELOW_BASELINE = DESCENDERS | frozenset("()[]{}")


def reaches_below(word: Word) -> bool:
    """Whether the word holds a glyph that reaches below the baseline (`BELOW_BASELINE`)."""
    return bool(BELOW_BASELINE & set(word.text))


def baseline(line: Line) -> float | None:
    """The line's baseline: the median foot of its words of two or more letters or figures without
    a glyph that reaches below it (`BELOW_BASELINE`); None without one. Unlike the line's top, it
    does not move with the letters' heights: capitals, small capitals and lower case stand on it
    alike, and a rule or a mark boxed over a word leaves it where it is."""
    feet = sorted(
        w.bbox.y1 for w in line.words if sum(c.isalnum() for c in w.text) >= 2 and not reaches_below(w)
    )
    return float(statistics.median(feet)) if feet else None


def letter_height(lines: Sequence[Line], *, least: int = 3) -> float | None:
    """The page's letter height: the median box height of its words of two or more letters or
    figures (specks, marks and lone letters aside); None when there are fewer than `least`."""
    heights = [w.bbox.height for ln in lines for w in ln.words if sum(c.isalnum() for c in w.text) >= 2]
    return float(statistics.median(heights)) if len(heights) >= least else None


def page_frame(
    lines: Sequence[Line],
    width: int,
    *,
    tolerance: float = 12.0,
    min_width: float = 0.5,
    min_share: float = 0.5,
) -> PageFrame:
    """The body column: the left edge and the most common right edge of lines at least `min_width`
    of the page wide (within `tolerance` pixels), so indents and short last lines do not move it.
    The left edge is the leftmost edge shared by at least `min_share` of the most common one's
    lines: on a page of many short indented paragraphs (a numbered list) the indent can be the
    most common left edge."""
    wide = [ln for ln in lines if ln.bbox.width >= min_width * width] or list(lines)
    if not wide:
        return PageFrame(0.0, float(width))
    return PageFrame(
        _leftmost_common(sorted(ln.bbox.x0 for ln in wide), tolerance, min_share),
        _mode(sorted(ln.bbox.x1 for ln in wide), tolerance, high=True),
    )


def skewed_frame(
    lines: Sequence[Line],
    frame: PageFrame,
    line_height: float,
    *,
    near: float = 1.0,
    fit: float = 0.3,
    min_lines: int = 6,
    min_share: float = 0.5,
    min_drift: float = 0.25,
) -> PageFrame:
    """The frame of a column whose left edge runs askew (a photographed or skewed page): the lines
    starting within `near` line heights of the frame's left edge and running over half its width
    give the edge's slope (the median of their pairwise slopes, so indented lines do not sway it);
    the lines within `fit` line heights of that edge, at least `min_lines` of them and `min_share`
    of those near, place it. The frame is returned as it is unless the edge moves by at least
    `min_drift` line heights from the column's top line to its bottom one."""
    pts = [
        ((ln.bbox.y0 + ln.bbox.y1) / 2, float(ln.bbox.x0))
        for ln in lines
        if ln.bbox.x0 - frame.left <= near * line_height and ln.bbox.width >= 0.5 * frame.width
    ]
    if len(pts) < min_lines:
        return frame
    slopes = sorted(
        (xb - xa) / (yb - ya)
        for i, (ya, xa) in enumerate(pts)
        for yb, xb in pts[i + 1 :]
        if yb - ya > line_height
    )
    if not slopes:
        return frame
    slope = slopes[len(slopes) // 2]
    ys = [y for y, _ in pts]
    if abs(slope) * (max(ys) - min(ys)) < min_drift * line_height:
        return frame
    residuals = sorted(x - slope * y for y, x in pts)
    base = residuals[len(residuals) // 4]  # the flush lines (indented ones lie to the right)
    inliers = [r for r in residuals if abs(r - base) <= fit * line_height]
    if len(inliers) < max(min_lines, min_share * len(pts)):
        return frame
    y_ref = statistics.median(ys)
    left = statistics.median(inliers) + slope * y_ref
    rights = sorted(
        int(ln.bbox.x1 - slope * ((ln.bbox.y0 + ln.bbox.y1) / 2 - y_ref))
        for ln in lines
        if ln.bbox.width >= 0.5 * frame.width
    )
    right = _mode(rights, 0.3 * line_height, high=True)
    return PageFrame(left, max(right, left + 1.0), slope, y_ref)


def _leftmost_common(values: list[int], tolerance: float, min_share: float) -> float:
    best_n = max(sum(1 for x in values if abs(x - v) <= tolerance) for v in values)
    for v in values:  # ascending
        near = [x for x in values if abs(x - v) <= tolerance]
        if len(near) >= max(2, min_share * best_n):
            return float(statistics.median(near))
    return _mode(values, tolerance)


def _mode(values: list[int], tolerance: float, *, high: bool = False) -> float:
    """The value with the most others within `tolerance`; ties go to the lower (or higher) one."""
    best, best_n = float(values[0]), 0
    for v in values:
        n = sum(1 for x in values if abs(x - v) <= tolerance)
        if n > best_n or (n == best_n and high and v > best):
            best, best_n = float(v), n
    near = [x for x in values if abs(x - best) <= tolerance]
    return float(statistics.median(near))


def split_margin_specks(
    lines: Sequence[Line],
    frame: PageFrame,
    line_height: float,
    *,
    outside: float = 0.5,
    max_width: float = 1.5,
    unsure: float = 0.5,
    small: float = 0.5,
    width: float | None = None,
    reach: float = 0.25,
    doubt_share: float = 0.6,
    min_letters: int = 3,
    letter_width: float = 0.25,
) -> tuple[list[Line], list[Line], dict[int, Line]]:
    """The page's lines without specks in the margins, those specks, and the lines that lost specks
    at their ends (by the `id` of the line as given). Specks are lines narrower than `max_width`
    body line heights lying wholly outside the body column (by `outside` line heights): a dark
    border or dust read as "%" or "BE" beside the running head would otherwise make the head group
    look like three lines of text. A line's first or last words that lie so far out, as narrow,
    and are read unsure (confidence under `unsure`) are such specks too: dust in the margin beside
    a line of text is read into its row ('Kharkov 8' on a heavy scan, the "8" far right of the
    column), where a folio hanging in the margin is read sure; on a page read sure, so is such a
    word read under `doubt_share` of the page's median word confidence ('ques- 4' on a heavy scan,
    the "4" a speck far right of the column read at 0.51: far less sure than the page, as
    `furniture.read_unsure` judges a line). Such a word less than `small` body
    line heights tall is a speck however sure OCR was of it: a mark in a spread's gutter shadow
    read as "2" by the second pass over the ink no word covers, a quarter of the type's size. So is
    such a word within `reach` body line heights of the image's left or right side (`width` the
    image's width): print stands inside a margin, and a mark at the image's side is the shadow of a
    spread's gutter where the spread was cut ("3" read at the cut, glued to a column's line), or the
    edge of a photographed leaf ("pro- 2"). A line's first word of `min_letters` letters or more
    whose box could not hold half of them (a letter at least `letter_width` line heights wide) is
    no speck, away from the image's side: OCR read a word and gave it the box of dust beside it,
    and the line's words go on after it. At a line's end such a 'word' is dust read as letters
    ('MGT' in a 7-pixel box at the image's edge, beside 'forever re-')."""
    kept: list[Line] = []
    specks: list[Line] = []
    renewed: dict[int, Line] = {}
    margin = outside * line_height
    confidences = [w.confidence for ln in lines for w in ln.words]
    doubt = max(unsure, doubt_share * statistics.median(confidences)) if confidences else unsure

    def out_of_column(b: BBox) -> bool:
        return (
            b.x1 < frame.left - margin or b.x0 > frame.right + margin
        ) and b.width < max_width * line_height

    def at_side(b: BBox) -> bool:
        near = reach * line_height
        return width is not None and (b.x0 <= near or b.x1 >= width - near)

    for ln in lines:
        if out_of_column(ln.bbox):
            specks.append(ln)
            continue
        words = list(ln.words)
        peeled: list[Word] = []
        for end in (0, -1):
            while (
                len(words) > 1
                and (
                    words[end].confidence < doubt
                    or words[end].bbox.height < small * line_height
                    or at_side(words[end].bbox)
                )
                and out_of_column(words[end].bbox)
                and not (
                    end == 0
                    and not at_side(words[end].bbox)
                    and misboxed(words[end], line_height, min_letters=min_letters, letter_width=letter_width)
                )
            ):
                peeled.append(words.pop(end))
        if peeled:
            specks.append(Line(tuple(peeled), BBox.enclosing([w.bbox for w in peeled])))
            renewed[id(ln)] = Line(tuple(words), BBox.enclosing([w.bbox for w in words]))
        kept.append(renewed.get(id(ln), ln))
    return kept, specks, renewed


def split_tiny_figures(
    lines: Sequence[Line], line_height: float, *, tiny: float = 0.3, share: float = 0.5, most: int = 3
) -> tuple[list[Line], list[Line], dict[int, Line]]:
    """The page's lines without figures too small to be print, those figures (as specks), and the
    lines that lost some (by the `id` of the line as given). A word of at most `most` figures
    standing apart (a word of its own) less than `tiny` body line heights tall, and under `share` of
    its line's other words' median height, is a speck read as a figure: the smallest figures a book
    sets, a note's call or number in type some 60% of the body's, stand over a third of a body line
    (the line's box reaching from ascenders to descenders), and a call is read glued to its word.
    Such a speck read as "7" on a line of its own, or as "2" among a line's words, would otherwise
    run into the paragraph as a number."""
    kept: list[Line] = []
    specks: list[Line] = []
    renewed: dict[int, Line] = {}
    for ln in lines:
        figures = [w.text.isdigit() and len(w.text) <= most for w in ln.words]
        others = [w.bbox.height for w, f in zip(ln.words, figures, strict=True) if not f]
        cap = tiny * line_height
        if others:
            cap = min(cap, share * statistics.median(others))
        gone = [f and w.bbox.height < cap for w, f in zip(ln.words, figures, strict=True)]
        if not any(gone):
            kept.append(ln)
            continue
        drop = [w for w, g in zip(ln.words, gone, strict=True) if g]
        specks.append(Line(tuple(drop), BBox.enclosing([w.bbox for w in drop])))
        rest = [w for w, g in zip(ln.words, gone, strict=True) if not g]
        if rest:
            renewed[id(ln)] = Line(tuple(rest), BBox.enclosing([w.bbox for w in rest]))
            kept.append(renewed[id(ln)])
    return kept, specks, renewed


def split_stray_figures(
    lines: Sequence[Line],
    line_height: float,
    height: int,
    *,
    unsure: float = 0.5,
    apart: float = 3.0,
    tall: float = 1.5,
    most: int = 3,
    zone: float = 0.12,
) -> tuple[list[Line], list[Line], dict[int, Line]]:
    """The page's lines without stray marks read as figures, those marks (as specks), and the
    lines that lost some (by the `id` of the line as given). A word of at most `most` figures
    read unsure (under `unsure`) among a line's words is a mark, not print, when it ends its line
    `apart` body line heights or more past the word before it (show-through of the facing page
    read "7" far right of a paragraph's last line "idiotic."; a justified line's widest space is
    about one line height), or stands over `tall` times its line's median word height (the curl
    of a photographed spread read as a "2" two lines tall amid a line's words). A figure printed
    in the text is read sure and sits in its line. Lines in the top or bottom `zone` of the page
    (running heads and folios, whose unsure folio stands apart from the head) are not looked at;
    nor is a line that is the figure alone."""
    kept: list[Line] = []
    specks: list[Line] = []
    renewed: dict[int, Line] = {}
    for ln in lines:
        words = list(ln.words)
        if len(words) < 2 or ln.bbox.y1 <= zone * height or ln.bbox.y0 >= (1 - zone) * height:
            kept.append(ln)
            continue
        mid = statistics.median(w.bbox.height for w in words)
        drop = []
        for k, w in enumerate(words):
            if not (w.text.isdigit() and len(w.text) <= most and w.confidence < unsure):
                continue
            far = k == len(words) - 1 and w.bbox.x0 - words[k - 1].bbox.x1 >= apart * line_height
            if far or w.bbox.height > tall * mid:
                drop.append(w)
        if not drop:
            kept.append(ln)
            continue
        specks.append(Line(tuple(drop), BBox.enclosing([w.bbox for w in drop])))
        rest = [w for w in words if w not in drop]
        renewed[id(ln)] = Line(tuple(rest), BBox.enclosing([w.bbox for w in rest]))
        kept.append(renewed[id(ln)])
    return kept, specks, renewed


def align_in_order(
    n: int,
    m: int,
    score: Callable[[int, int], float | None],
    band: Sequence[tuple[int, int]] | None = None,
) -> list[int | None]:
    """Pair items 0..n-1 with items 0..m-1 keeping both in order (no crossing pairs), maximising the
    summed `score(i, j)`; `score` returns None where i and j may not be paired. Returns, for each
    i, the j it is paired with or None.

    `band[i]` = (lo, hi): the only j that i may be paired with lie in lo..hi, and neither bound
    goes down as i goes up (notes and calls in volume order, each note's calls on its page or the
    one before). Only those pairs are scored and kept, so a long volume costs what its pages do,
    not its notes times its calls; the answer is the one the whole table gives, ties included."""
    bands = list(band) if band is not None else [(0, m - 1)] * n
    vals: list[array[float]] = [array("d")] * n  # row i's best sums over its band
    moves: list[bytearray] = [bytearray()] * n

    def value(i: int, j: int) -> float:
        # the best sum of pairing items i.. with items j..: outside row i's band it is the next
        # row's (past the band) or the band's first (before it)
        while i < n:
            lo, hi = bands[i]
            if lo <= hi and j <= hi:
                return float(vals[i][max(j, lo) - lo])
            i += 1
        return 0.0

    for i in range(n - 1, -1, -1):
        lo, hi = bands[i]
        if lo > hi:
            continue
        row = array("d", bytes(8 * (hi - lo + 1)))
        mv = bytearray(hi - lo + 1)
        nxt = value(i + 1, hi + 1)
        for j in range(hi, lo - 1, -1):
            below = value(i + 1, j)
            options = [(below, 1), (nxt, 2)]
            sc = score(i, j)
            if sc is not None:
                options.append((value(i + 1, j + 1) + sc, 3))
            row[j - lo], mv[j - lo] = max(options)
            nxt = row[j - lo]
        vals[i], moves[i] = row, mv
    out: list[int | None] = [None] * n
    i = j = 0
    while i < n and j < m:
        lo, hi = bands[i]
        if lo <= j <= hi:
            step = moves[i][j - lo]
        else:  # no pair: skip j when that loses nothing (as the whole table's ties go), else i
            step = 2 if value(i, j + 1) >= value(i + 1, j) else 1
        if step == 3:
            out[i] = j
            i += 1
            j += 1
        elif step == 1:
            i += 1
        else:
            j += 1
    return out
