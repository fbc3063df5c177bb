"""OCR misreadings that the layout can put right from context.

In type with old-style figures the pronoun "I" and the figure "1" are one stroke each, and
Tesseract sometimes reads "I would" as "1 would". Where the volume's language has "I" as a common
word (its word frequency, `wordfreq`), a lone "1" before a lower-case word of the language that the
volume never prints after a number, and not after a word that it prints before numbers, is read
as "I" when it opens a sentence (a sentence does not open with a bare figure and a lower-case
word) or when the volume itself prints that word after a correctly read "I", or the word before
the "1" before a correctly read "I" within a sentence ("needless to say, 1 am" in a volume that
prints "say, I"). In a run of numbered paragraphs ("1.", "2.", ...) a number that lost its stop
("1 The GPU ...") gets the stop of its neighbours. A lone figure among a line's words whose ink
stands within the line's x-height, on its baseline ("For 4 long time", "Katayama 15
incomparably"), is no figure at all (lining figures are as tall as capitals, old-style 3-9 reach
below the baseline or above the x-height) but the lower-case letters OCR mistook for it, read back
when they make a word of the language (`fix_letter_figures`). Each correction is a decision
(`ocr_misread`) that keeps the text as read, so it can be undone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import cv2
import numpy as np
from wordfreq import zipf_frequency

from ingest.ink import binarise_image, components
from ingest.layout import numerals
from ingest.layout.drafts import Draft, PageWork, drop_word, set_word
from ingest.layout.geometry import DESCENDERS
from ingest.layout.hyphenation import LANG_CODES
from ingest.layout.lostcalls import PageImages
from ingest.model import BBox, BlockKind, Line, Word, WordOrigin

#: A word this common (Zipf scale) in the language is a word the pronoun may be.
MIN_PRONOUN_ZIPF = 6.0
#: A word after the "1" at least this common in the language (not a name, not OCR noise).
MIN_WORD_ZIPF = 3.0
#: Letters read as figures make a word this common in the language: one of its commonest words
#: ("a", "is", "as"), as short words are; not an abbreviation that two letters may also be.
MIN_LETTERS_ZIPF = 6.0


@dataclass
class Usage:
    """What the volume's own text says about "I" and numbers: the words printed after a read "I" and
    before one (within a sentence), after a number (other than a lone 1, the very token in doubt)
    and before one."""

    after_i: Counter[str] = field(default_factory=Counter)
    before_i: Counter[str] = field(default_factory=Counter)
    after_number: Counter[str] = field(default_factory=Counter)
    before_number: Counter[str] = field(default_factory=Counter)

    @classmethod
    def of(cls, texts: Iterable[Sequence[str]]) -> Usage:
        u = cls()
        for words in texts:
            for k, t in enumerate(words):
                nxt = _bare(words[k + 1]) if k + 1 < len(words) else None
                if t == "I" and nxt:
                    u.after_i[nxt] += 1
                    if k and not words[k - 1].endswith((".", "!", "?")):
                        u.before_i[_bare(words[k - 1])] += 1
                elif t.isdigit() and t != "1":
                    if nxt:
                        u.after_number[nxt] += 1
                    if k:
                        u.before_number[words[k - 1].lower()] += 1
        return u


def _bare(word: str) -> str:
    return word.lower().strip(",;:.!?\"'“”‘’()")


def _common_lower_word(word: str, code: str) -> str | None:
    """`word` bare of its punctuation (`_bare`) when it is a lower-case word of the language
    `code` of at least MIN_WORD_ZIPF (apostrophes allowed), else None."""
    bare = _bare(word)
    if (
        not bare.replace("'", "").replace("’", "").isalpha()
        or not word[:1].islower()
        or zipf_frequency(bare, code) < MIN_WORD_ZIPF
    ):
        return None
    return bare


def is_pronoun_misread(
    previous: str | None,
    word: str,
    following: str | None,
    usage: Usage,
    *,
    lang: str = "eng",
    opens_paragraph: bool = False,
) -> bool:
    """Whether `word` ("1") between `previous` and `following` (None at the paragraph's ends) is the
    pronoun "I" misread, by the language's word frequencies and the volume's `usage` (see the
    module). `opens_paragraph`: the word is the first of a paragraph (not one continued from the
    page or column before), so it opens a sentence."""
    first = lang.split("+")[0]
    code = LANG_CODES.get(first, first[:2])
    if word != "1" or following is None or zipf_frequency("i", code) < MIN_PRONOUN_ZIPF:
        return False
    nxt = _common_lower_word(following, code)
    if nxt is None:
        return False
    if usage.after_number[nxt]:
        return False  # the volume prints it after numbers
    # a sentence does not open with a bare figure followed by a lower-case word
    opens = opens_paragraph or (previous is not None and previous.rstrip("\"'”’)").endswith((".", "!", "?")))
    if not opens and not usage.after_i[nxt] and not (previous and usage.before_i[_bare(previous)]):
        return False
    return previous is None or usage.before_number[previous.lower()] < 2


_NUMBERED = re.compile(r"^(\d{1,3})([.)]?)$")


def fix_paragraph_numbers(works: list[PageWork]) -> None:
    """Give a paragraph number that lost its stop ("1 The") the stop of the numbered paragraph
    before or after it in the volume, when its value follows or precedes theirs by one."""
    numbered: list[tuple[PageWork, Draft, int, str]] = []
    for w in works:
        if w.contents:
            continue
        for d in w.body_drafts():
            if d.kind is not BlockKind.PARAGRAPH or d.continues or len(d.lines[0].words) < 2:
                continue
            first, second = d.lines[0].words[0].text, d.lines[0].words[1].text
            m = _NUMBERED.match(_as_read(w, f"{d.id}:0:0", first))
            if m and second[:1].isupper():
                numbered.append((w, d, int(m.group(1)), m.group(2)))
    for k, (w, d, value, stop) in enumerate(numbered):
        if stop:
            continue
        near = [numbered[k - 1]] if k else []
        near += [numbered[k + 1]] if k + 1 < len(numbered) else []
        stops = [s for _, _, v, s in near if s and abs(v - value) == 1]
        if stops:
            correct_word(w, d, 0, 0, f"{value}{stops[0]}", "the stop of the numbered paragraphs around it")


def _as_read(w: PageWork, ref: str, text: str) -> str:
    """A word's text as OCR read it (an earlier cleanup's correction on a page fed back undone)."""
    for x in w.page.decisions:
        if x.kind == "ocr_misread" and x.data.get("word") == ref and x.data.get("text") == text:
            return str(x.data.get("text_before"))
    return text


def correct_word(w: PageWork, d: Draft, li: int, wi: int, text: str, why: str) -> None:
    ref = f"{d.id}:{li}:{wi}"
    before = _as_read(w, ref, d.lines[li].words[wi].text)
    set_word(d, li, wi, text=text)
    w.decide(
        "ocr_misread",
        (ref,),
        f"{before!r} → {text!r} ({why})",
        {"word": ref, "text_before": before, "text": text},
    )


def _body_paragraphs(works: list[PageWork]) -> Iterator[tuple[PageWork, Draft]]:
    for w in works:
        if w.contents:
            continue
        for d in w.body_drafts():
            if d.kind is BlockKind.PARAGRAPH:
                yield w, d


def _read_paragraph(w: PageWork, d: Draft) -> tuple[list[tuple[int, int]], list[str]]:
    """A paragraph's word positions and their texts as OCR read them."""
    spots = [(li, wi) for li, ln in enumerate(d.lines) for wi in range(len(ln.words))]
    return spots, [_as_read(w, f"{d.id}:{li}:{wi}", d.lines[li].words[wi].text) for li, wi in spots]


def fix_pronoun_i(works: list[PageWork], *, lang: str = "eng", images: PageImages | None = None) -> None:
    """Read a lone "1" as "I" where `is_pronoun_misread` says so, in body paragraphs; a correction an
    earlier cleanup made on a page fed back cleaned is made (and recorded) again. The volume's
    usage is counted first; each paragraph's words are then read again as it is corrected (a
    correction changes only its own paragraph), so no list of the volume's words is kept.

    With the page images, a lone "1" (a quote, a bracket or a stop about it kept) that the usage
    does not settle, before a lower-case word of the language the volume never prints after a
    number, is read as "I" where its glyph is the volume's own "I" and not its "1"
    (`GlyphClasses`): in the middle of a sentence ('“...a Communist,” 1 answered', 'These 1 read')
    nothing but the ink tells them apart."""
    usage = Usage.of(_read_paragraph(w, d)[1] for w, d in _body_paragraphs(works))
    doubtful: list[tuple[PageWork, Draft, int, int, str]] = []
    for w, d in _body_paragraphs(works):
        spots, texts = _read_paragraph(w, d)
        for k, (li, wi) in enumerate(spots):
            prev = texts[k - 1] if k else None
            nxt = texts[k + 1] if k + 1 < len(texts) else None
            first = k == 0 and not d.continues
            if is_pronoun_misread(prev, texts[k], nxt, usage, lang=lang, opens_paragraph=first):
                correct_word(w, d, li, wi, "I", f"the pronoun, before {nxt!r}")
            elif (
                images is not None
                and (k or d.continues)
                and _may_be_pronoun(prev, texts[k], nxt, usage, lang=lang)
                and d.lines[li].words[wi].origin is WordOrigin.OCR
                and d.lines[li].words[wi].marker is None
            ):
                doubtful.append((w, d, li, wi, texts[k]))
    if not doubtful or images is None:
        return
    classes = GlyphClasses.of(works, images)
    if classes is None:
        return
    inks: dict[int, np.ndarray | None] = {}
    for w, d, li, wi, text in doubtful:
        if w.page.index not in inks:
            image = images(w.page.index)
            inks[w.page.index] = None if image is None else binarise_image(image)
        ink = inks[w.page.index]
        glyph = None if ink is None else glyph_vector(ink, d.lines[li].words[wi].bbox, text)
        if glyph is not None and classes.is_letter_i(glyph):
            correct_word(
                w, d, li, wi, text.replace("1", "I"), "the pronoun: its glyph is the volume's I, not its 1"
            )


#: A lone "1" with the quotes, the bracket and the stops that may stand about the pronoun.
_WRAPPED_ONE = re.compile(r"^[(“\"‘']?1[,.;:!?’”\"')]*$")


def _may_be_pronoun(
    previous: str | None, word: str, following: str | None, usage: Usage, *, lang: str
) -> bool:
    """Whether `word` may be the pronoun misread as far as the words about it tell: a lone "1" (see
    `_WRAPPED_ONE`, not a bracketed "(1)") in a language whose "I" is common, before a lower-case
    word of the language that the volume never prints after a number, not after a word it prints
    before numbers."""
    first = lang.split("+")[0]
    code = LANG_CODES.get(first, first[:2])
    if not _WRAPPED_ONE.match(word) or (word.startswith("(") and word.endswith(")")) or following is None:
        return False
    if zipf_frequency("i", code) < MIN_PRONOUN_ZIPF:
        return False
    nxt = _common_lower_word(following, code)
    if nxt is None or usage.after_number[nxt]:
        return False
    return previous is None or usage.before_number[previous.lower()] < 2


#: A glyph compared is scaled to this height and centred in a box this wide (pixels).
GLYPH_HEIGHT, GLYPH_WIDTH = 32, 24
#: Each class needs this many glyphs read with this confidence to be compared with.
MIN_GLYPHS = 5
MIN_GLYPH_CONFIDENCE = 0.9
#: A glyph is compared with the mean of its this many likeliest matches in a class.
NEAREST_GLYPHS = 5
#: At most this many glyphs are kept for a class.
MAX_GLYPHS = 200


def glyph_vector(
    ink: np.ndarray, bbox: BBox, text: str, *, first: bool = False, pad_share: float = 0.15
) -> np.ndarray | None:
    """The ink of the one glyph of a lone "I" or "1" in `bbox` of the binarised page `ink` (its
    connected piece at least half the box tall, besides a bracket about it; quotes and stops are
    lower), or with `first` the first such piece of a word ("1928", "It"), scaled to
    `GLYPH_HEIGHT` and centred in `GLYPH_WIDTH`, as a unit vector about its mean; None when the
    box holds no such single glyph. The box is widened by `pad_share` of its height on each side."""
    height, width = ink.shape
    # OCR may box a stroke alone (an "I"'s stem without its serifs): the glyph is looked for a
    # little about the box, where no other word's ink stands at a word space
    pad = round(pad_share * max(0, bbox.y1 - bbox.y0))
    x0, y0 = max(0, bbox.x0 - pad), max(0, bbox.y0)
    x1, y1 = min(width, bbox.x1 + pad), min(height, bbox.y1)
    if x1 - x0 < 2 or y1 - y0 < 4:
        return None
    n, labels, stats = components((ink[y0:y1, x0:x1] < 128).astype(np.uint8))
    tall = sorted((i for i in range(1, n) if stats[i][3] >= (y1 - y0) / 2), key=lambda i: int(stats[i][0]))
    if not first:
        tall = tall[1:] if text.startswith("(") else tall
        tall = tall[:-1] if text.endswith(")") else tall
        if len(tall) != 1:
            return None
    if not tall:
        return None
    i = tall[0]
    x, y, w, h = (int(v) for v in stats[i][:4])
    scale = GLYPH_HEIGHT / h
    nw = max(1, min(GLYPH_WIDTH, round(w * scale)))
    mask = (labels[y : y + h, x : x + w] == i).astype(np.float32)
    box = np.zeros((GLYPH_HEIGHT, GLYPH_WIDTH), np.float32)
    left = (GLYPH_WIDTH - nw) // 2
    box[:, left : left + nw] = cv2.resize(mask, (nw, GLYPH_HEIGHT), interpolation=cv2.INTER_AREA)
    v = box.ravel() - box.mean()
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 else None


@dataclass
class GlyphClasses:
    """The volume's own "I"s (the pronoun read alone, the first letter of a word such as "It") and
    "1"s (the first figure of a number such as "1928"), read with confidence in its body and notes,
    as `glyph_vector`s. A glyph is told by its likeness to each (the mean cosine of its
    `NEAREST_GLYPHS` likeliest matches)."""

    letters: np.ndarray
    figures: np.ndarray

    @classmethod
    def of(cls, works: list[PageWork], images: PageImages) -> GlyphClasses | None:
        """The classes read on the volume's pages; None with fewer than `MIN_GLYPHS` of either."""
        letters: list[np.ndarray] = []
        figures: list[np.ndarray] = []
        for w in works:
            if w.contents or (len(letters) >= MAX_GLYPHS and len(figures) >= MAX_GLYPHS):
                continue
            found = [
                (wd, pool, first)
                for d in w.drafts
                if d.kind in _READ_KINDS and d.region in ("body", "notes")
                for ln in d.lines
                for wd in ln.words
                if wd.origin is WordOrigin.OCR and wd.confidence >= MIN_GLYPH_CONFIDENCE and wd.marker is None
                for pool, first in [_glyph_class(wd.text)]
                if pool is not None
            ]
            if not found:
                continue
            image = images(w.page.index)
            if image is None:
                continue
            ink = binarise_image(image)
            for wd, pool, first in found:
                into = letters if pool == "I" else figures
                if (
                    len(into) < MAX_GLYPHS
                    and (v := glyph_vector(ink, wd.bbox, wd.text, first=first)) is not None
                ):
                    into.append(v)
        if len(letters) < MIN_GLYPHS or len(figures) < MIN_GLYPHS:
            return None
        return cls(np.array(letters), np.array(figures))

    def likeness(self, glyph: np.ndarray, skip: tuple[str, int] | None = None) -> float:
        """How much more `glyph` is like the volume's "I"s than its "1"s (`skip`: leave that one of
        a class out, the glyph itself)."""

        def near(pool: np.ndarray, name: str) -> float:
            sims = pool @ glyph
            if skip is not None and skip[0] == name:
                sims = np.delete(sims, skip[1])
            return float(np.sort(sims)[::-1][:NEAREST_GLYPHS].mean())

        return near(self.letters, "I") - near(self.figures, "1")

    @cached_property
    def bar(self) -> float | None:
        """The likeness a glyph must pass to be an "I": that of the volume's "1" most like its "I"s
        (each compared with the others), and at least none; None where the volume's "I"s are not
        commonly more like its "I"s than that (the two are not told apart in its type)."""
        figures = [self.likeness(v, ("1", j)) for j, v in enumerate(self.figures)]
        letters = [self.likeness(v, ("I", j)) for j, v in enumerate(self.letters)]
        bar = max(0.0, *figures)
        return bar if float(np.median(letters)) > bar else None

    def is_letter_i(self, glyph: np.ndarray) -> bool:
        """Whether `glyph` is more like the volume's "I"s than `bar`."""
        return self.bar is not None and self.likeness(glyph) > self.bar


_LONE_I = re.compile(r"^[(“\"‘']?I[,.;:!?’”\"')]*$")
_WORD_I = re.compile(r"^I[a-z]+[,.;:!?]?$")
_NUMBER_1 = re.compile(r"^1[0-9]+[,.;:!?)]?$")


def _glyph_class(text: str) -> tuple[str | None, bool]:
    """Which class a word read with confidence gives a glyph to, and whether its first one."""
    if _LONE_I.match(text):
        return "I", False
    if _WORD_I.match(text):
        return "I", True
    if _NUMBER_1.match(text):
        return "1", True
    return None, False


_FIGURES = re.compile(r"^(\d{1,3})([,.;:!?]?)$")


def letter_reading(token: str, *, lang: str = "eng") -> str | None:
    """The word of the language that lower-case letters of the x-height make where OCR read the
    figures of `token` (`numerals.X_HEIGHT_LOOKALIKES`: "15" is "is", "4," is "a,"), its trailing
    stop kept; None when `token` is not such figures (one of them a figure that never stands within
    the x-height) or the letters make no word at least `MIN_LETTERS_ZIPF` common."""
    m = _FIGURES.match(token)
    if not m or not set(m.group(1)) & numerals.NEVER_X_HEIGHT_FIGURES:
        return None
    if not set(m.group(1)) <= set(numerals.X_HEIGHT_LOOKALIKES):
        return None
    word = "".join(numerals.X_HEIGHT_LOOKALIKES[c] for c in m.group(1))
    first = lang.split("+")[0]
    if zipf_frequency(word, LANG_CODES.get(first, first[:2])) < MIN_LETTERS_ZIPF:
        return None
    return word + m.group(2)


def within_x_height(
    ink: np.ndarray,
    lines: Sequence[Line],
    li: int,
    k: int,
    *,
    lang: str = "eng",
    reach: int = 6,
    nearest: int = 4,
) -> bool:
    """Whether the ink of word `k` of line `li` of a paragraph's `lines`, on the binarised page `ink`
    (0/255, black text), stands within the x-height, on the line's baseline: each stroke of it at
    least half an x-height tall (a dot, a speck aside) nearer the x-height than the height of the
    paragraph's tall letters, and its foot nearer the baseline than half that difference (an
    old-style figure reaches that far below it, a raised call stands that far above).

    The paragraph's x-height is the median box height of its words of the language (`lang`) in
    lower-case letters of the x-height only ("was", "mean"; not leader dots read as letters), the
    tall letters' height that of its words in lower case with a letter rising above it and none
    reaching below ("that", "held"); the baseline a straight line
    through the feet of the `nearest` strokes of the x-height (as near it as the token's must be) of
    the `reach` words either side on the line (a photographed page's line may slope and bend).
    False when the paragraph has too few such words to tell (fewer than three of each kind, or
    three feet)."""
    first = lang.split("+")[0]
    code = LANG_CODES.get(first, first[:2])
    known = [
        w
        for ln in lines
        for w in ln.words
        if _lower_case(w.text) and zipf_frequency(_bare(w.text), code) >= MIN_WORD_ZIPF
    ]
    short = [w.bbox.height for w in known if _lower_case(w.text, _X_HEIGHT)]
    tall = [w.bbox.height for w in known if set(w.text) & _ASCENDERS and not set(w.text) & DESCENDERS]
    if len(short) < 3 or len(tall) < 3:
        return False
    xh, ah = float(np.median(short)), float(np.median(tall))
    if ah <= xh:
        return False
    half = (ah - xh) / 2
    line = lines[li]
    word = line.words[k]
    near = [
        w
        for j, w in enumerate(line.words)
        if j != k and abs(j - k) <= reach and any(c.isalpha() for c in w.text)
    ]
    if not near:
        return False
    height, width = ink.shape
    y0 = max(0, min(w.bbox.y0 for w in [*near, word]) - 1)
    y1 = min(height, max(w.bbox.y1 for w in [*near, word]) + 1)
    x0 = max(0, min(w.bbox.x0 for w in [*near, word]) - 1)
    x1 = min(width, max(w.bbox.x1 for w in [*near, word]) + 1)
    if y1 <= y0 or x1 <= x0:
        return False
    n, _, stats = components((ink[y0:y1, x0:x1] < 128).astype(np.uint8))
    boxes = [(int(s[0]) + x0, int(s[1]) + y0, int(s[2]), int(s[3])) for s in stats[1:n] if s[3] >= xh / 2]

    def inside(w: Word) -> list[tuple[int, int, int, int]]:
        return [
            b
            for b in boxes
            if w.bbox.x0 <= b[0] + b[2] / 2 < w.bbox.x1 and w.bbox.y0 <= b[1] + b[3] / 2 < w.bbox.y1
        ]

    mid = (word.bbox.x0 + word.bbox.x1) / 2
    feet = sorted(
        ((b[0] + b[2] / 2, b[1] + b[3]) for w in near for b in inside(w) if abs(b[3] - xh) <= half),
        key=lambda f: abs(f[0] - mid),
    )[:nearest]
    own = inside(word)
    if len(feet) < 3 or not own:
        return False
    xs = np.array([f[0] for f in feet])
    ys = np.array([f[1] for f in feet])
    if xs.max() - xs.min() > xh:
        slope, icept = np.polyfit(xs, ys, 1)
    else:
        slope, icept = 0.0, float(np.median(ys))
    for bx, by, bw, bh in own:
        base = slope * (bx + bw / 2) + icept
        if abs(by + bh - base) > half or abs(bh - xh) > half:
            return False
    return True


#: Lower-case letters of the x-height alone, and rising above it (`geometry.DESCENDERS` reach below).
_X_HEIGHT = frozenset("acemnorsuvwxz")
_ASCENDERS = frozenset("bdfhklt")


def _lower_case(text: str, letters: frozenset[str] | None = None) -> bool:
    """A word of lower-case letters only (of `letters`, when given), its stops and quotes aside."""
    bare = text.strip(".:!?\"'“”‘’()-")
    return bool(bare) and all(c.isalpha() and c.islower() and (letters is None or c in letters) for c in bare)


#: The blocks whose words are read for letters read as figures: prose, in the body or the notes.
_READ_KINDS = (BlockKind.PARAGRAPH, BlockKind.FOOTNOTE)


def _inline_ocr_words(w: PageWork) -> Iterator[tuple[Draft, int, int, Word]]:
    """The words OCR read within a body paragraph's or a note's lines (with their draft, line and
    word index): not the first word of a paragraph or a note (its number), not one alone on its
    line, not a call."""
    for d in w.drafts:
        if d.kind not in _READ_KINDS or d.region not in ("body", "notes"):
            continue
        for li, ln in enumerate(d.lines):
            for wi, wd in enumerate(ln.words):
                if (
                    (li or wi or d.continues)
                    and len(ln.words) > 1
                    and wd.origin is WordOrigin.OCR
                    and wd.marker is None
                ):
                    yield d, li, wi, wd


def fix_letter_figures(works: list[PageWork], *, images: PageImages | None = None, lang: str = "eng") -> None:
    """Read back as letters a lone figure among the words of a body paragraph or a note that
    `letter_reading` gives a word for and whose ink stands within the line's x-height
    (`within_x_height`), on the page's image: a note call (set raised) or a figure of any style
    does not. Without the image, or a figure opening a paragraph or a note (its number), a call
    linked to a note, a word from a text layer, the page keeps what OCR read."""
    if images is None:
        return
    for w in works:
        if w.contents:
            continue
        spots = [
            (d, li, wi, reading)
            for d, li, wi, wd in _inline_ocr_words(w)
            if (reading := letter_reading(_as_read(w, f"{d.id}:{li}:{wi}", wd.text), lang=lang))
        ]
        if not spots:
            continue
        image = images(w.page.index)
        if image is None:
            continue
        ink = binarise_image(image)
        for d, li, wi, reading in spots:
            if within_x_height(ink, d.lines, li, wi, lang=lang):
                before = _as_read(w, f"{d.id}:{li}:{wi}", d.lines[li].words[wi].text)
                correct_word(w, d, li, wi, reading, f"letters of the x-height, not the figures {before!r}")


#: A lone figure, as a token OCR may read off the ink of the word beside it.
_LONE_FIGURES = re.compile(r"^[0-9]{1,3}$")
#: Ink counts for a token when at least this share of its box's height (a dot or a speck does not).
MIN_INK_HEIGHT = 0.3


def neighbours_ink(ink: np.ndarray, line: Line, k: int) -> bool:
    """Whether word `k` of `line` holds no ink of its own on the binarised page `ink` but the ink of
    the words beside it: every piece of ink at least `MIN_INK_HEIGHT` of its box tall that reaches
    into its box lies mostly (by its pixels) in a neighbour's box, and at least one does ('Trotsky
    1 reviews': the tail of the 'y' that curls under the space, read as a '1'). A glyph set on its
    own stands apart from the next word by a space; an empty box tells nothing."""
    word = line.words[k]
    near = [line.words[j] for j in (k - 1, k + 1) if 0 <= j < len(line.words)]
    if not near:
        return False
    height, width = ink.shape
    boxes = [word.bbox, *(w.bbox for w in near)]
    x0, y0 = max(0, min(b.x0 for b in boxes)), max(0, min(b.y0 for b in boxes))
    x1, y1 = min(width, max(b.x1 for b in boxes)), min(height, max(b.y1 for b in boxes))
    if x1 <= x0 or y1 <= y0:
        return False
    n, labels, stats = components((ink[y0:y1, x0:x1] < 128).astype(np.uint8))
    b = word.bbox
    inside = labels[max(0, b.y0 - y0) : max(0, b.y1 - y0), max(0, b.x0 - x0) : max(0, b.x1 - x0)]
    theirs = 0
    for i in {int(v) for v in np.unique(inside)} - {0}:
        if stats[i][3] < MIN_INK_HEIGHT * b.height:
            continue
        ys, xs = np.nonzero(labels == i)
        xs, ys = xs + x0, ys + y0
        in_near = max(
            int(np.count_nonzero((xs >= w.bbox.x0) & (xs < w.bbox.x1) & (ys >= w.bbox.y0) & (ys < w.bbox.y1)))
            for w in near
        )
        if 2 * in_near <= len(xs):
            return False  # a piece of ink of the token's own
        theirs += 1
    return theirs > 0


def drop_figures_of_neighbours_ink(works: list[PageWork], *, images: PageImages | None = None) -> None:
    """A lone figure among the words of a body paragraph or a note, not its first word, whose box
    holds the ink of the words beside it and none of its own (`neighbours_ink`), on the page's
    image, leaves the text for the page's noise (kept in an `other` block), with a decision. Without
    the image, or a call, the page keeps what OCR read."""
    if images is None:
        return
    for w in works:
        if w.contents:
            continue
        spots = [(d, li, wi) for d, li, wi, wd in _inline_ocr_words(w) if _LONE_FIGURES.match(wd.text)]
        if not spots:
            continue
        image = images(w.page.index)
        if image is None:
            continue
        ink = binarise_image(image)
        for d, li, wi in reversed(spots):  # from the end: a word dropped moves none still to judge
            ln = d.lines[li]
            if _referred_after(w, d.id, li, wi) or not neighbours_ink(ink, ln, wi):
                continue
            drop_word(
                w,
                d,
                li,
                wi,
                "ink_speck",
                "{!r} read off the ink of the words beside it, left out of the text",
            )


def _referred_after(w: PageWork, block: str, li: int, wi: int) -> bool:
    """Whether a decision already made on the page names a word after word `wi` of line `li` of
    `block` ("block:line:word"), which dropping that word would move."""
    prefix = f"{block}:{li}:"

    def after(value: object) -> bool:
        if isinstance(value, list | tuple):
            return any(after(v) for v in value)
        if isinstance(value, str) and value.startswith(prefix):
            tail = value[len(prefix) :]
            return tail.isdigit() and int(tail) > wi
        return False

    return any(after(x.targets) or any(after(v) for v in x.data.values()) for x in w.decisions)
