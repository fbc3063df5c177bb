"""Footnote calls linked to their notes, over the whole volume.

Every numbered footnote (endnotes are linked by their section, `endnotes.mark_endnotes`) is paired
with a call in the body text, in volume order (`calls.align_calls`); the notes' lemmas add
candidates where OCR lost a raised call and favour the call right after the note's term
(`lemmas`), and a second reading of the page image where OCR read no call at all (`lostcalls`,
when the page images are given). `calllinks.link_notes` links them and puts the calls on their words.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence, Set

from ingest.ink import binarise_image
from ingest.layout import calllinks, calls, endnotes, lemmas, lostcalls
from ingest.layout.calllinks import Candidate
from ingest.layout.drafts import Draft, PageWork
from ingest.layout.geometry import letter_height
from ingest.layout.hyphenation import wordfreq_code
from ingest.layout.lostcalls import PageImages
from ingest.model import BlockKind, Line


def link_calls(
    works: list[PageWork], *, tail_lines: int = 8, images: PageImages | None = None, lang: str = "eng"
) -> None:
    """Pair every numbered note with a call in the body, in volume order (`calls.align_calls`);
    a note's call may sit in the last `tail_lines` lines of the page before, or anywhere in its
    last column (`page_tail`). The call's word loses
    the marker from its text and carries it as `marker`/`note_id`. With `images` (a page's image by
    its scan index), a page whose notes' numbers are not all read as calls is read again where a
    lost call may be (`lostcalls`; `lang`: the page's OCR language)."""
    notes: list[tuple[int, PageWork, Draft]] = []
    cands: list[Candidate] = []
    # endnotes are linked by their section (`endnotes.mark_endnotes`): neither they nor the calls
    # linked to them take part here
    endnote_ids = {d.id for w in works for d in w.drafts if d.region == "endnotes"}
    quotes = 0  # quotations left open by the page before's last paragraph
    carried = 0  # likely calls in the last lines of the page before beyond its own notes
    nested = calls.single_quotes_nested(ln for w in works for d in w.body_drafts() for ln in d.lines)
    for pos, w in enumerate(works):
        if w.contents:
            quotes = carried = 0
            continue
        flat = [(d, li) for d in w.body_drafts() for li in range(len(d.lines))]
        starts = [k for k, (d, li) in enumerate(flat) if li == 0 and not d.continues]
        lines = [d.lines[li] for d, li in flat]
        after = works[pos + 1].body_drafts() if pos + 1 < len(works) else []
        page_notes = [
            d
            for d in w.drafts
            if d.kind is BlockKind.FOOTNOTE and d.marker is not None and d.region != "endnotes"
        ]
        if all(d.marker in calls.SYMBOL_SEQUENCE for d in page_notes):
            # symbol notes are called in their marks' order (* † ‡ …), whatever order the zone set
            # them in (notes carried over from the page before first)
            page_notes.sort(key=lambda d: calls.SYMBOL_SEQUENCE.index(d.marker or ""))
        # a page of symbol notes, or the page before one (a note pushed over the break)
        symbols = any(d.marker in calls.SYMBOL_SEQUENCE for d in page_notes) or any(
            d.marker in calls.SYMBOL_SEQUENCE for d in _notes_of(works, pos + 1)
        )
        found, quotes = calls.candidates_and_quotes(
            lines,
            starts=starts,
            quotes=quotes if flat and 0 not in starts else 0,
            ends=not (after and after[0].continues),
            lang=wordfreq_code(lang) if symbols else None,
            nested_single=nested,
        )
        if images is not None:
            found = _raised_sentence_marks(w, lines, found, images)
        tail = page_tail(w, flat, tail_lines)
        over = [] if images is None or symbols else _lost_over_the_break(works, pos, nested)
        if images is not None and (page_notes or over):
            markers = [d.marker or "" for d in page_notes]
            found = _with_lost_calls(
                w, lines, found, markers, images, lang, carried=carried, over=over, tail=tail
            )
        carried = _carried_over(found, tail, len(page_notes))
        prev: calls.Call | None = None
        for c in found:
            d, li = flat[c.line]
            if d.lines[li].words[c.word].note_id in endnote_ids:
                continue
            # the second of two calls on one word ('Bordiga’®,”'): its note follows the first's,
            # which took the page's foot; it goes over the break from wherever the word stands
            second = not symbols and prev is not None and (prev.line, prev.word) == (c.line, c.word)
            cands.append(Candidate(pos, w, d, li, c, c.line in tail or second))
            prev = c
        notes += [(pos, w, d) for d in page_notes]
    cands, bonus, reach = _lemma_calls(works, notes, cands, tail_lines=tail_lines)
    reach |= _over_a_page_without_notes(works, notes, cands)
    reach |= _beyond_the_page_notes(works, notes, cands)
    calllinks.link_notes(notes, cands, bonus=bonus, reach=reach)


def _over_a_page_without_notes(
    works: list[PageWork],
    notes: list[tuple[int, PageWork, Draft]],
    cands: list[Candidate],
    *,
    strong: float = 1.5,
) -> set[tuple[int, int]]:
    """(note, candidate) pairs over a page break beyond the page's last lines: a numbered note may
    take a likely call (strength `strong` or more, or a number read) anywhere on the page before
    its own when that page sets no note of its own. A call there wants a note, and the page set
    none: its notes did not fit under it and went over the break whole, however far up the call
    (seed 1901 heavy-a5-chapter-camera: note 13 called on the first lines of a page whose foot
    held no note; seed 1933 heavy-a5-chapter-spreads: notes 1 and 2 called halfway down a
    chapter's first page). When the note's own page holds fewer likely calls than it sets notes,
    a page before it setting no note and holding no likely call either passes the note further
    back, to the nearest page holding likely calls, never past a page setting a heading (the
    note's chapter or section begins there): a long note that fitted under neither page went
    over both (a heavy scan of chapter notes: a note called near the foot of one page, set two
    pages on under a page of text without calls)."""
    noted = _notes_per_page(notes)
    likely: dict[int, list[int]] = {}
    for j, c in enumerate(cands):
        if c.call.strength >= strong or c.call.exact:
            likely.setdefault(c.pos, []).append(j)
    out: set[tuple[int, int]] = set()
    for i, (pos, _, d) in enumerate(notes):
        if d.marker in calls.SYMBOL_SEQUENCE:
            continue
        short = len(likely.get(pos, [])) < noted[pos]  # the page's own calls cannot take its notes
        before = pos - 1
        while before >= 0 and before not in noted and not works[before].contents:
            out |= {(i, j) for j in likely.get(before, [])}
            if not short or before in likely or _opens_with_heading(works[before]):
                break
            before -= 1
    return out


def _spare_pages(
    works: list[PageWork], notes: list[tuple[int, PageWork, Draft]], likely: dict[int, list[int]]
) -> set[int]:
    """The pages holding more likely calls (`likely`: a page's likely calls, as `_surplus_calls`
    finds them) than the notes they set, whatever their marks: a call there wants a note the page
    did not set."""
    noted = _notes_per_page(notes)
    return {p for p, js in likely.items() if not works[p].contents and len(js) > noted[p]}


def _notes_per_page(notes: list[tuple[int, PageWork, Draft]]) -> Counter[int]:
    """How many notes each page sets (by its place in the volume), whatever their marks."""
    return Counter(pos for pos, _, _ in notes)


def _far_page(
    works: list[PageWork], pos: int, noted: set[int], held: set[int], spare: set[int]
) -> int | None:
    """The page more than one page before a note's (at `pos`) where its call may be: the pages
    between set no note and hold no likely call (`calls.likely`), nor a heading (the note's
    chapter or section begins there; `held`: the pages holding likely calls), and the page before
    them holds more likely calls than it sets notes (`spare`, `_spare_pages`: never a contents
    page). A note too long for the foot of its call's page, or of the page after, went over both
    (a heavy page of symbol notes: '* Comintern' set two pages after 'Comintern’', the page
    between setting no note). None when there is no such page."""
    before = pos - 1
    if before < 0 or before in noted:
        return None
    while before >= 0 and before not in noted:
        w = works[before]
        if w.contents or before in held or _opens_with_heading(w):
            return None
        before -= 1
    return before if before in spare else None


def _opens_with_heading(w: PageWork) -> bool:
    """Whether a page sets a heading in its body (a chapter or section begins on it): a note
    called after it is not called before it."""
    return any(d.kind is BlockKind.HEADING for d in w.drafts)


def _beyond_the_page_notes(
    works: list[PageWork],
    notes: list[tuple[int, PageWork, Draft]],
    cands: list[Candidate],
    *,
    strong: float = 1.5,
) -> set[tuple[int, int]]:
    """(note, candidate) pairs over a page break beyond the page's last lines, for numbered notes:
    when the page before holds more likely calls (strength `strong` or more, possessives aside, or
    a number read) than it sets notes, the surplus did not fit under it and went over the break,
    however far up their calls. The first notes of the page, as many as that surplus, may take a
    likely call anywhere on the page before (`_over_a_page_without_notes` where it sets none; seed
    1115 light-octavo-chapter-camera: 'Bukharin's®' and 'Lenin®' on a page setting note 8 alone,
    note 9 set on the next; seed 1114 heavy-a5-volume: note 3 called 'Lenin?' halfway down a page
    setting notes 1 and 2). Pages between setting no note, holding no likely call and no heading
    pass the surplus on (seed 1586 light-a5-volume: "Lenin's⁶" near the foot of a page setting
    notes 4 and 5, note 6 set two pages on, under a page of text alone)."""
    set_on, likely, over = _surplus_calls(works, notes, cands, strong=strong)
    out: set[tuple[int, int]] = set()
    for pos, own in set_on.items():
        before = pos - 1
        while (
            before >= 0
            and before not in set_on
            and before not in likely
            and not works[before].contents
            and not _opens_with_heading(works[before])
        ):
            # a page between setting no note and holding no likely call passes the surplus on: a
            # note too long for the foot of its call's page and of the next went over both
            before -= 1
        if before < 0 or before not in set_on or works[before].contents:
            continue  # no page before, or one setting no note (`_over_a_page_without_notes`)
        out |= {(i, j) for i in own[: over[before]] for j in likely.get(before, [])}
    return out


def _surplus_calls(
    works: list[PageWork],
    notes: list[tuple[int, PageWork, Draft]],
    cands: list[Candidate],
    *,
    strong: float = 1.5,
) -> tuple[dict[int, list[int]], dict[int, list[int]], dict[int, int]]:
    """Per page: its numbered notes (indices into `notes`), its likely calls (strength `strong` or
    more, possessives aside, or a number read; indices into `cands`), and how many of those calls
    are beyond the notes it sets, the calls coming over from the page before taking those notes
    first: a page whose notes went over the break whole sends its calls on to the next page's
    notes, which then leave the next page's own calls without."""
    set_on: dict[int, list[int]] = {}
    for i, (pos, _, d) in enumerate(notes):
        if d.marker not in calls.SYMBOL_SEQUENCE:
            set_on.setdefault(pos, []).append(i)
    likely: dict[int, list[int]] = {}
    for j, c in enumerate(cands):
        if calls.likely(c.call, strong=strong):
            likely.setdefault(c.pos, []).append(j)
    over: dict[int, int] = {}
    for pos in range(len(works)):
        if works[pos].contents:
            continue
        own_calls = len(likely.get(pos, []))
        coming = over.get(pos - 1, 0)
        over[pos] = max(0, min(own_calls, own_calls + coming - len(set_on.get(pos, []))))
    return set_on, likely, over


def page_tail(w: PageWork, flat: list[tuple[Draft, int]], tail_lines: int) -> set[int]:
    """The indices of the page's body lines (`flat`: (draft, line) in reading order) where the call
    of a note pushed over the page break may be: the last `tail_lines` lines and, on a page read in
    columns, every line of the last column (after the last line spanning the columns). A note zone
    runs across the foot under all the columns: once the columns before are set, a note called
    anywhere in the last one that does not fit in what is left of the page goes over the break."""
    tail = set(range(max(0, len(flat) - tail_lines), len(flat)))
    if not w.columns:
        return tail
    # a column's drafts carry its frame, narrower than the body's that lines spanning them keep
    narrow = [d.frame for d, _ in flat if d.frame is not None and d.frame.width < w.frame.width / 1.5]
    if not narrow:
        return tail
    last = max(f.left for f in narrow)
    for k in range(len(flat) - 1, -1, -1):
        frame = flat[k][0].frame
        if frame is None or frame.width >= w.frame.width / 1.5:
            break  # a line spanning the columns: the columns above it are not the page's last
        if frame.left == last:
            tail.add(k)
    return tail


def _twice_called(
    key: tuple[int, int, int, int], cands: list[Candidate], pages: list[int]
) -> list[Candidate]:
    """A word's candidates when two notes or more of its page (`pages`: the pages of the notes whose
    term the word is) explain its term: each note is called there ('Alexinsky¹⁵.¹⁶'), and where OCR
    read one call on it ('Alexinsky.16': the raised figures before the stop read as nothing), the
    other is a call it lost inside the word, before the one read (`Call.unread`; it scores nothing
    of its own: only the note's term, `_lemma_calls`'s bonus, makes it linked). Unchanged for a
    word with another count of candidates, or whose notes are not all on its page."""
    if len(cands) != 1 or cands[0].call.strength == 0.0 or sum(p == key[0] for p in pages) < 2:
        return cands
    c = cands[0]
    lost = calls.Call(c.call.line, c.call.word, c.call.text, "", 0.0, unread=True)
    return [dataclasses.replace(c, call=lost), c]


def _broken_into(works: list[PageWork], pos: int) -> str:
    """The first part of a word broken at the end of the body of the page before `pos` ("Comin-"),
    when the page's first paragraph goes on with it; else ''."""
    body = works[pos].body_drafts()
    if pos == 0 or works[pos - 1].contents or not body or not body[0].continues:
        return ""
    before = works[pos - 1].body_drafts()
    last = before[-1].lines[-1].words if before and before[-1].lines else ()
    word = last[-1].text if last else ""
    return word if len(word) > 1 and word.endswith(("-", "­", "‐")) else ""


def _notes_of(works: list[PageWork], pos: int) -> list[Draft]:
    """The footnotes of the page at `pos` (none past the volume's end)."""
    if pos >= len(works):
        return []
    return [d for d in works[pos].drafts if d.kind is BlockKind.FOOTNOTE and d.region != "endnotes"]


def _carried_over(found: list[calls.Call], tail: set[int], notes: int, *, strong: float = 1.5) -> int:
    """How many of a page's likely calls (strength `strong` or more, possessives aside) are beyond
    its `notes`, at most as many as stand in its last lines (`tail`): the calls of notes pushed
    over the break to the next page."""
    likely = [c for c in found if c.strength >= strong and not calls.possessive(c)]
    return min(sum(c.line in tail for c in likely), max(0, len(likely) - notes))


def _raised_sentence_marks(
    w: PageWork,
    lines: list[Line],
    found: list[calls.Call],
    images: PageImages,
    *,
    strength: float = 1.9,
    foot: float = 0.35,
) -> list[calls.Call]:
    """The page's candidate calls, a question or an exclamation mark glued to a word where a
    sentence may end (a paragraph's end, before a capital: `calls.call_candidates` gives it 1.05
    only) taken for a call read as that glyph (`strength`, as an odd glyph elsewhere, plus the
    word's doubt) where the page image shows it raised `foot` letter heights off the line
    (`lostcalls.raised_mark_call`:
    'To Members of the CC and CCC!' for CCC¹). The image is loaded only for a page holding one."""
    weak = [k for k, c in enumerate(found) if lostcalls.sentence_mark(c)]
    if not weak:
        return found
    image = images(w.page.index)
    size = letter_height(lines)
    if image is None or size is None:
        return found
    binary = binarise_image(image)
    out = list(found)
    for k in weak:
        c = found[k]
        raised = lostcalls.raised_mark_call(binary, lines[c.line], c, size, foot=foot, strength=strength)
        if raised is not None:
            out[k] = raised
    return out


def _with_lost_calls(
    w: PageWork,
    lines: list[Line],
    found: list[calls.Call],
    markers: list[str],
    images: PageImages,
    lang: str,
    *,
    strong: float = 1.5,
    carried: int = 0,
    over: Sequence[str] = (),
    tail: Set[int] = frozenset(),
) -> list[calls.Call]:
    """The page's candidate calls with those a second reading of its image finds where the page's
    lines hold none (`lostcalls.lost_calls`), in reading order. The image is loaded only when a
    note's number is read as no call on the page and the page has fewer candidates of at least
    strength `strong` (possessives aside) than notes whose calls are not among the `carried` calls
    of the page before (`_carried_over`: likely calls in its last lines beyond its own notes).
    `over`: the next page's first notes that its body reads no call for (`_lost_over_the_break`);
    their calls are looked for too, in the page's last lines (`tail`) only."""
    if markers and all(m in calls.SYMBOL_SEQUENCE for m in markers):
        return _with_lost_symbol_calls(w, lines, found, markers, images, strong=strong, carried=carried)
    markers = markers + [m for m in over if m not in markers]
    read = {c.marker for c in found if c.exact}
    if not any(m.isdigit() and m not in read for m in markers):
        return found
    if lostcalls.misread_not_lost(found, markers, strong=strong, carried=carried):
        # as many likely calls as notes, those of the notes pushed over from the page before
        # counted where they stand: a call OCR misread, none lost
        return found
    image = images(w.page.index)
    if image is None:
        return found
    taken: dict[tuple[int, int], list[calls.Call]] = {}
    for c in found:
        taken.setdefault((c.line, c.word), []).append(c)
    # the words cleanup kept cover their ink; a raised figure OCR read unsure and cleanup left out
    # of the lines as floating dust is ink no word covers
    kept = [wd for d in w.drafts for ln in d.lines for wd in ln.words]
    extra = [
        c
        for c in lostcalls.lost_calls(image, lines, kept, markers, found, lang=lang)
        # a word that carries a call already keeps it alone, unless that call is a glyph read
        # before the word's stop: the raised mark past the stop is a second call
        if all(_before_the_stop(o, lines[o.line].words[o.word].text) for o in taken.get((c.line, c.word), ()))
        # a note of the next page is called at this page's foot, if here at all
        and (c.marker not in over or c.line in tail)
    ]
    # a stable sort: a word's call inside it comes before the one read again after it
    return sorted(found + extra, key=lambda c: (c.line, c.word)) if extra else found


def _lost_over_the_break(works: list[PageWork], pos: int, nested: bool) -> list[str]:
    """The numbers of the first notes of the page after `pos` (up to the first one its body reads
    a call for) whose calls its body does not read: the calls of notes pushed over the break stand
    in the last lines of page `pos`, where OCR may have lost them. None when the next page is a
    contents page or its notes are marked with symbols."""
    if pos + 1 >= len(works) or works[pos + 1].contents:
        return []
    nxt = works[pos + 1]
    numbers = [
        d.marker or ""
        for d in nxt.drafts
        if d.kind is BlockKind.FOOTNOTE and d.marker is not None and d.region != "endnotes"
    ]
    if not numbers or not all(m.isdigit() for m in numbers):
        return []
    flat = [(d, li) for d in nxt.body_drafts() for li in range(len(d.lines))]
    starts = [k for k, (d, li) in enumerate(flat) if li == 0 and not d.continues]
    found, _ = calls.candidates_and_quotes(
        [d.lines[li] for d, li in flat], starts=starts, ends=True, nested_single=nested
    )
    read = {c.marker for c in found if c.exact}
    out: list[str] = []
    for m in numbers:
        if m in read:
            break
        out.append(m)
    return out


def _before_the_stop(call: calls.Call, word: str) -> bool:
    """Whether `call` is a glyph OCR read inside `word`, between its letters and the stop or comma
    that ends it ('Bolsheviks”.' for 'Bolsheviks²⁰.²¹'): a raised mark after the word's end is then
    other ink than the call's, the call of a second note on the word, which OCR read as nothing."""
    stop = word[-1:]
    return (
        not call.exact
        and stop in ".,;:"
        and call.text.endswith(stop)
        and word == call.text[:-1] + call.marker + stop
    )


def _with_lost_symbol_calls(
    w: PageWork,
    lines: list[Line],
    found: list[calls.Call],
    markers: list[str],
    images: PageImages,
    *,
    strong: float = 1.5,
    carried: int = 0,
    speck: float = 1.0,
) -> list[calls.Call]:
    """A page of symbol notes (restarting on every page, so the page's notes are the calls its body
    holds, but for the `carried` ones pushed over from the page before, their calls there) with
    the calls a look at its image finds where OCR read none (`lostcalls.lost_symbol_calls`): only
    when its likely calls (strength `strong` or more, possessives aside) are fewer than those.
    A likely call read as quotes at its word's end where the image shows a speck
    (`lostcalls.speck_quotes`) is weakened to `speck` first."""
    image = None
    quoted = [
        c
        for c in found
        if c.strength >= strong and not c.exact and c.marker and all(g in lostcalls.QUOTES for g in c.marker)
    ]
    if quoted and (image := images(w.page.index)) is not None:
        # a speck OCR read as a quote at a word's end is no call ('the’' at a line's end)
        specks = {id(quoted[k]) for k in lostcalls.speck_quotes(image, lines, quoted)}
        found = [dataclasses.replace(c, strength=speck) if id(c) in specks else c for c in found]
    likely = sum(c.strength >= strong and not calls.possessive(c) for c in found)
    missing = len(markers) - min(carried, len(markers)) - likely
    if missing <= 0:
        return found
    image = images(w.page.index) if image is None else image
    if image is None:
        return found
    kept = [wd for d in w.drafts for ln in d.lines for wd in ln.words]
    extra = lostcalls.lost_symbol_calls(image, lines, kept, missing, found)
    return sorted(found + extra, key=lambda c: (c.line, c.word)) if extra else found


def _term_key(
    at: dict[tuple[int, int, int, int], list[Candidate]], p: int, spot: tuple[Draft, int], wi: int
) -> tuple[int, int, int, int]:
    """The word a mention of a note's term at word `wi` of line `spot` on page `p` is called at:
    the term itself, or the token of its own right after it where the call was read so
    ('COMINTERN “')."""
    d, li = spot
    key, after = (p, id(d), li, wi), (p, id(d), li, wi + 1)
    return after if key not in at and after in at and not at[after][0].call.text else key


def _lemma_calls(
    works: list[PageWork],
    notes: list[tuple[int, PageWork, Draft]],
    cands: list[Candidate],
    *,
    tail_lines: int,
    first: float = 2.0,
    later: float = 1.5,
) -> tuple[list[Candidate], dict[tuple[int, int], float], set[tuple[int, int]]]:
    """Candidates and bonuses from the notes' lemmas (`lemmas`): a candidate call right after a
    mention of a note's lemma (glued to it, or a token of its own after it) on the note's page (or
    in the last lines of the page before) scores `first` more for that note; a mention without a
    candidate, on the note's page or anywhere on the page before (a note pushed over the break),
    becomes one (OCR lost the raised call), that only its note may take: `first` for the first
    mention on the note's page (or, when it has none, on the page before), `later` for others. A
    note whose term is not on its page may also take a candidate after a mention anywhere on the
    page before: those (note, candidate) pairs are the third value."""
    heads = [lemmas.note_head(endnotes.note_text(d)) for _, _, d in notes]
    if not any(heads):
        return cands, {}, set()
    at: dict[tuple[int, int, int, int], list[Candidate]] = {}  # a word's candidates (two calls: two)
    for c in cands:
        at.setdefault((c.pos, id(c.draft), c.line, c.call.word), []).append(c)
    pairs: dict[tuple[int, int, int, int], dict[int, float]] = {}  # word → note → bonus
    # pages that set no note though they hold likely calls: their notes went over the break whole
    noted = {pos for pos, _, _ in notes}
    pushed = {
        c.pos
        for c in cands
        if c.pos not in noted and (c.call.strength >= 1.5 or c.call.exact) and not works[c.pos].contents
    }
    # pages holding more likely calls than the notes they set: the surplus went over the break
    _, likely, over = _surplus_calls(works, notes, cands)
    surplus = {p for p, n in over.items() if n > 0}
    reach: set[tuple[int, tuple[int, int, int, int]]] = set()  # (note, word) over a page break
    flats: dict[int, list[tuple[Draft, int]]] = {}
    spare, held = _spare_pages(works, notes, likely), set(likely)
    for i, ((pos, _, _), head) in enumerate(zip(notes, heads, strict=True)):
        if head is None:
            continue
        found: dict[int, list[tuple[int, int]]] = {}
        far = _far_page(works, pos, noted, held, spare)
        for p in (far, pos - 1, pos):
            if p is None:
                continue
            if p >= 0 and not works[p].contents:
                flat = flats.setdefault(
                    p, [(d, li) for d in works[p].body_drafts() for li in range(len(d.lines))]
                )
                found[p] = lemmas.mentions(
                    [d.lines[li] for d, li in flat], head, broken=_broken_into(works, p)
                )
        # the likeliest place of a lost call: the first mention on the note's page, else on the
        # page before (a note pushed over the break); a note explains a term where it first comes
        likeliest = (pos, 0) if found.get(pos) else (pos - 1, 0)
        if found.get(pos - 1) and pos - 1 in pushed:
            likeliest = (pos - 1, 0)  # the page before set none of the notes its calls want
        # the note's page names its term only where no call was read: its call may have stayed
        # on the page before, read there right after the term
        uncalled = bool(found.get(pos)) and not any(
            c.call.strength > 0.0
            for k, wi in found.get(pos, [])
            for c in at.get(_term_key(at, pos, flats[pos][k], wi), [])
        )
        for p, spots in found.items():
            flat = flats[p]
            for n, (k, wi) in enumerate(spots):
                d, li = flat[k]
                key = _term_key(at, p, flat[k], wi)
                if p < pos - 1:
                    # a page further back (`_far_page`): only a likely call read right after the
                    # note's term, for this note alone
                    if key in at and any(calls.likely(c.call) for c in at[key]):
                        reach.add((i, key))
                        pairs.setdefault(key, {})[i] = first
                    continue
                if p < pos and k < len(flat) - tail_lines and key in at:
                    # a candidate for other notes too: the page before only at its end; unless a
                    # call read there, right after the note's term, is one of the page's likely
                    # calls beyond the notes it sets (the note went over the break without it)
                    read_here = (p in surplus or uncalled) and any(calls.likely(c.call) for c in at[key])
                    if found.get(pos) and p not in pushed and not read_here:
                        continue
                    # the note's term is not on its page: the note was pushed over the break, its
                    # call may be anywhere on the page before, for this note alone
                    reach.add((i, key))
                b = first
                if key not in at or at[key][0].call.strength == 0.0:
                    word = d.lines[li].words[wi]
                    if word.marker:
                        continue
                    # a mention anywhere on the page before: the note was pushed over the break
                    call = calls.Call(k, wi, word.text, "", 0.0)
                    if (dagger := lemmas.dagger_call(word.text, head)) is not None:
                        # the call read as a letter glued to the term ('Klimt'): it leaves the word
                        call = calls.Call(k, wi, dagger[0], dagger[1], 0.0)
                    at[key] = [Candidate(p, works[p], d, li, call, True)]
                    b = first if (p, n) == likeliest else later
                pairs.setdefault(key, {})[i] = b
    for key, byn in pairs.items():
        at[key] = _twice_called(key, at[key], [notes[i][0] for i in byn])
    out = sorted((c for cs in at.values() for c in cs), key=lambda c: (c.pos, c.call.line, c.call.word))
    index: dict[tuple[int, int, int, int], list[int]] = {}
    for j, c in enumerate(out):
        index.setdefault((c.pos, id(c.draft), c.line, c.call.word), []).append(j)
    bonus = {(i, j): b for key, byn in pairs.items() for i, b in byn.items() for j in index[key]}
    return out, bonus, {(i, j) for i, key in reach for j in index[key]}
