"""Running heads, page numbers and printed page labels, found by repetition across the volume.

A page's head group is its top line(s) set off from the body by a gap; its foot group a short last
line set off the same way. A head group is a running head when it sits in the volume's head band
(the height at which repeated head lines sit) and is not larger than body text, so a chapter title
printed as a heading on its opening page is not mistaken for the running head that repeats it.
Folios are read from the head corner (first or last token of the head line, possibly glued to the
running head) or from a short centred foot line; the sequence over the volume then fixes misreads
(`l7`, `I7`) and fills pages that show none.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from ingest.layout import numerals
from ingest.layout.geometry import VolumeMetrics, baseline, text_words, type_height
from ingest.layout.numerals import int_to_roman, roman_to_int
from ingest.model import Line, Word

#: Marks around a folio: punctuation and specks OCR reads beside it, and the decoration a book
#: prints it with (`[12]`, `(12)`, `— 12 —`).
_STRIP = ".,;:'’‘\"“”·•-—–_~*°[](){}"


@dataclass(frozen=True)
class Folio:
    """One reading of a printed page number: `kind` arabic or roman, its value, and whether the
    token read exactly so (`exact`) or only after undoing OCR look-alikes."""

    kind: str
    value: int
    exact: bool


def parse_folio(token: str, *, max_len: int = 5, max_value: int = 2000) -> list[Folio]:
    """Every plausible reading of `token` as a page number: exact arabic, exact roman, and the same
    after undoing common OCR look-alikes (`l7`→17, `il`→ii). Empty when it cannot be one."""
    t = token.strip(_STRIP)
    if not t or len(t) > max_len:
        return []
    out: list[Folio] = []
    if t.isdigit():
        return [Folio("arabic", int(t), True)] if 0 < int(t) <= max_value else []
    fixed = t.translate(numerals.FOLIO_DIGITS)
    if fixed.isdigit() and any(c.isdigit() for c in t) or (fixed.isdigit() and len(t) <= 3):
        if 0 < int(fixed) <= max_value:
            out.append(Folio("arabic", int(fixed), False))
    r = roman_to_int(t) if t.islower() or t.isupper() else None
    if r:
        out.append(Folio("roman", r, t.islower()))
    else:
        rr = roman_to_int(t.lower().translate(numerals.LOWER_ROMAN_LOOKALIKES))
        if rr and t.lower() == t:
            out.append(Folio("roman", rr, False))
    return out


def folio_label(f: Folio) -> str:
    return str(f.value) if f.kind == "arabic" else int_to_roman(f.value)


@dataclass(frozen=True)
class Margins:
    """The furniture candidates of one page: indices of the head group's lines (top first) and of
    the foot line, if any."""

    head: tuple[int, ...]
    foot: int | None
    below: tuple[int, ...] = ()  # lines under the foot line read as marks with doubt (specks, an edge)
    above: tuple[int, ...] = ()  # lines over the head group read as marks (`noise_over_head`)
    above_apart: bool = False  # those marks set off from the head group by a gap of their own
    # a last line that stands where a foot line does but reads no folio: one short token
    foot_unread: int | None = None
    # the last lines read as marks with doubt, no folio over them, running to the image's bottom
    # edge: the scan's edge read as letters
    edge: tuple[int, ...] = ()
    # a rule printed under the head group, read as dashes (`rule_line`)
    rule: tuple[int, ...] = ()


def margin_groups(
    lines: Sequence[Line],
    metrics: VolumeMetrics,
    page_height: int,
    *,
    gap_factor: float = 1.45,
    max_head_lines: int = 2,
    head_zone: float = 0.12,
    foot_zone: float = 0.12,
    max_height: float = 1.6,
    max_foot_words: int = 3,
    foot_space: float = 0.9,
    max_unread: int = 3,
    edge_band: float = 0.02,
) -> Margins:
    """Candidate head and foot groups of one page. The head group is at most `max_head_lines` lines
    in the top `head_zone` of the page, no taller than `max_height` body lines, followed by a gap of
    at least `gap_factor` body pitches; the foot line a line of at most `max_foot_words` words in
    the bottom `foot_zone`, preceded by such a gap or by blank space of at least `foot_space` body
    line heights (a folio right under footnotes in smaller type is closer than a body pitch). A
    line that stands so but reads no folio, one token of at most `max_unread` characters, is kept
    as `Margins.foot_unread` (a folio OCR misread, if the volume's folios stand there); so is a last
    line set aside as marks read with doubt when no folio stands over it and it stands so itself.
    Such marks running to the image's bottom edge, with no folio over them, are `Margins.edge`.

    Lines at the top read far less sure than the page and holding no folio (`noise_over_head`: the
    edge of a photographed or scanned page read as letters) do not stand for the head: the head
    group is the first lines under them (`Margins.above`), as on the page without them."""
    conf = page_confidence(lines)
    head, rule = _head_group(
        lines, 0, metrics, page_height, gap_factor, max_head_lines, head_zone, max_height
    )
    above: tuple[int, ...] = ()
    apart = False
    k = 0
    while k < len(head) and noise_over_head(lines[head[k]], conf):
        k += 1
    marks: tuple[int, ...] = ()  # lines of marks at the top that the head group stands under
    if 0 < k < len(head):
        above, head = tuple(head[:k]), head[k:]
    elif head and k == len(head):
        marks = tuple(head)  # the marks stand apart: the head group, if any, is the next one
    elif not head:
        # marks too tall for a head line at the top ('_—' 129 px tall in 42 px type: a photographed
        # page's edge) end the head group before it starts: the head group is under them
        while (
            k < min(max_head_lines, len(lines))
            and lines[k].bbox.y1 <= head_zone * page_height
            and noise_over_head(lines[k], conf)
        ):
            k += 1
        marks = tuple(range(k))
    if marks:
        under, rule = _head_group(
            lines, marks[-1] + 1, metrics, page_height, gap_factor, max_head_lines, head_zone, max_height
        )
        if under:
            above, head, apart = marks, under, True
    if head:
        head = head + _folios_beside(lines, head, exclude=above)
    foot = None
    last = len(lines) - 1
    if last >= 2 and (
        _doubtful_mark(lines[last])
        or _unsure_marks(lines[last], conf)
        # too many tokens for a folio line: a speck among them read as a figure or numeral
        # ('WB cte ve baw ie wo “i') does not make it one
        or (len(lines[last].words) > max_foot_words and read_unsure(lines[last], conf))
        # a speck read as a figure ('(2' a third of the type's height under the folio '[19]')
        or (_below_type(lines[last], metrics) and read_unsure(lines[last], conf))
    ):
        last -= 1  # marks read with doubt under the folio: the page's or the table's edge in a photograph
    below = tuple(range(last + 1, len(lines)))

    def set_off(i: int) -> bool:
        # in the foot zone, few words, under a gap of a folio's own
        ln, prev = lines[i], lines[i - 1]
        return (
            ln.bbox.y0 >= (1 - foot_zone) * page_height
            and len(ln.words) <= max_foot_words
            and (
                line_top(ln) - line_top(prev) >= gap_factor * metrics.pitch
                or ln.bbox.y0 - prev.bbox.y1 >= foot_space * metrics.line_height
            )
        )

    def lone_token(i: int) -> bool:
        return len(lines[i].words) == 1 and len(lines[i].text) <= max_unread

    unread = None
    if last >= 1 and set_off(last):
        if any(parse_folio(w.text) for w in lines[last].words):
            foot = last
        elif lone_token(last):
            unread = last
    doubted = below[0] if below else None
    if (
        foot is None
        and unread is None
        and doubted is not None
        and doubted >= 2
        and set_off(doubted)
        and lone_token(doubted)
    ):
        # the last line was set aside as marks read with doubt, but no folio stands over it: alone
        # under its gap it stands as a folio does, one short token OCR read with doubt ('NR' for a
        # folio '4'). It is the unread folio if the volume's folios stand there
        unread = doubted
    # no folio over them: marks read with doubt that run to the image's bottom edge (within
    # `edge_band` of its height) are the edge of the scan, read as letters ('“FY: BR RETIRE')
    edge = (
        tuple(i for i in below if lines[i].bbox.y1 >= (1 - edge_band) * page_height)
        if foot is None and unread is None
        else ()
    )
    return Margins(
        tuple(head), foot, below if foot is not None else (), above, apart, unread, edge, rule if head else ()
    )


def _head_group(
    lines: Sequence[Line],
    start: int,
    metrics: VolumeMetrics,
    page_height: int,
    gap_factor: float,
    max_head_lines: int,
    head_zone: float,
    max_height: float,
) -> tuple[list[int], tuple[int, ...]]:
    """The head group of `margin_groups` among `lines[start:]`, and the rule printed under it read
    as dashes (`rule_line`; () if none): the step from the head is taken to the line under the
    rule, where the text starts."""
    head: list[int] = []
    rule: tuple[int, ...] = ()
    text_lines = 0  # a folio set on a line of its own beside a two-line head does not count
    for i in range(start, len(lines)):
        ln = lines[i]
        if ln.bbox.y0 <= 0 and ln.bbox.height > max_height * metrics.line_height and not head:
            continue  # tall and cut by the image's top edge: a photographed page's edge, not a head
        if ln.bbox.y0 <= 1 and not head and all(w.confidence < 0.5 for w in ln.words):
            continue  # doubtful marks on the image's top edge: the table or page edge in a photograph
        if ln.bbox.y1 > head_zone * page_height or (
            _taller_than_body(ln, metrics, max_height) and not body_wide(ln, lines)
        ):
            break
        text_lines += 0 if _lone_folio(ln) else 1
        if text_lines > max_head_lines:
            return [], ()
        head.append(i)
        if i + 2 < len(lines) and rule_line(lines[i + 1], metrics):
            rule = (i + 1,)
            break
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is None or step_down(ln, nxt, metrics) >= gap_factor * metrics.pitch:
            break
    if head:
        under = head[-1] + 1 + len(rule)
        nxt = lines[under] if under < len(lines) else None
        if nxt is not None and step_down(lines[head[-1]], nxt, metrics) < gap_factor * metrics.pitch:
            return [], ()
    return head, rule


#: The marks OCR reads a printed rule as.
_RULE_MARKS = frozenset("—–-‐_=~")


def rule_line(line: Line, metrics: VolumeMetrics, *, thin: float = 0.5, wide: float = 4.0) -> bool:
    """Whether a line is a printed rule read as marks: every word of it made of dash marks ('—',
    '___') with the line under `thin` of the body's type height tall (a rule is a stroke, not type;
    a dash set as text stands in a line of type's height), or every word boxed wider than `wide`
    type heights a character ('ee' across the whole measure: no type is set that wide)."""
    th = metrics.type_height
    if not line.words or th <= 0:
        return False
    dashes = all(w.text and set(w.text) <= _RULE_MARKS for w in line.words) and line.bbox.height < thin * th
    return dashes or all(w.bbox.width > wide * th * max(1, len(w.text)) for w in line.words)


def step_down(line: Line, nxt: Line, metrics: VolumeMetrics) -> float:
    """The step from a head line to the line under it: from top to top (`line_top`, `line_under`),
    or from baseline to baseline when that is longer. The tops of a head in small capitals stand
    lower than the ascenders of the body line under it, by the difference of the two heights: top
    to top, the head looks closer to the text than it is set (1.38 pitches for 1.72 between the
    baselines), under the gap a volume too short to measure its own must take as given."""
    step = line_under(nxt, metrics) - line_top(line)
    a, b = baseline(line), baseline(nxt)
    return step if a is None or b is None else max(step, b - a)


def _folios_beside(lines: Sequence[Line], head: Sequence[int], *, exclude: Sequence[int] = ()) -> list[int]:
    """Lone folios that the reading order put elsewhere than with the head group beside them (a
    folio centred over a two-column page's gutter, read as the right column's first line while the
    running head in the outer corner opens the left column's): one token that reads as a page
    number, in one row with a line of the head group (sharing half of the folio's height), and
    above every other line of the page."""
    rows = [lines[i] for i in head]
    rest = [i for i in range(len(lines)) if i not in head and i not in exclude]
    out = []
    for i in rest:
        ln = lines[i]
        if not _lone_folio(ln) or not any(_one_row(ln, r) for r in rows):
            continue
        under = [lines[j].bbox.y0 for j in rest if j != i]
        if under and ln.bbox.y1 >= min(under):
            continue
        out.append(i)
    return out


def _one_row(a: Line, b: Line, *, share: float = 0.5) -> bool:
    """Whether two lines share `share` of the shorter one's height (one printed row)."""
    shared = min(a.bbox.y1, b.bbox.y1) - max(a.bbox.y0, b.bbox.y0)
    return shared >= share * min(a.bbox.height, b.bbox.height)


def _taller_than_body(line: Line, metrics: VolumeMetrics, max_height: float) -> bool:
    """Whether a line is set taller than `max_height` body lines: its box, and the median height of
    its words (`geometry.type_height`) against the volume's body type. A line of body-sized type on a
    page left skewed spans a box several words high from one end to the other ('Declaration to the
    Sixth Comintern Congress 13' climbing 40 pixels across the head); its words stay body-sized, as
    a heading's in larger type do not."""
    return line.bbox.height > max_height * metrics.line_height and (
        metrics.type_height <= 0 or type_height(line) > max_height * metrics.type_height
    )


def letter_width(words: Iterable[Word], *, min_chars: int = 3) -> float | None:
    """The median width of a letter in pixels over `words` of `min_chars` letters and figures or more
    (a word's box width over its characters); None without such a word."""
    widths = [w.bbox.width / len(w.text) for w in words if sum(c.isalnum() for c in w.text) >= min_chars]
    return statistics.median(widths) if widths else None


def body_wide(line: Line, page_lines: Sequence[Line], *, max_ratio: float = 1.25) -> bool:
    """Whether a line's letters are no wider than `max_ratio` times the page's own (`letter_width`):
    type of the body's size, however tall OCR boxed it. A rule under a running head boxed with all
    its words makes them twice as tall as the type (82 px over 34 px type on a heavy letter-size
    scan, letters 19 px wide against the page's 23); a title set larger has wider letters too (35)."""
    mine = letter_width(line.words)
    page = letter_width(w for ln in page_lines for w in ln.words)
    return mine is not None and page is not None and mine <= max_ratio * page


def line_top(line: Line) -> float:
    """Where a line stands, for the steps between lines in the margins: the median top of its words.
    On a curled page a line's box reaches up with its ends, and a rule under a running head is
    often boxed with a word or two of the head or of the line under it; most words keep to the
    line's own top."""
    if not line.words:
        return float(line.bbox.y0)
    return float(statistics.median(w.bbox.y0 for w in line.words))


def line_under(line: Line, metrics: VolumeMetrics, *, band: float = 0.2, drop: float = 0.5) -> float:
    """Where the line under a head stands, for the step from the head to it: its `line_top`, unless
    a rule under the head was boxed with most of its words. Their tops then share the rule's level
    (within `band` body type heights) while the line's other words stand at least `drop` type
    heights lower, on the same feet (within `drop` type heights): the line stands where those other
    words do (the median of their tops). Seed 1147 heavy-letter-endnotes: nine of fourteen words
    boxed up to the rule, 'proletarian' 80 px tall in 35 px type, the line's median top a third of
    a pitch over its print. A line of three words or fewer, or whose words' tops all share a level
    (a warped line's tall boxes), keeps its `line_top`."""
    top = line_top(line)
    th = metrics.type_height
    words = text_words(line)
    if len(words) <= 3 or th <= 0:
        return top
    level = min(w.bbox.y0 for w in words)
    ruled = [w for w in words if w.bbox.y0 - level <= band * th]
    rest = [w for w in words if w.bbox.y0 - level >= drop * th]
    if 2 * len(ruled) < len(words) or not rest:
        return top
    feet = statistics.median(w.bbox.y1 for w in ruled) - statistics.median(w.bbox.y1 for w in rest)
    if abs(feet) > drop * th:
        return top  # two printed lines read as one, not a rule over one
    return max(top, float(statistics.median(w.bbox.y0 for w in rest)))


def noise_over_head(line: Line, page_conf: float) -> bool:
    """Whether a line at the top of a page is marks, not print: read far less sure than the rest of
    the page (`read_unsure`) and holding no word that reads exactly as a page number, or holding no
    letter or figure at all however sure (a '|' read off the edge of a photographed page)."""
    return _unsure_marks(line, page_conf) or not any(c.isalnum() for c in line.text)


def _doubtful_mark(line: Line, *, max_words: int = 2, max_confidence: float = 0.5) -> bool:
    """Whether a line is at most `max_words` words all read under `max_confidence`, none of them a
    page number."""
    return len(line.words) <= max_words and all(
        w.confidence < max_confidence and not parse_folio(w.text) for w in line.words
    )


def _below_type(line: Line, metrics: VolumeMetrics, *, share: float = 0.5) -> bool:
    """Whether every word of the line stands under `share` of the volume's type height: marks, not
    print (a folio is set at least about as tall as the text's small letters)."""
    return bool(line.words) and all(w.bbox.height < share * metrics.type_height for w in line.words)


def _unsure_marks(line: Line, page_conf: float) -> bool:
    """Whether a line holds no page number and was read far less sure than the rest of its page
    (`read_unsure`): specks or the edge of a photographed page under the folio ('. | Soe. <n'),
    however many tokens OCR cut them into."""
    return read_unsure(line, page_conf) and not any(f.exact for w in line.words for f in parse_folio(w.text))


def head_step(
    lines: Sequence[Line], height: int, metrics: VolumeMetrics, *, head_zone: float = 0.12
) -> float | None:
    """The step (in body pitches) from a page's first line, when it stands in the top `head_zone`,
    to its second (None for a page of two lines or fewer): one sample of `head_gap`. Marks over the
    head (`noise_over_head`) are not the page's first line."""
    conf = page_confidence(lines)
    k = 0
    while k < len(lines) - 1 and lines[k].bbox.y1 < head_zone * height and noise_over_head(lines[k], conf):
        k += 1
    lines = lines[k:]
    if len(lines) > 2 and lines[0].bbox.y1 < head_zone * height:
        return (line_under(lines[1], metrics) - line_top(lines[0])) / metrics.pitch
    return None


def head_gap(
    pages: Sequence[tuple[Sequence[Line], int]],
    metrics: VolumeMetrics,
    *,
    head_zone: float = 0.12,
    apart: float = 1.15,
    default: float = 1.45,
    share: float = 0.92,
) -> float:
    """The step (in body pitches) that sets a volume's head line off from its body, measured: the
    steps from each page's first line (in the top `head_zone`) to its second that are at least
    `apart` pitches (more than line spacing, even on a warped scan); `share` of the smallest,
    between `apart` and `default`. A rule under the head or a tight head margin sets the
    head closer than `default`; with fewer than three such pages `default` stands."""
    steps = [
        s for ls, height in pages if (s := head_step(ls, height, metrics, head_zone=head_zone)) is not None
    ]
    return gap_of_steps(steps, apart=apart, default=default, share=share)


def gap_of_steps(
    steps: Iterable[float], *, apart: float = 1.15, default: float = 1.45, share: float = 0.92
) -> float:
    """`head_gap` from the pages' `head_step`s."""
    apart_steps = sorted(x for x in steps if x >= apart)
    if len(apart_steps) < 3:
        return default
    return max(apart, min(default, share * apart_steps[0]))


def read_unsure(line: Line, page_confidence: float, *, share: float = 0.6) -> bool:
    """Whether OCR read `line` far less sure than the rest of its page: the mean confidence of
    its words under `share` of the page's median word confidence. At the head, set off from the
    body, such a line is a printed rule, an ornament or a smudge read as letters ('== ze ===',
    'uuumumueuanue'), not text; a text layer's words are all sure, so it never is."""
    if not line.words:
        return False
    return statistics.fmean(w.confidence for w in line.words) < share * page_confidence


def page_confidence(lines: Sequence[Line]) -> float:
    """The median confidence of a page's words (0 for a page without words)."""
    confs = sorted(w.confidence for ln in lines for w in ln.words)
    return confs[len(confs) // 2] if confs else 0.0


def _lone_folio(line: Line) -> bool:
    words = folio_words(line)
    return len(words) == 1 and bool(parse_folio(words[0].text))


def decoration(token: str) -> bool:
    """Whether a token is only the marks around a folio (`— 18 —` read as three tokens)."""
    return not token.strip(_STRIP)


def folio_words(line: Line) -> list[Word]:
    """The line's words but the tokens of a folio's decoration read apart from it."""
    return [w for w in line.words if not decoration(w.text)]


def strip_folio(line: Line) -> tuple[str, list[int]]:
    """The head line's text without folio tokens at either end, and the indices of those tokens
    (with the decoration read apart from a folio, outside it: '— 18 —')."""
    words = line.words
    kept = [i for i, w in enumerate(words) if not decoration(w.text)]
    if not kept:
        return line.text, []
    first, last = kept[0], kept[-1]
    idx = {i for i in (first, last) if parse_folio(words[i].text)}
    if first in idx:
        idx.update(range(first))
    if last in idx:
        idx.update(range(last + 1, len(words)))
    text = " ".join(w.text for i, w in enumerate(words) if i not in idx)
    return text, sorted(idx)


def confirm_running_heads(
    head_texts: Sequence[str | None],
    head_tops: Sequence[float | None],
    heading_texts: Sequence[str],
    metrics: VolumeMetrics,
    *,
    min_ratio: float = 80,
    band_tolerance: float = 3.0,
    min_part_chars: int = 8,
    page_headings: Sequence[Sequence[str]] | None = None,
) -> list[bool]:
    """Which pages' head groups are running heads: the text (folios removed) is repeated on another
    page or repeats a heading of the volume (ratio ≥ `min_ratio`; a head of at least `min_part_chars`
    characters may be the start of a longer heading, a shortened chapter title), or is empty (a
    bare folio), and
    the group sits within `band_tolerance` body line heights of the volume's head band.
    `page_headings`: per page, more headings its head may repeat (titles of other pages)."""
    norm = [_norm(t) if t is not None else None for t in head_texts]
    repeated: list[bool] = []
    for i, t in enumerate(norm):
        if t is None:
            repeated.append(False)
            continue
        if not t:
            repeated.append(True)
            continue
        hit = any(j != i and u and fuzz.ratio(t, u) >= min_ratio for j, u in enumerate(norm) if u is not None)
        hit = hit or any(_names_heading(t, _norm(h), min_ratio, min_part_chars) for h in heading_texts)
        more = page_headings[i] if page_headings is not None else ()
        hit = hit or any(_names_heading(t, _norm(h), min_ratio, min_part_chars) for h in more)
        repeated.append(hit)
    tops = [y for y, r in zip(head_tops, repeated, strict=True) if r and y is not None]
    if not tops:
        return [False] * len(norm)
    band = statistics.median(tops)
    return [
        r and y is not None and abs(y - band) <= band_tolerance * metrics.line_height
        for y, r in zip(head_tops, repeated, strict=True)
    ]


def _names_heading(head: str, heading: str, min_ratio: float, min_part_chars: int) -> bool:
    """Whether a head line's text is a heading's text, or (long enough) the start of it."""
    if fuzz.ratio(head, heading) >= min_ratio:
        return True
    if len(head) < min_part_chars or len(heading) <= len(head):
        return False
    return fuzz.ratio(head, heading[: len(head)]) >= min_ratio


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", "", s.lower())).strip()


def infer_labels(readings: Sequence[Sequence[Folio]], *, min_support: int = 2) -> list[str | None]:
    """Printed page labels for pages 1..n (list position = scan order) from the folio readings.

    The arabic sequence is the offset (value − scan index) most pages agree on (exact readings count
    double); with at least `min_support` votes it labels every page from the one it gives 1 to the end,
    except front pages that show a roman folio. Roman labels are given only to pages that show a
    folio (an unprinted title page stays empty), valued by their own sequence: the leaf count from
    the first leaf, unless `min_support` pages agree on another. Readings that disagree with the
    sequence are taken as misreads and corrected."""
    n = len(readings)
    labels: list[str | None] = [None] * n
    votes: Counter[int] = Counter()
    for i, rs in enumerate(readings):
        for offset in {f.value - (i + 1) for f in rs if f.kind == "arabic"}:
            votes[offset] += (
                2 if any(f.exact and f.kind == "arabic" and f.value - (i + 1) == offset for f in rs) else 1
            )
    arabic_start = n
    if votes:
        offset, support = _best_offset(votes, readings)
        if support >= min_support:
            first = max(0, -offset)  # list position whose label is 1
            agreeing = [
                i
                for i, rs in enumerate(readings)
                if any(f.kind == "arabic" and f.value - (i + 1) == offset for f in rs)
            ]
            arabic_start = max(first, min(agreeing) - _roman_run_before(readings, min(agreeing)))
            for i in range(arabic_start, n):
                labels[i] = str(i + 1 + offset)
    roman_votes: Counter[int] = Counter()
    roman_pages: Counter[int] = Counter()
    for i, rs in enumerate(readings[:arabic_start]):
        for f in rs:
            if f.kind == "roman":
                roman_votes[f.value - (i + 1)] += 2 if f.exact else 1
        roman_pages.update({f.value - (i + 1) for f in rs if f.kind == "roman"})
    roman_offset = roman_votes.most_common(1)[0][0] if roman_votes else 0
    if roman_pages[roman_offset] < min_support:
        # front matter is counted from the first leaf: a roman folio off that count on one page
        # alone ("li" or "i" read for "ii" on the second leaf) is a misread, not leaves missing
        roman_offset = 0
    for i, rs in enumerate(readings[:arabic_start]):
        if rs and i + 1 + roman_offset >= 1:
            labels[i] = int_to_roman(i + 1 + roman_offset)
    return labels


def _best_offset(votes: Counter[int], readings: Sequence[Sequence[Folio]]) -> tuple[int, int]:
    """The arabic offset with the most votes; between offsets with as many, the one whose page 1
    comes after every page whose folio reads exactly as a roman one only (front matter is not
    counted in arabic figures: "— 1 —" read "7" on the first text page tied with the "2" read
    right on the next)."""
    top = max(votes.values())
    tied = [o for o, v in votes.items() if v == top]
    roman = [
        i
        for i, rs in enumerate(readings)
        if any(f.exact and f.kind == "roman" for f in rs)
        and not any(f.exact and f.kind == "arabic" for f in rs)
    ]
    best = min(tied, key=lambda o: (not all(i < -o for i in roman), tied.index(o)))
    return best, top


def _roman_run_before(readings: Sequence[Sequence[Folio]], start: int) -> int:
    """How many pages before `start` may still belong to the arabic run: those back to the last page
    that shows a roman-only folio."""
    k = 0
    for i in range(start - 1, -1, -1):
        if readings[i] and all(f.kind == "roman" for f in readings[i]):
            break
        k += 1
    return k
