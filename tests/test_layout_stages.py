"""Unit tests of the layout cleanups' pure functions, each case named after the trap it pins."""

from __future__ import annotations

from collections import Counter

import pytest

from ingest.layout import furniture, hyphenation, notemarkers, toc
from ingest.layout.calls import Call, align_calls, call_candidates
from ingest.model import BBox, Line, Word


def ln(text: str, x0: int = 200, y0: int = 100, h: int = 40) -> Line:
    words, x = [], x0
    for t in text.split():
        words.append(Word(t, BBox(x, y0, x + 20 * len(t), y0 + h)))
        x += 20 * len(t) + 20
    return Line(tuple(words), BBox.enclosing([w.bbox for w in words]))


@pytest.mark.parametrize(
    ("token", "kind", "value"),
    [
        ("17", "arabic", 17),
        ("l7", "arabic", 17),
        ("I7", "arabic", 17),
        ("Il", "arabic", 11),
        ("xii", "roman", 12),
        ("il", "roman", 2),
    ],
)
def test_parse_folio_reads_misread_numbers(token: str, kind: str, value: int) -> None:
    assert any(f.kind == kind and f.value == value for f in furniture.parse_folio(token))


def test_parse_folio_rejects_words() -> None:
    assert furniture.parse_folio("Comrades") == []


def test_labels_fix_misreads_and_fill_gaps() -> None:
    F = furniture.Folio
    readings = [
        [],
        [F("roman", 2, True)],
        [F("arabic", 1, True)],
        [],
        [F("arabic", 7, False)],
        [F("arabic", 4, True)],
        [F("arabic", 5, True)],
    ]
    assert furniture.infer_labels(readings) == [None, "ii", "1", "2", "3", "4", "5"]


def test_roman_front_matter_without_reading_stays_empty() -> None:
    F = furniture.Folio
    readings = [[], [F("roman", 2, True)], [F("arabic", 1, True)], [F("arabic", 2, True)]]
    assert furniture.infer_labels(readings)[0] is None


def test_a_lone_roman_folio_off_the_leaf_count_is_a_misread() -> None:
    # seeds 1414/1515: a contents page's "ii" on the second leaf read "li" (51; "ii" only after
    # undoing the look-alike) or "i", the only roman folio of the volume; the label took it as read
    F = furniture.Folio
    arabic = [[F("arabic", 1, True)], [F("arabic", 2, True)], [F("arabic", 3, True)]]
    li = [[], [F("roman", 51, True), F("roman", 2, False)], *arabic]
    assert furniture.infer_labels(li)[:3] == [None, "ii", "1"]
    i = [[], [F("roman", 1, True)], *arabic]
    assert furniture.infer_labels(i)[:3] == [None, "ii", "1"]
    # two pages agreeing on their own sequence keep it (front leaves not in the scan)
    v = [[F("roman", 5, True)], [F("roman", 6, True)], *arabic]
    assert furniture.infer_labels(v)[:3] == ["v", "vi", "1"]


def vocab(*texts: str) -> hyphenation.Vocabulary:
    return hyphenation.build_vocabulary(texts)


def test_split_word_is_joined() -> None:
    assert hyphenation.decide("Op-", "positionists", vocab()) == ("Oppositionists", False)


def test_compound_keeps_its_hyphen_by_frequency() -> None:
    assert hyphenation.decide("self-", "criticism", vocab()) == ("self-criticism", True)
    assert hyphenation.decide("five-", "year", vocab()) == ("five-year", True)
    # "counter" is a prefix English closes up: without the volume's word, a line-end break
    assert hyphenation.decide("counter-", "revolution", vocab()) == ("counterrevolution", False)
    v = vocab("the counter-offensive and the counter-attack")
    assert hyphenation.decide("counter-", "revolution", v) == ("counter-revolution", True)


def test_volume_vocabulary_beats_frequency() -> None:
    v = vocab("the five-year plan failed")
    assert hyphenation.decide("five-", "year", v) == ("five-year", True)
    assert hyphenation.decide("counter-", "revolution", vocab("the counterrevolution won")) == (
        "counterrevolution",
        False,
    )


def test_trailing_punctuation_stays_with_the_whole_word() -> None:
    assert hyphenation.decide("them-", "selves.", vocab())[0] == "themselves."


def test_leader_soup_is_cut_from_contents_line() -> None:
    line = ln("To a few exiled friends......sssssssssessssnnes 22")
    idx, label = toc.split_entry_line(line)
    assert toc.title_text(line, idx) == "To a few exiled friends" and label == "22"
    line = ln("- Letter of October 31, 1930.0... cescccsccccssssescecececcsss 1")
    idx, label = toc.split_entry_line(line)
    assert toc.title_text(line, idx) == "Letter of October 31, 1930"


def test_contents_entries_link_by_page_when_title_is_soup() -> None:
    entries = [toc.Entry("Chapter One", (), "1", 1, (0,)), toc.Entry("Loneesssss", (), "12", 2, (1,))]
    heads = [toc.HeadingRef("a", "Chapter One", 1, "1"), toc.HeadingRef("b", "I", 2, "12")]
    assert toc.link_entries(entries, heads) == [0, 1]


@pytest.mark.parametrize(
    ("token", "expected", "marker"),
    [
        ("4.", 4, "4"),
        ("s.", 5, "5"),
        ("u.", 11, "11"),
        ("2g.", 25, "25"),
        ("*", None, "*"),
    ],
)
def test_note_markers_with_old_style_figures(token: str, expected: int | None, marker: str) -> None:
    assert notemarkers.note_marker(Word(token, BBox(0, 0, 10, 10)), expected) == marker


def test_marker_glued_to_word_is_a_call() -> None:
    calls = call_candidates([ln("the policy of Centrism1 was"), ln("as convened.4 The")])
    assert [(c.text, c.marker, c.exact) for c in calls] == [("Centrism", "1", True), ("convened.", "4", True)]


def test_year_is_not_a_call() -> None:
    assert call_candidates([ln("in April 1923 the congress")]) == []


def test_closing_quote_of_a_quotation_is_not_a_call_but_a_stray_one_is() -> None:
    calls = call_candidates([ln("he said “all is well” and left"), ln("the industry’ demands more")])
    assert [c.text for c in calls] == ["industry"]


def test_calls_align_in_order_with_note_pushed_to_next_page() -> None:
    c = Call
    cands = [
        (0, c(0, 0, "CCC", "'", 1.5), False),
        (0, c(5, 0, "Dzerzhinsky's", "?", 1.9), True),
        (1, c(3, 0, "groupings", "’", 1.1), False),
    ]
    assert align_calls([(0, "1"), (1, "2"), (1, "3")], cands) == [0, 1, 2]


def test_note_split_at_expected_numbers_only() -> None:
    zone = [
        ln("1. First note text that is long", y0=2000, h=30),
        ln("1923. was a year", y0=2042, h=30),
        ln("2. Second note", y0=2084, h=30),
    ]
    notes = notemarkers.split_notes(zone, 1)
    assert [(n.marker, len(n.lines)) for n in notes] == [("1", 2), ("2", 1)]


_ = Counter
