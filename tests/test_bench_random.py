"""The random-book benchmark's pure parts: the knob draw and the target verdicts (no rendering here)."""

from pathlib import Path

import pytest

from bench import random_books, targets

BENCH = random_books.BENCH
FONTS = ["EB Garamond", "TeX Gyre Termes", "Charis SIL"]


def texts() -> list[random_books.Source]:
    if (BENCH / "dev").is_dir():
        return random_books.sources(BENCH)
    return [
        random_books.Source("dev/x/source.md", chapters=3),
        random_books.Source("more.txt", starts=(3, 90)),
    ]


def test_a_book_of_a_seed_is_the_same_whatever_else_was_drawn():
    t = texts()
    first = [random_books.draw(101, i, FONTS, t).args for i in range(20)]
    again = [random_books.draw(101, i, FONTS, t).args for i in reversed(range(20))][::-1]
    assert first == again
    assert random_books.draw(101, 3, FONTS, t).key == random_books.draw(101, 3, FONTS, t).key
    other = [random_books.draw(202, i, FONTS, t).args for i in range(20)]
    assert first != other
    assert len({tuple(a) for a in first}) == 20


def test_the_draw_covers_the_knobs_and_only_passes_generator_options():
    t = texts()
    specs = [random_books.draw(s, i, FONTS, t, max_pages=12) for s in (1, 2, 3) for i in range(40)]
    seen = {name: {str(sp.knobs[name]) for sp in specs} for name in specs[0].knobs}
    assert seen["notes"] == {"volume", "chapter", "page-symbols", "endnotes"}
    assert seen["page"] == {"a5", "octavo", "letter"}
    assert seen["profile"] == {"clean", "light", "heavy"}
    assert {"None", "head-outer", "head-centre", "foot-centre", "foot-outer"} == seen["folio"]
    assert {"True", "False"} <= seen["spreads"] and {"True", "False"} <= seen["camera"]
    assert seen["columns"] == {"1", "2"}
    assert seen["font"] == set(FONTS)
    for sp in specs:
        a = sp.args
        assert a[a.index("--max-pages") + 1] == "12"
        assert a[a.index("--font") + 1] in FONTS
        assert not (sp.knobs["spreads"] and sp.knobs["page"] == "letter")
        assert ("--glossary" in a) == bool(sp.knobs["inject_notes"])
        assert "None" not in a and "--out" not in a
        assert ("--lines" in a) != ("--chapters" in a)


def test_the_draw_needs_a_font_and_a_text():
    with pytest.raises(ValueError, match="font"):
        random_books.draw(1, 0, [], texts())
    with pytest.raises(ValueError, match="source"):
        random_books.draw(1, 0, FONTS, [])


@pytest.mark.skipif(not (BENCH / "dev").is_dir(), reason="benchmark books not present")
def test_sources_are_the_distinct_dev_texts_and_the_raw_chapters():
    found = random_books.sources(BENCH)
    md = [s for s in found if s.chapters]
    contents = {(BENCH / s.path).read_text(encoding="utf-8") for s in md}
    assert len(contents) == len(md)  # challenge-heavy and challenge-clean share one text
    raw = [s for s in found if s.starts]
    if raw:
        lines = (BENCH / raw[0].path).read_text(encoding="utf-8").splitlines()
        assert all(lines[n - 1].startswith("# ") for n in raw[0].starts)


PERFECT = {
    "cer": 0.01,
    "leftover_running_heads": 0,
    "leftover_page_numbers": 0,
    "hyphen_breaks": 1,
    "split_paragraphs": 1,
    "merged_paragraphs": 0,
    "headings_found": 1.0,
    "notes_truth": 50,
    "notes_found": 49,
    "notes_linked": 49,
    "toc_entries": 3,
    "toc_matched": 3,
    "toc_pages_correct": 3,
    "pages_correct": 1.0,
}


def test_verdicts_judge_each_target_of_the_issue():
    raw = {"cer": 0.05}
    assert targets.failed(targets.verdicts(PERFECT, raw, pages=10)) == []
    # rates per 10 pages: one break in 10 pages is allowed, in 9 pages it is not
    assert targets.failed(targets.verdicts(PERFECT, raw, pages=9)) == ["hyph", "split"]
    worse = PERFECT | {
        "leftover_running_heads": 1,
        "leftover_page_numbers": 2,
        "merged_paragraphs": 3,
        "headings_found": 0.94,
        "notes_linked": 48,  # 48/50 < 98%
        "toc_pages_correct": 2,
        "pages_correct": 0.98,
        "cer": 0.051,
    }
    assert targets.failed(targets.verdicts(worse, raw, pages=20)) == [
        "heads",
        "pnum",
        "merged",
        "headings",
        "notes",
        "toc",
        "labels",
        "cer",
    ]


def test_targets_a_book_cannot_show_are_left_out_of_the_fractions():
    bare = {k: v for k, v in PERFECT.items() if not k.startswith(("toc", "pages"))} | {"notes_truth": 0}
    v = targets.verdicts(bare, None, pages=10)
    assert v["notes"] is None and v["toc"] is None and v["labels"] is None and v["cer"] is None
    fractions = targets.pass_fractions([v, targets.verdicts(PERFECT, {"cer": 0.001}, pages=10)])
    assert fractions["notes"] == (1, 1)
    assert fractions["cer"] == (0, 1)
    assert fractions["heads"] == (2, 2)


def test_summary_prints_distributions_and_pass_shares():
    books = [(PERFECT, {"cer": 0.05}, 10), (PERFECT | {"split_paragraphs": 4}, {"cer": 0.05}, 20)]
    verdicts = [targets.verdicts(r, raw, p) for r, raw, p in books]
    metrics = [targets.metrics(r, raw, p) for r, raw, p in books]
    text = "\n".join(targets.summary_lines(verdicts, metrics))
    assert "split/10p" in text and "2.0000" in text  # 4 splits in 20 pages
    assert "split paragraphs <= 1 per 10 pages" in text and "1/2" in text and "50%" in text
    assert targets.distribution([3, None, 1, 2]) == (1, 2.0, 3)
    assert targets.distribution([None]) is None


def test_render_reuses_a_finished_book_and_remembers_a_failed_one(tmp_path: Path):
    spec = random_books.draw(5, 0, FONTS, texts())
    fake_bench = tmp_path / "bench"
    fake_bench.mkdir()
    # a generator that fails the way make_book.py does on a bad knob set
    (fake_bench / "make_book.py").write_text("import sys\nsys.exit('page-symbols: did not stabilise')\n")
    (fake_bench / "variants.py").write_text("")
    first = random_books.render(spec, tmp_path / "books", bench=fake_bench)
    assert not first.ok and "did not stabilise" in first.error
    assert (first.path / "FAILED").exists() and (first.path / "spec.json").exists()
    again = random_books.render(spec, tmp_path / "books", bench=fake_bench)
    assert again.path == first.path and again.error == first.error
    # a generator that writes its outputs: the book is rendered once, then reused
    (fake_bench / "make_book.py").write_text(
        "import pathlib, sys\nout = pathlib.Path(sys.argv[sys.argv.index('--out') + 1])\n"
        "out.mkdir(parents=True)\n(out / 'scan.pdf').write_text('x')\n(out / 'truth.json').write_text('{}')\n"
        "(pathlib.Path(__file__).parent / 'runs').open('a').write('1')\n"
    )
    book = random_books.render(spec, tmp_path / "books", bench=fake_bench)
    assert book.ok and (book.path / "DONE").exists() and book.path != first.path  # the generator changed
    assert random_books.render(spec, tmp_path / "books", bench=fake_bench).path == book.path
    assert (fake_bench / "runs").read_text() == "1"
    assert not list((tmp_path / "books").glob(".*tmp*"))
