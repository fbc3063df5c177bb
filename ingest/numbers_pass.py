"""A second recognition pass for the page numbers Tesseract's page reading leaves out.

Reading a whole page (page segmentation mode 3), Tesseract often never sees a number standing alone
in a margin: a folio at the foot or in the head corner, `[12]`, `— 12 —`, or a contents page's
page number at the end of its leader dots. The page's ink that no recognised word covers is cut
into clusters of glyph-sized marks (sizes measured against the page's own words); a cluster in the
head or foot band of the page, or right of where a line of text ends, is read again as one line
(mode 7; as one word, mode 8, when that gives no number) with only the characters numbers are
printed with. A reading that is a well-formed arabic
or roman number, read with the page's own confidence, enters the page as an OCR word: on the line
it ends, or as a line of its own in the margin. Nothing else on the page changes.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, replace

import cv2
import numpy as np

from ingest.ink import components, ink_mask
from ingest.layout.geometry import letter_height
from ingest.layout.leaders import has_leader_dots, is_soup, is_unread_soup
from ingest.layout.numerals import roman_to_int
from ingest.model import BBox, Line, Page, Word, WordOrigin, paragraph_blocks

#: What a printed page number is made of: figures, roman numerals and the marks around them.
NUMBER_CHARS = "0123456789ivxlcdmIVXLCDM[]()-"
_DECORATION = "[]()-—–"


@dataclass(frozen=True)
class Cluster:
    bbox: BBox
    line: int | None  # the page line (flat index) it ends, or None in the head/foot band


def read_numbers(
    binary: np.ndarray,
    page: Page,
    *,
    lang: str = "eng",
    band: float = 0.15,
    min_confidence: float = 0.5,
    min_roman_confidence: float = 0.7,
) -> tuple[Page, int]:
    """`page` with the numbers a second look at its uncovered ink reads (see the module), and how
    many were added. `band` is the share of the page height searched at the head and the foot; a
    reading is taken at `min_confidence` (figures) or `min_roman_confidence` (roman numerals)."""
    from ingest import ocr

    lines = [ln for b in page.blocks for ln in b.lines]
    size = letter_height(lines)
    # the words read with confidence measure the type where the page's words cannot: on a contents
    # page of one entry ("Contents" / "Preface ..... 1") leader dots OCR read as letters it doubts
    # were most of the words, and the type came out a dot high, or there were fewer than three
    # words; two words read with confidence are enough there (that page has no more)
    sure = letter_height(
        [replace(ln, words=tuple(w for w in ln.words if w.confidence >= min_confidence)) for ln in lines],
        least=2,
    )
    if sure is not None and (size is None or size < 0.5 * sure):
        size = sure
    if size is None:
        return page, 0
    found: list[tuple[Cluster, Word]] = []
    image = np.ascontiguousarray(binary if binary.ndim == 2 else cv2.cvtColor(binary, cv2.COLOR_BGR2GRAY))
    for c in uncovered_clusters(image, lines, size, band=band):
        crop = _crop(image, c.bbox, size)
        for psm in (ocr.PSM_SINGLE_LINE, ocr.PSM_SINGLE_WORD):  # a lone "1" may read as "i" as a line
            text, conf = ocr.read_line(crop, lang=lang, whitelist=NUMBER_CHARS, psm=psm)
            # a roman numeral is letters: it must be read surer than figures ("x" for a speck)
            sure = min_confidence if text.strip(_DECORATION).isdigit() else min_roman_confidence
            if conf >= sure and is_number(text):
                found.append((c, Word(text=text, bbox=c.bbox, confidence=conf, origin=WordOrigin.OCR)))
                break
    if not found:
        return page, 0
    return _with_words(page, found), len(found)


def is_number(text: str) -> bool:
    """Whether `text` is a page number as printed: figures, or a roman numeral in one case, with
    at most brackets or dashes around it."""
    core = text.strip(_DECORATION)
    if not core or len(core) > 6:
        return False
    if core.isdigit():
        return 0 < int(core) <= 5000
    return (core.islower() or core.isupper()) and roman_to_int(core) is not None


def uncovered_clusters(
    image: np.ndarray,
    lines: list[Line],
    size: float,
    *,
    band: float,
    min_height: float = 0.45,
    max_height: float = 1.6,
    join_gap: float = 0.8,
    max_width: float = 6.0,
    apart: float = 2.0,
    beside: float = 5.0,
    max_clusters: int = 40,
) -> list[Cluster]:
    """Clusters of ink marks no word covers: marks `min_height`..`max_height` of the page's word
    height `size` (not specks, not rules), joined when on one level and at most `join_gap` sizes
    apart, at most `max_width` sizes wide. Kept (at most `max_clusters`): those in the head or foot
    `band` that stand at least `apart` sizes from any text on their level and at most `beside`
    sizes out from the text block's sides, and those at the right
    edge of the page's text, at least a size right of the end of the line on their level. Leader
    dots OCR read as letter soup (`is_leader_soup`) cover nothing: the number may be under them."""
    height, width = image.shape
    ink = ink_mask(image)
    pad = max(1, round(0.15 * size))
    for ln in lines:
        for w in ln.words:
            if not is_leader_soup(w):
                ink[max(0, w.bbox.y0 - pad) : w.bbox.y1 + pad, max(0, w.bbox.x0 - pad) : w.bbox.x1 + pad] = 0
    n, _, stats = components(ink)
    marks = [
        BBox(int(x), int(y), int(x + w), int(y + h))
        for x, y, w, h, area in stats[1:n]
        if min_height * size <= h <= max_height * size
        and w <= max_height * size
        and area >= 0.05 * size * size
    ]
    marks.sort(key=lambda b: b.x0)
    text_lines = [ln for ln in lines if len(ln.words) >= 2]
    right_edge = max((ln.bbox.x1 for ln in text_lines), default=width)
    left_edge, right_side = _block_sides(text_lines, width)
    groups: list[list[BBox]] = []
    for m in marks:
        for g in groups:
            last = g[-1]
            overlap = min(last.y1, m.y1) - max(last.y0, m.y0)
            if overlap >= 0.5 * min(last.height, m.height) and 0 <= m.x0 - last.x1 <= join_gap * size:
                g.append(m)
                break
        else:
            groups.append([m])
    out = []
    edge = 0.5 * size
    for g in groups:
        box = BBox.enclosing(g)
        if box.width > max_width * size:
            continue
        if box.x0 < edge or box.y0 < edge or box.x1 > width - edge or box.y1 > height - edge:
            continue  # at the image's edge: the table under a photographed page, a scanner border
        level = [k for k, ln in enumerate(lines) if ln.bbox.y0 <= (box.y0 + box.y1) / 2 <= ln.bbox.y1]
        if box.y1 <= band * height or box.y0 >= (1 - band) * height:
            if box.x0 > right_side + beside * size or box.x1 < left_edge - beside * size:
                continue  # beside the text block: the page's edge, the table under a photo
            # alone on its level, or far from the text beside it (a folio in the running head's corner)
            if all(_apart(box, lines[k], apart * size) for k in level):
                out.append(Cluster(box, None))
            continue
        k = _line_ended(box, [(k, lines[k]) for k in level], right_edge, size)
        if k is not None:
            out.append(Cluster(box, k))
    return out[:max_clusters]


def _block_sides(text_lines: list[Line], width: int) -> tuple[float, float]:
    """The text block's left and right sides, as most of its lines have them (not a word read in
    the margin): the median start of the lines starting left of the block's middle, and the median
    end of those ending right of it. On a page of two columns these are the left column's left
    edge and the right column's right edge; the medians of all lines were those of whichever
    column had more lines, and a folio in the other column's outer corner stood beside the block."""
    if not text_lines:
        return 0, width
    middle = (min(ln.bbox.x0 for ln in text_lines) + max(ln.bbox.x1 for ln in text_lines)) / 2
    starts = [ln.bbox.x0 for ln in text_lines if ln.bbox.x0 < middle]
    ends = [ln.bbox.x1 for ln in text_lines if ln.bbox.x1 > middle]
    return (
        statistics.median(starts or [ln.bbox.x0 for ln in text_lines]),
        statistics.median(ends or [ln.bbox.x1 for ln in text_lines]),
    )


def _apart(box: BBox, line: Line, gap: float) -> bool:
    return box.x0 - line.bbox.x1 >= gap or line.bbox.x0 - box.x1 >= gap


def _line_ended(
    box: BBox, level: list[tuple[int, Line]], right_edge: float, size: float, *, leader: float = 3.0
) -> int | None:
    """The line (of at least two words) on the box's level whose text (leader soup left out) the box
    stands right of, at the right edge of the page's text (a contents page's number after its
    leader dots): a word height apart after leader soup, `leader` word heights apart without."""
    if box.x1 < right_edge - 1.5 * size:
        return None
    for k, ln in level:
        text = [w for w in ln.words if not is_leader_soup(w)]
        if len(ln.words) < 2 or not text:
            continue
        gap = box.x0 - max(w.bbox.x1 for w in text)
        # set apart by a leader OCR read as soup, or by a leader it did not read at all
        if gap >= size and (len(text) < len(ln.words) or gap >= leader * size):
            return k
    return None


def is_leader_soup(word: Word, *, max_confidence: float = 0.3) -> bool:
    """Whether a word is a dotted leader OCR read as letters it does not believe in (and may have
    swallowed the page number after it): read with under `max_confidence`, soup or leader dots."""
    return word.confidence < max_confidence and (
        is_soup(word.text) or has_leader_dots(word.text) or is_unread_soup(word)
    )


def _crop(image: np.ndarray, box: BBox, size: float) -> np.ndarray:
    """The cluster with a white margin of half a word height around it (Tesseract reads a line
    best with some space around it)."""
    m = max(2, round(0.5 * size))
    h, w = image.shape
    cut = image[max(0, box.y0 - 2) : min(h, box.y1 + 2), max(0, box.x0 - 2) : min(w, box.x1 + 2)]
    return cv2.copyMakeBorder(cut, m, m, m, m, cv2.BORDER_CONSTANT, value=255)


def _with_words(page: Page, found: list[tuple[Cluster, Word]]) -> Page:
    """The page with each found number appended to the line it ends, or as a line of its own (a
    paragraph block placed among the page's blocks by its height)."""
    groups = [list(b.lines) for b in page.blocks]
    flat = [(gi, li) for gi, g in enumerate(groups) for li in range(len(g))]
    alone: list[Line] = []
    for c, word in found:
        if c.line is None:
            alone.append(Line(words=(word,), bbox=word.bbox))
            continue
        gi, li = flat[c.line]
        ln = groups[gi][li]
        groups[gi][li] = Line(words=ln.words + (word,), bbox=BBox.enclosing([ln.bbox, word.bbox]))
    for ln in sorted(alone, key=lambda x: x.bbox.y0):
        at = next((i for i, g in enumerate(groups) if g and g[0].bbox.y0 > ln.bbox.y0), len(groups))
        groups.insert(at, [ln])
    return replace(page, blocks=paragraph_blocks(page.index, groups))
