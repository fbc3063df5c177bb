"""The sample book's scans (samples/scan) must come out as right as its born-digital twin.

The quick tests pin the bugs the scans showed (each named after it) on small built pages; the slow
test OCRs the ten scans (about 30 s) and compares the cleaned export with the twin's golden
rendering (tests/layout_golden/sample_book_born_digital.txt)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from ingest.export.text import render_text
from ingest.layout import clean_volume, footnotes, headings, toc
from ingest.layout.calls import call_candidates
from ingest.layout.geometry import VolumeMetrics, page_frame
from ingest.model import BBox, BlockKind, Line, Page, Word
from tests.test_layout_helpers import LEFT, MILL, WIDTH, Row, body, line, page

SAMPLE = Path(__file__).parent.parent / "samples"
GOLDEN = Path(__file__).parent / "layout_golden" / "sample_book_born_digital.txt"
METRICS = VolumeMetrics(line_height=40, pitch=58, type_height=40)
FILL = MILL[:5]


def test_contents_author_lines_are_not_entries_when_ocr_lost_the_pages() -> None:
    # sample scan: leader soup swallowed every page number, so the author lines became entries
    rows = [
        Row("I. Where I Lived, and What I Lived For... cccccccesecccscsscsscssesscsecseccrecsees", 645),
        Row("Henry David Thoreau", 703, height=32, full=False),
        Row("IT. Self-Reliance....ccccccsccscccscsccsscsessscsecsscsssssesssssecsecses", 814),
        Row("Ralph Waldo Emerson", 872, height=32, full=False),
    ]
    lines = [line(r) for r in rows]
    entries = toc.parse_entries(lines, page_frame(lines, WIDTH), METRICS)
    assert [e.title for e in entries] == ["I. Where I Lived, and What I Lived For", "IT. Self-Reliance"]


def test_contents_line_in_body_type_without_page_is_still_an_entry() -> None:
    # the same rule must not eat an entry whose leader and page OCR both lost
    rows = [
        Row("I. Where I Lived, and What I Lived For... cccccccesecccscsscsscssesscsecseccrecsees", 645),
        Row("II. Self-Reliance", 703, full=False),
    ]
    lines = [line(r) for r in rows]
    assert len(toc.parse_entries(lines, page_frame(lines, WIDTH), METRICS)) == 2


def test_leader_speck_glued_to_the_dots_is_not_part_of_the_title() -> None:
    # sample scan: "TIT. Of the Liberty of Thought «0.0.00... cccc" gave the title "... Thought «0"
    ln = line(Row("III. Of the Liberty of Thought «0.0.00... ccccscssssses", 983))
    assert toc.title_text(ln, toc.split_entry_line(ln)[0]) == "III. Of the Liberty of Thought"
    ln = line(Row("Part 2...... 14", 983))
    assert toc.title_text(ln, toc.split_entry_line(ln)[0]) == "Part 2"


def test_roman_entry_numbers_misread_as_t_are_renumbered() -> None:
    # sample scan: contents titles read "IT. Self-Reliance" and "TIT. Of the Liberty of Thought"
    fixes = headings.renumber_sections(
        [(1, "I. Where"), (1, "IT. Self-Reliance"), (1, "TIT. Of the Liberty")]
    )
    assert fixes == {1: "II. Self-Reliance", 2: "III. Of the Liberty"}


def test_chapter_label_misread_is_renumbered_across_titles_between() -> None:
    # sample scan: "CHAPTER UI" for "CHAPTER III", with titles and subtitles between the labels
    items = [
        (2, "CHAPTER I"),
        (1, "Title"),
        (2, "From W"),
        (2, "CHAPTER II"),
        (1, "Other"),
        (2, "CHAPTER UI"),
    ]
    assert headings.renumber_sections(items) == {5: "CHAPTER III"}
    # a label word before an ordinary word is no section number
    assert headings.renumber_sections([(2, "CHAPTER I"), (2, "CHAPTER Two")]) == {}


def test_entry_title_with_glued_leader_keeps_its_number() -> None:
    # sample scan: "IT. Self-Reliance....ccc" was read unsure, so the title was replaced by the
    # heading's "Self-Reliance" and lost its number
    assert toc.title_agrees("II. Self-Reliance", "Self-Reliance")
    assert not toc.title_agrees("II. Self-Reliance", "Of the Liberty of Thought")


def _opening(index: int, label_y: int, title_y: int, title_h: int) -> Page:
    rows = [
        Row("CHAPTER II", label_y, height=30, full=False, centred=True),
        Row("Self-Reliance", title_y, height=title_h, full=False, centred=True),
        Row(
            "From Essays: First Series, by an Author (1841)",
            title_y + 150,
            height=32,
            full=False,
            centred=True,
        ),
    ]
    return page(index, rows + body(["¶" + FILL[0], *FILL[1:]], top=title_y + 330))


def test_chapter_label_above_a_large_title_is_one_heading_with_it() -> None:
    # sample scan page 6: "CHAPTER II" sits one pitch above the large title; the bench contract
    # makes a label and its title one heading ("CHAPTER II Self-Reliance"), the subtitle in
    # smaller type below stays a heading of its own
    out = clean_volume([_opening(1, 504, 567, 70)])
    heads = [b.text for b in out[0].blocks if b.kind is BlockKind.HEADING]
    assert heads == ["CHAPTER II\nSelf-Reliance", "From Essays: First Series, by an Author (1841)"]


def test_subtitle_in_smaller_type_is_not_merged_into_the_large_title() -> None:
    # sample scan page 3: the source line under the title had a tall box (parentheses) and joined it
    p = _opening(1, 400, 584, 52)
    sub = p.blocks[2].lines[0]
    tall = Line(sub.words, BBox(sub.bbox.x0, 584 + 113, sub.bbox.x1, 584 + 113 + 58))
    blocks = list(p.blocks)
    blocks[2] = type(blocks[2])(blocks[2].id, blocks[2].kind, (tall,), tall.bbox)
    out = clean_volume([replace(p, blocks=tuple(blocks))])
    heads = [b.text for b in out[0].blocks if b.kind is BlockKind.HEADING]
    assert "Self-Reliance" in heads


def test_short_last_line_after_a_broken_word_is_not_a_continued_note() -> None:
    # sample scan page 10: "ion." (x-height only, its box starting low) ending "opin-" was taken
    # for a note continued from the page before
    lines = [line(r) for r in body(FILL[:4] + ["so much as know what they are, for either opin-"], top=245)]
    last = lines[-1].bbox
    ion = Word("ion.", BBox(LEFT, last.y0 + 58 + 14, LEFT + 64, last.y1 + 58), 0.95)
    lines.append(Line((ion,), ion.bbox))
    assert footnotes.note_zone_start(lines, METRICS, next_number=6, may_continue=True) is None


def test_question_ending_a_paragraph_is_not_taken_for_a_lost_call() -> None:
    # sample scan page 4: note 3's call after 'forever.”' was lost; 'face?' ending the page's first
    # paragraph took the note instead
    rows = body(
        [
            "looked him in the face?",
            "¶" + FILL[0],
            FILL[1],
            "“glorify God and enjoy him forever.”",
            "¶" + FILL[2],
        ],
        top=245,
    )
    rows += [Row("3. The answer to the first question of the catechism.", 1900, height=28, full=False)]
    p = page(1, rows)
    words = list(p.blocks[3].lines[0].words)
    words[-1] = Word(words[-1].text, words[-1].bbox, 0.28)
    ln = Line(tuple(words), p.blocks[3].lines[0].bbox)
    p = replace(p, blocks=p.blocks[:3] + (replace(p.blocks[3], lines=(ln,)),) + p.blocks[4:])
    out = clean_volume([p])
    assert "forever.”[^1]" in render_text(out).clean


@pytest.mark.slow
@pytest.mark.skipif(not (SAMPLE / "scan").exists(), reason="sample scans not present")
def test_sample_scans_come_out_like_the_born_digital_twin() -> None:
    from ingest.model import SourceRef
    from ingest.pagework import OcrTask, ocr_page

    pages = []
    for n, path in enumerate(sorted((SAMPLE / "scan").glob("page-*.jpg")), start=1):
        res = ocr_page(OcrTask(n, n, path.read_bytes(), SourceRef(str(path), 1, ""), dpi=300))
        assert res.page is not None
        pages.append(res.page)
    out = clean_volume(pages)
    export = render_text(out)
    golden = GOLDEN.read_text(encoding="utf-8")
    twin_clean, rest = golden.split("--- pages.tsv\n")
    twin_pages, twin_toc = rest.split("--- toc.tsv\n")
    assert export.toc_tsv == twin_toc
    assert export.pages_tsv == twin_pages
    notes = [b for p in out for b in p.blocks if b.kind is BlockKind.FOOTNOTE]
    assert [b.marker for b in notes] == ["1", "2", "3", "4", "5"] and all(b.ref for b in notes)
    assert "forever.”[^3]" in export.clean
    for p in out:  # every chapter label is one heading with its title, as in the twin
        assert not any(
            b.kind is BlockKind.HEADING and b.text.startswith("CHAPTER ") and "\n" not in b.text
            for b in p.blocks
        )
    assert "either opinion." in export.clean
    blocks = lambda s: [b for b in s.split("\n\n") if b.strip()]  # noqa: E731
    assert len(blocks(export.clean)) == len(blocks(twin_clean))
    # what is left is Tesseract's own misreadings (about 0.1 %)
    assert Levenshtein.distance(export.clean, twin_clean) <= 0.002 * len(twin_clean)


def test_italic_section_number_read_as_letters_is_renumbered() -> None:
    # ch-light scan: the italic heading "II" came out as "ve", and its contents entry with it
    assert headings.renumber_sections([(1, "Problems"), (2, "I"), (2, "ve")]) == {2: "II"}
    assert headings.renumber_sections([(1, "Problems"), (2, "I"), (2, "Notes")]) == {}


def test_contents_page_set_apart_without_leader_ends_the_entry() -> None:
    # challenge-clean scan: "II ....... 15" read as "I" and "I$" with no leader between; the line
    # was taken as the first line of a wrapped entry and swallowed the next entry
    rows = [
        Row("I", 700, x0=285, height=24, full=False),
        Row("The international factor", 762, height=30, full=False),
    ]
    lines = [line(r) for r in rows]
    page_token = Word("I$", BBox(1545, 700, 1571, 724), 0.5)
    lines[0] = Line(lines[0].words + (page_token,), lines[0].bbox.union(page_token.bbox))
    entries = toc.parse_entries(lines, page_frame(lines, WIDTH), METRICS)
    assert [e.title for e in entries] == ["I", "The international factor"]


def test_renumbered_heading_on_a_cleaned_page_keeps_its_decision() -> None:
    # a cleaned page fed back carries 'CHAPTER III' already; the heading_number decision (and the
    # heading's text as read) must come out as in the first run
    def opening(i: int, label: str) -> Page:
        rows = [Row(label, 400, height=30, full=False, centred=True)]
        return page(i, rows + body(["¶" + FILL[0], *FILL[1:]], top=520))

    pages = [opening(1, "CHAPTER I"), opening(2, "CHAPTER II"), opening(3, "CHAPTER UI")]
    once = clean_volume(pages)
    assert [d.kind for d in once[2].decisions].count("heading_number") == 1
    assert clean_volume(pages[:2] + [once[2]]) == once


def _sized(ln: Line, size: float) -> Line:
    return Line(tuple(replace(w, size=size) for w in ln.words), ln.bbox)


def test_text_layer_notes_one_size_smaller_are_found_by_their_size() -> None:
    # born-digital: notes set a size step smaller (0.92) at the body's pitch; boxes alone cannot
    # tell them from the text, Word.size can
    lines = [line(r) for r in body(FILL, top=245)]
    notes = [line(Row("1. A note set only a little smaller than the text of", 245 + 7 * 58, height=40))]
    notes.append(
        line(Row("the page, which runs to a second line here.", 245 + 8 * 58, height=40, full=False))
    )
    assert footnotes.note_zone_start(lines + notes, METRICS, next_number=1, may_continue=False) is None
    sized = [_sized(ln, 46.7) for ln in lines] + [_sized(ln, 43.0) for ln in notes]
    assert footnotes.note_zone_start(sized, METRICS, next_number=1, may_continue=False) == len(lines)


def test_text_layer_call_in_smaller_type_on_the_baseline_is_a_call() -> None:
    # born-digital: a call token set in smaller type whose box sits on the baseline
    ln = _sized(line(Row("the hum of a mosquito 3 making its tour", 245)), 46.7)
    words = list(ln.words)
    words[5] = replace(words[5], size=30.0)
    calls = call_candidates([Line(tuple(words), ln.bbox)])
    assert [(c.word, c.marker, c.exact) for c in calls] == [(5, "3", True)]


def test_pronoun_read_as_figure_one_is_put_right_and_can_be_undone() -> None:
    # sample scan page 5: "and with it 1 would mine" (old-style figures: I and 1 look alike) left
    # a folio-like "1" in the text. The volume's own text says "would" follows "I"; word
    # frequencies say "I" is a common word of English, not of German.
    from ingest.layout import misreads
    from ingest.layout.undo import undo

    usage = misreads.Usage.of(
        [["I", "would", "go", "and", "I", "was", "at", "page", "12", "was", "on", "page", "30"]]
    )
    assert misreads.is_pronoun_misread("it", "1", "would", usage)
    assert not misreads.is_pronoun_misread("it", "1", "would", usage, lang="deu")
    assert not misreads.is_pronoun_misread("point", "1", "was", usage)  # "was" follows numbers too
    assert not misreads.is_pronoun_misread("page", "1", "would", usage)  # the volume numbers pages
    assert not misreads.is_pronoun_misread("it", "1", "says", usage)  # never seen after "I"
    assert not misreads.is_pronoun_misread("it", "1", "Would", usage)
    assert misreads.is_pronoun_misread("him.", "1", "might", usage)  # a sentence opens with it
    assert not misreads.is_pronoun_misread("him.", "1", "was", usage)  # "12 was": after a number
    rows = body(
        ["¶" + FILL[0], "and with it 1 would mine and burrow my way through", "as I would think it" + "."],
        top=245,
    )
    out = clean_volume([page(1, rows)])
    assert "with it I would mine" in render_text(out).clean
    fix = next(d for d in out[0].decisions if d.kind == "ocr_misread")
    assert "with it 1 would" in render_text([undo(out[0], fix)]).clean
    german = clean_volume([page(1, rows)], lang="deu")
    assert "with it 1 would mine" in render_text(german).clean
    assert clean_volume(out) == out


def test_pronoun_read_as_figure_one_opening_a_paragraph_is_put_right() -> None:
    # twocol-chapnotes-heavy: "1 will write about the congress ..." opened a letter's paragraph
    # and stayed a figure (no full stop before it, and the volume never printed "I will"), and a
    # scorer took the "1" for a page number left in the text
    from ingest.layout import misreads

    usage = misreads.Usage.of([["I", "would", "go", "on", "page", "12", "was"]])
    assert misreads.is_pronoun_misread(None, "1", "will", usage, opens_paragraph=True)
    assert not misreads.is_pronoun_misread(None, "1", "will", usage)  # a continued paragraph
    assert not misreads.is_pronoun_misread(None, "1", "was", usage, opens_paragraph=True)
    rows = body(["¶" + FILL[0], FILL[1] + ".", "¶1 will write about the mill when it is over"], top=245)
    assert "\n\nI will write about" in render_text(clean_volume([page(1, rows)])).clean


def test_pronoun_read_as_figure_one_after_a_word_the_volume_prints_before_i() -> None:
    # seed 1389 heavy-a5-chapter: "needless to say, 1 am doing" mid-sentence, and the volume never
    # printed "I am", so the "1" stayed (and was scored a page number left in the text); it does
    # print "say, I" within a sentence. "that 1 didn't": a word with an apostrophe is a word
    from ingest.layout import misreads

    usage = misreads.Usage.of(
        [["as", "I", "would", "say,", "I", "think", "and", "that", "I", "knew", "page", "12"]]
    )
    assert misreads.is_pronoun_misread("say,", "1", "am", usage)
    assert misreads.is_pronoun_misread("that", "1", "didn't", usage)
    assert not misreads.is_pronoun_misread("but", "1", "am", usage)  # never before "I" in the volume
    # a word before an "I" that opens a sentence ("... say. I") is no evidence
    assert not misreads.is_pronoun_misread(
        "say,", "1", "am", misreads.Usage.of([["to", "say.", "I", "think"]])
    )
    rows = body(
        ["¶" + FILL[0], "and needless to say, 1 am doing what I can, as I would", "say, I think it" + "."],
        top=245,
    )
    assert "needless to say, I am doing" in render_text(clean_volume([page(1, rows)])).clean
