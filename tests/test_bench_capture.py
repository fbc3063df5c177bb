"""The capture bench's pure parts: how a page's reading and its truth are flattened and compared."""

from bench import capture_pages as C


def test_leaders_go_with_their_page_number_however_they_were_read():
    truth = C.flat("Analogy with Thermidor . . . . . . . . . . . . 5")
    assert truth == "Analogy with Thermidor"
    assert C.flat("Analogy with Thermidor........cccccssscsssesessseeess 5") == truth
    assert C.flat("‘Pravda’ sounds the alarm ..0.00.0......ccescscss 1") == "'Pravda' sounds the alarm"


def test_text_with_a_few_stops_is_kept():
    text = "See Lenin, V.I. Works, vol. 45, pp. 349-353, first published in 1956."
    assert C.flat(text) == text


def test_a_page_truth_reads_head_folio_body_then_notes():
    page = {
        "running_head": "A Letter",
        "printed_page": "15",
        "body_lines": ["the end of a para-", "graph.", "Notes"],
        "footnote_lines": ["1. A note."],
    }
    assert C.page_truth(page) == "A Letter 15 the end of a para-graph. Notes 1. A note."


def test_a_page_is_short_of_text_only_past_the_share():
    row = C.PageRow(index=3, part=1, truth_chars=1000, read_chars=880, cer=0.12, decisions="", cut="")
    assert row.lost(0.1)
    assert not row.lost(0.15)


def test_decisions_name_only_what_preprocessing_changed():
    assert C.decisions({"rotation": 0, "skew": 0.0, "crop": [0, 0, 10, 10]}) == ""
    rec = {"rotation": 90, "skew": -0.4, "page_outline": [[0, 0]], "dewarped": 0.7, "scale": 1.8}
    assert C.decisions(rec) == "turned 90, skew -0.4, outline, dewarped 0.7, enlarged 1.8"
