"""A volume of symbol notes known before its first zone is read: the first page of notes has its
zone's mark garbled by OCR and its type blurred to the body's height (a photographed page), and
only the pages after it show notes opening with '*' as printed."""

from __future__ import annotations

from ingest.layout import clean_volume
from ingest.layout.footnotes import marks_symbols
from ingest.model import Line
from tests.test_layout_helpers import MILL, PITCH, Row, body, footnote_blocks, line, note_rows, page

#: Note lines set narrower than the body but, blurred, as tall (`footnotes.zone_by_advance`).
NARROW = 16
#: Note lines whose blur spread their letters to nearly the body's width (18 against 21).
BLURRED = 18


def _symbol_page(index: int, term: str) -> list[Row]:
    rows = body(
        ["¶the river ran past the old mill where the " + term + "* stood every", MILL[1], MILL[2] + "."]
    )
    rows += note_rows([f"* {term} - A mill on the river that the workers of the valley built."], top=1900)
    return rows


def _lines(rows: list[Row]) -> list[Line]:
    return [line(r) for r in rows]


def test_symbol_marks_at_the_foot_of_two_pages_tell_a_volume_of_symbol_notes() -> None:
    pages = [_lines(_symbol_page(i, "Kalinin")) for i in (1, 2)]
    assert marks_symbols(pages)
    assert not marks_symbols(pages[:1])  # one page may be a stray mark
    numbered = [_lines(body([MILL[0], MILL[1] + "."]) + note_rows(["1. Kalinin - A mill."])) for _ in (1, 2)]
    assert not marks_symbols(numbered)
    # a list behind one mark on every page (a sheet of features, '* Simple…', '* Non-destructive…')
    items = ["* Simple, easy to learn operation of the mill.", "* Non-destructive grinding of the corn."]
    listed = [_lines(body(MILL[:3]) + [Row(t, 1900 + 60 * k) for k, t in enumerate(items)])] * 2
    assert not marks_symbols(listed)
    # a mark opening a line in the upper half of the page is no note's
    high = [
        _lines(
            [Row("* Kalinin - A mill on the river that the workers built.", 300), *body(MILL[:3], top=400)]
        )
    ] * 2
    assert not marks_symbols(high)


def test_the_first_zone_of_a_symbol_volume_is_found_with_its_mark_garbled_and_its_type_blurred() -> None:
    # light-a5 photographed spreads: the volume's first page of notes had its first note's '*'
    # read 'x:' and its type blurred to the body's height; nothing then said the volume marks its
    # notes with symbols, its zone was read as text, and so were all the volume's notes; a speck
    # before the rest of a broken word ('_ ned' for 'joined') opened no note
    rows = body(
        [
            "¶the river ran past the old mill where Kamenev* and the others met",
            "every morning before the long shift began and nobody in the town",
            "could remember a time when Kalinin† had stood quite still for long.",
        ]
    )
    notes = [
        "x: Kamenev, L. (1883-1936) - Old Bolshevik and a member of the Central Committee; in 1926 he",
        "_ ned with Trotsky to form the Opposition; he opposed the insurrection in the valley of the",
        "river.",
        "t Kalinin, M. (1875-1946) - President of the Executive Committee from 1919 and an ally of",
        "Rykov on the Committee.",
    ]
    rows += [
        Row(t, 245 + 3 * PITCH + 80 + k * 52, full=k in (0, 1, 3), char=NARROW) for k, t in enumerate(notes)
    ]
    pages = [page(1, rows), page(2, _symbol_page(2, "Bubnov")), page(3, _symbol_page(3, "Budenny"))]
    out = clean_volume(pages)
    first = [b for b in footnote_blocks(out) if b.id.startswith("p0001")]
    assert [b.marker for b in first] == ["*", "†"], [(b.marker, b.text) for b in footnote_blocks(out)]
    assert first[0].text.endswith("river.") and "Rykov" in first[1].text


def test_a_zone_whose_blur_hides_its_type_and_pitch_is_found_by_its_marks_space_and_calls() -> None:
    # light-a5 photographed spreads: two one-line symbol notes at a page's foot, their type blurred
    # to the body's height and nearly its width, set almost at the body's pitch; '*' read as
    # printed, set off by space, the body above calling them: the notes stayed in the text
    rows = body(
        [
            "¶the river ran past the old mill where Napoleon* and the others met",
            "every morning before the long shift began and nobody in the town",
            "could remember a time when Budenny† had stood quite still for long",
            MILL[3] + ".",
        ]
    )
    top = 245 + 4 * PITCH + 50
    rows += [
        Row("* Bonaparte, Napoleon III (1808-1873) - Nephew of Napoleon I.", top, full=False, char=BLURRED),
        Row(
            "t Budenny, S. (1883-1973) - Civil war hero and cavalry commander.",
            top + 54,
            full=False,
            char=BLURRED,
        ),
    ]
    pages = [page(1, _symbol_page(1, "Bubnov")), page(2, _symbol_page(2, "Budenny")), page(3, rows)]
    out = clean_volume(pages)
    last = [b for b in footnote_blocks(out) if b.id.startswith("p0003")]
    assert [b.marker for b in last] == ["*", "†"], [(b.marker, b.text) for b in footnote_blocks(out)]
    text = "\n".join(b.text for p in out if p.index == 3 for b in p.blocks if b.kind.value == "paragraph")
    assert "Bonaparte, Napoleon" not in text
