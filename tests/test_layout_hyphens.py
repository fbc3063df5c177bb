"""Words broken at a line end in languages other than English: the halves are letters of any script,
and the frequencies are those of the volume's language (`--lang`), so a German or French compound
keeps its hyphen while a broken word is joined."""

from __future__ import annotations

from dataclasses import replace

from ingest.export.text import render_text
from ingest.layout import clean_volume, hyphenation
from ingest.layout.undo import undo
from ingest.model import BBox, BlockKind, Line, Page, Word
from tests.test_layout_helpers import LEFT, PITCH, Row, body, note_rows, page
from tests.test_layout_order import COL, LEFT_TEXT, RIGHT_TEXT, row
from tests.test_layout_order import page as column_page
from tests.test_layout_paragraphs import FILL


def _decide(start: str, end: str, lang: str) -> tuple[str, bool]:
    return hyphenation.decide(start, end, hyphenation.build_vocabulary([]), lang=lang)


def test_words_with_letters_beyond_ascii_are_breaks() -> None:
    # "Stra-" / "ße" and "élé-" / "ments": the second half starts with a letter English lacks
    assert hyphenation.is_break("Stra-", "ße")
    assert hyphenation.is_break("„Über-", "gang")
    assert _decide("Stra-", "ße", "deu") == ("Straße", False)
    assert _decide("Ver-", "änderung,", "deu") == ("Veränderung,", False)
    assert _decide("élé-", "ments.", "fra") == ("éléments.", False)


def test_frequencies_are_those_of_the_volume_language() -> None:
    # "Arbeiter-" / "bewegung" is one German word; as English the halves mean nothing, and the
    # decision rests on the joined form only
    assert _decide("Arbeiter-", "bewegung", "deu") == ("Arbeiterbewegung", False)
    # a German compound of two common words whose joined form is not a word keeps its hyphen
    whole, compound = _decide("Goethe-", "Schiller", "deu")
    assert compound and whole == "Goethe-Schiller"


def test_tesseract_language_strings_map_to_wordfreq() -> None:
    assert hyphenation.wordfreq_code("eng") == "en"
    assert hyphenation.wordfreq_code("deu+eng") == "de"
    assert hyphenation.wordfreq_code("frk") == "de"  # Fraktur is read as German
    assert hyphenation.wordfreq_code("xyz") is None  # unknown: the volume's vocabulary alone


def test_a_german_page_is_joined_in_the_export() -> None:
    rows = body(
        [
            "¶die Arbeiter der Stadt gingen jeden Morgen über die Stra-",
            "ße zur Fabrik und niemand in der Stadt konnte sich an eine Ver-",
            "änderung erinnern, die größer gewesen wäre als diese eine.",
        ]
    )
    text = render_text(clean_volume([page(1, rows)], lang="deu")).clean
    assert "Straße zur Fabrik" in text and "Veränderung erinnern" in text


def test_a_prefix_the_language_closes_up_is_joined() -> None:
    # "counter-" / "proposal": both halves are common words and "counterproposal" is rare, but
    # English writes "counter" closed up with the word after it (counterattack, counterpart…), so
    # the line-end hyphen is a break; "so-" / "called" and "well-" / "known" keep theirs
    assert hyphenation.closes_up("counter", "en") and hyphenation.closes_up("anti", "en")
    assert not hyphenation.closes_up("so", "en") and not hyphenation.closes_up("well", "en")
    rows = body(
        [
            "¶I sent my proposal to the others, or more accurately my counter-",
            "proposal, and they called it an anti-",
            "party document, a so-",
            "called platform of the well-",
            "known kind that nobody there had read.",
        ]
    )
    text = render_text(clean_volume([page(1, rows)], lang="eng")).clean
    assert "my counterproposal, and" in text and "an antiparty document" in text
    assert "a so-called platform" in text and "the well-known kind" in text


def test_a_suffix_the_language_closes_up_is_joined() -> None:
    # seed 1919 heavy-a5-page-symbols: "liquidation-" / "ism." kept its hyphen, both halves being
    # common words and "liquidationism" unknown to the word frequencies; English writes "ism"
    # closed up after a word (socialism, nationalism…), so the line-end hyphen is a break. Words
    # that end a few compounds only ("time", "way") are no such suffix: "part-" / "time" keeps it
    assert hyphenation.closes_after("ism", "en") and hyphenation.closes_after("ness", "en")
    assert not hyphenation.closes_after("time", "en") and not hyphenation.closes_after("way", "en")
    empty = hyphenation.build_vocabulary([])
    assert hyphenation.decide("“liquidation-", 'ism."', empty, lang="eng") == ('“liquidationism."', False)
    assert hyphenation.decide("part-", "time", empty, lang="eng") == ("part-time", True)
    # a volume that prints the suffix hyphenated after its words keeps the hyphen
    vocab = hyphenation.build_vocabulary(["the Trotsky-ism of the day and its Stalin-ism"])
    assert hyphenation.decide("liquidation-", "ism", vocab, lang="eng") == ("liquidation-ism", True)


def test_a_volume_that_prints_the_prefix_hyphenated_keeps_it() -> None:
    # the volume's own usage comes first: it prints "anti-war" and "anti-tank" inside its lines
    vocab = hyphenation.build_vocabulary(["the anti-war and anti-tank committees met", "anti-war"])
    assert hyphenation.decide("anti-", "party", vocab, lang="eng") == ("anti-party", True)
    assert hyphenation.decide("anti-", "party", hyphenation.build_vocabulary([]), lang="eng") == (
        "antiparty",
        False,
    )


def test_a_speck_read_after_a_line_end_hyphen_goes_with_the_join() -> None:
    # heavy scans (seed 1124 heavy letter, Charis SIL: 'the 1848 re-.' / 'volution'; seed 1946
    # heavy a5: 'intro-.' / 'duce', 'com-—' / 'mands,', 'Depart-’' / 'ment,'): a speck after the
    # hyphen, read glued to it, kept the halves apart ('re-. volution'). Prose sets no stop, colon,
    # rule or dash right after a hyphen: the word is broken at the line end, the speck is no text.
    # A quote the word opened is the word's ('‘anti-’'), and a dash without a hyphen is a dash
    rows = body(
        [
            "¶It was the year of the great re-.",
            "volution, and we had need to intro-:",
            "duce the formal com-—",
            "mands of the War Depart-’",
            "ment, as the prefix ‘anti-’",
            "said then of every trade—",
            "union in the town.",
        ]
    )
    cleaned = clean_volume([page(1, rows)], lang="eng")
    text = render_text(cleaned).clean
    assert "the great revolution, and we had need to introduce the formal commands of the War" in text
    # the quote stays; the dash stays a dash (the export closes it up with the next line's word)
    assert "Department, as the prefix ‘anti-’ said then of every trade—union" in text
    # undone, the join gives the first half back as read
    join = next(
        d for d in cleaned[0].decisions if d.kind == "hyphen_join" and d.data["joined"] == "revolution,"
    )
    assert join.data["text_before"] == "re-."
    back = undo(cleaned[0], join)
    assert "re-." in [w.text for w in back.words]
    assert "re-. volution," in render_text([back]).clean


def test_the_volume_s_usage_of_the_word_s_family_decides_a_break() -> None:
    # 'hail-' / 'storms': both halves common words, 'hailstorms' rare (and no word of its family
    # known enough), and the word printed nowhere else in the volume; the volume prints
    # 'hailstorm' closed up inside a line: a break
    empty = hyphenation.build_vocabulary([])
    assert hyphenation.decide("hail-", "storms", empty, lang="eng") == ("hail-storms", True)
    vocab = hyphenation.build_vocabulary(["the hailstorm broke over the fields by the door"])
    assert hyphenation.decide("hail-", "storms", vocab, lang="eng") == ("hailstorms", False)
    # 'right-' / 'wing': 'rightwing' is frequent enough to be joined on the word frequencies
    # alone; the volume prints 'right-wingers' inside its lines: the hyphen is the compound's
    assert hyphenation.decide("right-", "wing", empty, lang="eng") == ("rightwing", False)
    vocab = hyphenation.build_vocabulary(["the right-wingers of the party met"])
    assert hyphenation.decide("right-", "wing", vocab, lang="eng") == ("right-wing", True)
    # the word itself printed in the volume still comes first
    vocab = hyphenation.build_vocabulary(["the right-wingers met", "a rightwing party"])
    assert hyphenation.decide("right-", "wing", vocab, lang="eng") == ("rightwing", False)


def _broken_over(step: float) -> str:
    """The export of a page whose paragraph ends "... its sup-" / "porters.", the last line `step`
    pitches under the line above it, and a paragraph after it."""
    rows = body(
        [
            "¶the river ran past the old mill where the workers met every",
            "morning before the long shift began and nobody in the town",
            "could remember a time when the wheel had stood and its sup-",
        ],
        top=300,
        last_short=False,
    )
    y = 300 + 2 * PITCH + round(step * PITCH)
    rows.append(Row("porters.", y, full=False))
    rows += body(["¶and then the mill was sold to a man from the city who", "never came."], top=y + PITCH)
    return render_text(clean_volume([page(1, rows)], lang="eng")).clean


def test_a_word_broken_over_a_wider_step_goes_on_its_paragraph() -> None:
    # a photographed two-column book: the page's curl widened the steps near its foot, and the
    # step between "sup-" and the paragraph's last line "porters." was read as paragraph space:
    # the paragraph was split and the word's halves left apart ("its sup- ¶ porters.")
    assert "the wheel had stood and its supporters.\n\nand then the mill" in _broken_over(1.6)
    # a blank line's space between them is space the page shows: the halves stay apart
    assert "its sup-\n\nporters." in _broken_over(2.2)


def test_a_capital_read_for_a_broken_word_s_letter_is_joined() -> None:
    # photographed and heavy pages: OCR read the first letter of a broken word's second half as a
    # capital ('preoccu-' / 'Pied', 'in-' / 'Surrection;'), and the capital kept the hyphen as in
    # 'anti-Soviet'. The joined word is a known word, commoner than the half alone: a break, with
    # the letter in lower case. A real capital stays ('anti-' / 'Semitic', 'trans-' / 'Atlantic')
    assert _decide("preoccu-", "Pied", "eng") == ("preoccupied", False)
    assert _decide("in-", "Surrection;", "eng") == ("insurrection;", False)
    assert _decide("anti-", "Semitic", "eng") == ("anti-Semitic", True)
    assert _decide("trans-", "Atlantic", "eng") == ("trans-Atlantic", True)
    assert _decide("anti-", "Soviet", "eng") == ("anti-Soviet", True)
    assert _decide("ANTI-", "SEMITIC", "eng") == ("ANTI-SEMITIC", True)
    rows = body(["¶the workers of the town were preoccu-", "Pied with the mill and its wheel."])
    cleaned = clean_volume([page(1, rows)], lang="eng")
    assert "were preoccupied with the mill" in render_text(cleaned).clean
    # undone, the second half gets back the capital OCR read
    join = next(d for d in cleaned[0].decisions if d.kind == "hyphen_join")
    back = undo(cleaned[0], join)
    assert "were preoccu- Pied with" in render_text([back]).clean


def test_a_capital_opening_a_first_half_the_volume_never_prints_alone_is_no_compound() -> None:
    # two-column letter books: 'Toms-' / 'key).' and 'Ly-' / 'ova': names broken at the line end.
    # As lower-case words both halves are common enough ('toms', 'ly', 'ova') and the joined
    # name is unknown to the word frequencies, so the hyphen was kept as a compound's. A name's
    # halves are no words: the volume prints neither on its own
    empty = hyphenation.build_vocabulary([])
    assert hyphenation.decide("(Toms-", "key).", empty, lang="eng") == ("(Tomskey).", False)
    assert hyphenation.decide("Ly-", "ova", empty, lang="eng") == ("Lyova", False)
    # a first half the volume prints on its own keeps the compound's hyphen, as does a lower-case
    # one (the frequencies are those of lower-case words)
    vocab = hyphenation.build_vocabulary(["the Toms went home"])
    assert hyphenation.decide("Toms-", "key", vocab, lang="eng") == ("Toms-key", True)
    assert hyphenation.decide("fish-", "bowl", empty, lang="eng") == ("fish-bowl", True)


def test_a_word_broken_at_the_foot_goes_on_at_the_next_page_s_head() -> None:
    # a photographed two-column page: its second column's frame was read askew, every line of
    # the column stood set in from it, and the prose at the edge of the next page's head was
    # taken for prose going on after a passage set in: 'work-' / 'ing.' were left in two
    # paragraphs, the word's halves apart. A word broken over the break goes on
    inset = LEFT + 110
    set_in = [
        "that the wheel would turn for as long as the water ran and",
        "the town would grow, and that the mill and its sup-",
    ]
    p1 = body(["¶" + FILL[0], FILL[1], FILL[2] + "."], last_short=True)
    y = p1[-1].y + PITCH
    p1 += [Row(t, y + k * PITCH, x0=inset) for k, t in enumerate(set_in)]
    p2 = body(["porters would see it through the coldest of the winters.", "¶" + FILL[3], FILL[4] + "."])
    text = render_text(clean_volume([page(1, p1), page(2, p2)], lang="eng")).clean
    assert "the mill and its supporters would see it" in text, text


def _with_dust(p: Page, text: str, *, at_end: bool) -> Page:
    """The page with a speck read as '_' (two pixels high) added after the last word of the line
    reading `text` (`at_end`), or as '.' before its first word."""
    blocks = []
    for b in p.blocks:
        lines = []
        for ln in b.lines:
            if ln.text == text:
                edge = ln.words[-1].bbox if at_end else ln.words[0].bbox
                if at_end:
                    dust = Word("_", BBox(edge.x1 + 4, edge.y1 - 4, edge.x1 + 7, edge.y1 - 2), 0.57)
                    words = (*ln.words, dust)
                else:
                    dust = Word(".", BBox(edge.x0 - 8, edge.y1 - 4, edge.x0 - 5, edge.y1 - 2), 0.78)
                    words = (dust, *ln.words)
                ln = Line(words, BBox.enclosing([w.bbox for w in words]))
            lines.append(ln)
        blocks.append(replace(b, lines=tuple(lines), bbox=BBox.enclosing([ln.bbox for ln in lines])))
    return replace(p, blocks=tuple(blocks))


def test_dust_read_beside_a_word_broken_at_the_line_end_leaves_the_text() -> None:
    # heavy two-column letter books: dust read as a word of its own after a line-end hyphen
    # ('gov- _' / 'ernment', 'immedi- _' / 'ately') or before the rest of the word on the next
    # line ('falsi-' / '. fication', 'de-' / '- tailed') kept the halves apart: the word stayed
    # broken with the speck in it. Prose sets no mark there: the speck goes to the page's noise
    rows = body(
        [
            "¶the river ran past the old mill where the gov-",
            "ernment men met every morning before the long falsi-",
            "fication of the books1 began, and nobody in the town",
            "could remember a time when the wheel had stood still.",
        ]
    ) + note_rows(["1 The books of the mill were kept by the miller and by his son."])
    p = _with_dust(page(1, rows), "the river ran past the old mill where the gov-", at_end=True)
    p = _with_dust(p, "fication of the books1 began, and nobody in the town", at_end=False)
    cleaned = clean_volume([p], lang="eng")
    text = render_text(cleaned).clean
    assert "where the government men met" in text and "the long falsification of the books" in text, text
    # the note's link names its call where the call stands once the speck before it is gone
    link = next(d for d in cleaned[0].decisions if d.kind == "footnote_link")
    block, li, wi = link.data["word"].rsplit(":", 2)
    called = next(b for b in cleaned[0].blocks if b.id == block).lines[int(li)].words[int(wi)]
    assert called.marker == "1" and called.note_id == link.data["note"], called
    # the specks are kept out of the text, each with a decision that gives it back
    specks = [d for d in cleaned[0].decisions if d.kind == "break_speck"]
    assert sorted(d.data["speck"] for d in specks) == [".", "_"]
    lead = next(d for d in specks if d.data["speck"] == ".")
    back = undo(cleaned[0], lead)
    assert ". fication of the books" in " ".join(ln.text for b in back.blocks for ln in b.lines)
    # a mark of print where no word is broken stays: an ellipsis spaced out over the line end
    rows = body(["¶the river ran past the old mill and the workers . . .", "and nobody in the town knew."])
    assert "workers . . . and nobody" in render_text(clean_volume([page(1, rows)], lang="eng")).clean


def test_the_rest_of_a_word_broken_at_a_column_s_foot_is_no_spaced_heading() -> None:
    # a heavy two-column page: the second column opened with the rest of a word broken at the
    # foot of the first ('re-' / 'treating in the hope of o avoiding further'), its box stretched
    # up by a speck over it; no space above a column's first line is seen, and the step under it
    # looked like a title's: it was read as a spaced heading, and the word stayed broken
    left = [*LEFT_TEXT[:-1], "quiet history as the lords of the land re-"]
    lines = [row(t, 500 + k * 58, COL[0][0], COL[0][1]) for k, t in enumerate(left)]
    first = row("treating in the hope of avoiding", 500, COL[1][0])
    b = first.words[3].bbox
    speck = Word("o", BBox(b.x1 + 4, b.y0 - 36, b.x1 + 6, b.y0 - 34), 0.93)
    words = (*first.words[:4], speck, *first.words[4:])
    lines.append(Line(words, BBox.enclosing([w.bbox for w in words])))
    rest = ["further confrontations and the", *RIGHT_TEXT[1:]]
    lines += [row(t, 558 + k * 58, COL[1][0], COL[1][1]) for k, t in enumerate(rest)]
    p = column_page(1, [[ln] for ln in sorted(lines, key=lambda ln: (ln.bbox.y0, ln.bbox.x0))])
    cleaned = clean_volume([p], lang="eng")
    assert not [b for b in cleaned[0].blocks if b.kind is BlockKind.HEADING]
    assert "lords of the land retreating in the hope" in render_text(cleaned).clean


def test_a_speck_glued_before_a_broken_word_s_rest_or_a_tilde_for_its_hyphen_is_joined() -> None:
    # heavy scans: OCR read a speck of the margin glued before the rest of a broken word ('her-' /
    # '_mits', 'dan-' / '_gerous', 'fa-' / '_tiguing,') or a tilde for the hyphen itself ('gener~'
    # / 'ation'), and the halves stayed apart. The rest of a broken word opens on its letter, and
    # prose ends no word with a tilde: the word is joined where the joined word is a word. A
    # tilde after a whole word is no hyphen
    rows = body(
        [
            "¶the miller wrote to the old her-",
            "_mits whose addresses he knew, and the long gener~",
            "ation of the mill was over when the town grew dan-",
            "_gerous at night, and the wheel stood still in the dark~",
            "and nobody in the town could say why the men had come.",
        ]
    )
    cleaned = clean_volume([page(1, rows)], lang="eng")
    text = render_text(cleaned).clean
    assert "the old hermits whose addresses" in text, text
    assert "the long generation of the mill" in text and "grew dangerous at night" in text, text
    assert "in the dark~ and nobody" in text, text
    # undone, each half gets back what OCR read
    joins = {d.data["joined"]: d for d in cleaned[0].decisions if d.kind == "hyphen_join"}
    back = undo(cleaned[0], joins["hermits"])
    assert "the old her- _mits whose" in render_text([back]).clean
    back = undo(cleaned[0], joins["generation"])
    assert "the long gener~ ation of" in render_text([back]).clean


def test_small_letters_of_a_capital_s_shape_read_as_capitals_are_joined() -> None:
    # heavy and light a5 pages: the rest of a broken word made of letters whose capitals are the
    # small letters drawn larger ('Mo-' / 'SCOW,', 'SCOw,') was read in capitals, and the capital
    # kept the hyphen as in 'anti-Soviet' ('Mo-SCOW,'). After a first half in lower case the
    # letters are the word's own where the word joined is a known word. A word set in capitals,
    # a capital of another shape and a joined form that is no word keep the hyphen
    assert _decide("Mo-", "SCOW,", "eng") == ("Moscow,", False)
    assert _decide("Mo-", "SCOw,", "eng") == ("Moscow,", False)
    assert _decide("MO-", "SCOW,", "eng") == ("MO-SCOW,", True)
    assert _decide("re-", "COVER", "eng") == ("re-COVER", True)
    assert _decide("anti-", "SOS", "eng") == ("anti-SOS", True)
    rows = body(
        ["¶the works of the two friends were printed in Mo-", "SCOW, and the mill kept a copy of them."]
    )
    cleaned = clean_volume([page(1, rows)], lang="eng")
    assert "were printed in Moscow, and the mill" in render_text(cleaned).clean
    # undone, the second half gets back the capitals OCR read
    join = next(d for d in cleaned[0].decisions if d.kind == "hyphen_join")
    assert "printed in Mo- SCOW, and" in render_text([undo(cleaned[0], join)]).clean


def test_a_rare_word_of_a_known_word_s_family_is_joined() -> None:
    # 'with-' / 'holds', 'simple-' / 'tons', 'proper-' / 'tied': both halves common words and the
    # joined word rarer than them by far, so the hyphen was kept as a compound's ('with-holds').
    # The joined word is an inflection of a known word ('withhold', 'simpleton', 'properties'):
    # a break. A word sharing a shorter opening is no family ('so-' / 'called': 'social'), and
    # the volume printing the compound still keeps it
    assert _decide("with-", "holds", "eng") == ("withholds", False)
    assert _decide("simple-", "tons", "eng") == ("simpletons", False)
    assert _decide("proper-", "tied", "eng") == ("propertied", False)
    assert _decide("so-", "called", "eng") == ("so-called", True)
    assert _decide("fish-", "hook", "eng") == ("fish-hook", True)
    vocab = hyphenation.build_vocabulary(["the simple-tons of the village"])
    assert hyphenation.decide("simple-", "tons", vocab, lang="eng") == ("simple-tons", True)
    rows = body(
        ["¶the clerk of the mill with-", "holds the letters and the simple-", "tons of the town never ask."]
    )
    text = render_text(clean_volume([page(1, rows)], lang="eng")).clean
    assert "clerk of the mill withholds the letters and the simpletons of the town" in text


def test_an_s_read_for_a_fraktur_double_hyphen_is_the_hyphen() -> None:
    # a Fraktur page: the double hyphen of 'Unmün⸗' / 'digkeit' read as an 's' ('Unmüns'), and the
    # halves stayed two words. The word joined without the 's' is the volume's ('Unmündigkeit' on
    # the line under it) and the word as read is none: a break, and so is 'Despos' / 'tism',
    # where neither half is a word. A word that is one keeps its 's' ('eines' / 'andern'), as does
    # one before a word ('Athos' / 'and'), and a volume of a language wordfreq does not know
    # needs the joined word
    empty = hyphenation.build_vocabulary([])
    assert hyphenation.s_for_hyphen("eines", "andern", empty, lang="deu") == "eines"
    assert hyphenation.s_for_hyphen("Despos", "tism", empty, lang="deu") == "Despo-"
    assert hyphenation.s_for_hyphen("Athos", "and", empty, lang="eng") == "Athos"
    assert hyphenation.s_for_hyphen("Despos", "tism", empty, lang="xyz") == "Despos"
    assert hyphenation.s_for_hyphen("Unmüns", "Digkeit", empty, lang="deu") == "Unmüns"
    rows = body(
        [
            "¶Aufklärung iſt der Ausgang des Menſchen aus ſeiner Unmüns",
            "digkeit. Unmündigkeit iſt das Unvermögen, ſich ſeines Verſtandes",
            "ohne Leitung eines anderen zu bedienen, und Leitung eines",
            "andern iſt ihm nicht nöthig, wenn er es nur wagt.",
        ]
    )
    cleaned = clean_volume([page(1, rows)], lang="deu")
    text = render_text(cleaned).clean
    assert "aus ſeiner Unmündigkeit. Unmündigkeit iſt" in text
    assert "Leitung eines andern iſt" in text
    # undone, the first half gets back the 's' OCR read
    join = next(d for d in cleaned[0].decisions if d.kind == "hyphen_join")
    assert "ſeiner Unmüns digkeit." in render_text([undo(cleaned[0], join)]).clean
