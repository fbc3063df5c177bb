"""Numbers as printed and as OCR misreads them: one list per fact, shared by the cleanups.

Digit look-alikes (old-style figures read as letters: `l7` for 17, `s.` for 5.) serve note
markers and folios; roman numerals serve folios (lower case, `xii`), section and chapter
numbers (upper case, `CHAPTER IV`) and contents pages. Where a use truly needs more, its additions
are stated here beside the shared list, not copied into the module that uses them.
"""

from __future__ import annotations

import re

#: Letters and marks OCR reads for the figures 0–9 (old-style figures especially).
DIGIT_LOOKALIKES: dict[str, str] = {
    "l": "1",
    "I": "1",
    "i": "1",
    "|": "1",
    "O": "0",
    "o": "0",
    "S": "5",
    "s": "5",
    "Z": "2",
    "z": "2",
    "B": "8",
    "g": "9",
    "q": "9",
    "G": "6",
    "b": "6",
}
#: The capital letters OCR reads as figures, by the figure read (a drop capital "I" read "1").
CAPITAL_LOOKALIKES: dict[str, str] = {d: c for c, d in DIGIT_LOOKALIKES.items() if c.isupper()}
#: Folios (alone in a margin, nothing else to mistake them for) also take these readings.
FOLIO_LOOKALIKES: dict[str, str] = {**DIGIT_LOOKALIKES, "!": "1", "D": "0", "T": "7", "t": "1"}

#: The lower-case letters of the x-height (no ascender, no descender) OCR reads as figures, by the
#: figure read ("a" read "4", "is" read "15"): where the ink stands within the x-height, the figure
#: is such a letter (`misreads.fix_letter_figures`).
X_HEIGHT_LOOKALIKES: dict[str, str] = {"4": "a", "3": "a", "5": "s", "1": "i", "0": "o"}
#: Figures that in no figure style stand within the x-height: lining figures are as tall as
#: capitals, old-style 3–9 reach below the baseline or above the x-height (0, 1 and 2 do not).
NEVER_X_HEIGHT_FIGURES = frozenset("3456789")

DIGITS = str.maketrans(DIGIT_LOOKALIKES)
FOLIO_DIGITS = str.maketrans(FOLIO_LOOKALIKES)
#: Every glyph a misread note number may be made of.
MARKER_GLYPHS = frozenset("0123456789") | frozenset(DIGIT_LOOKALIKES) | {"u"}

#: Lower-case roman numerals (folios): strokes OCR reads for `i`.
LOWER_ROMAN_LOOKALIKES = str.maketrans(
    {"l": "i", "1": "i", "|": "i", "!": "i", "j": "i", "u": "ii", "n": "ii"}
)
#: Upper-case roman numerals in serif type ("IT." for "II.", "TIT." or "UI" for "III").
UPPER_ROMAN_LOOKALIKES = str.maketrans(
    {"T": "I", "l": "I", "1": "I", "|": "I", "!": "I", "U": "II", "H": "II"}
)

_ROMAN = re.compile(r"^(m{0,3})(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
_SYMBOLS = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def roman_to_int(s: str) -> int | None:
    """The value of a well-formed roman numeral in either case, or None."""
    s = s.lower()
    if not s or not _ROMAN.match(s):
        return None
    total = 0
    for a, b in zip(s, s[1:] + " ", strict=False):
        v = _VALUES[a]
        total += -v if b != " " and _VALUES[b] > v else v
    return total


def int_to_roman(n: int) -> str:
    """`n` as a lower-case roman numeral."""
    out = []
    for v, sym in _SYMBOLS:
        while n >= v:
            out.append(sym)
            n -= v
    return "".join(out)
