"""Footnote calls linked to their notes, over the whole volume.

Every numbered footnote (endnotes are linked by their section, `endnotes.mark_endnotes`) is paired
with a call in the body text, in volume order (`calls.align_calls`); the notes' lemmas add
candidates where OCR lost a raised call and favour the call right after the note's term
(`lemmas`). `calllinks.link_notes` links them and puts the calls on their words.
"""

from __future__ import annotations

from ingest.layout import calllinks, calls, endnotes, lemmas
from ingest.layout.calllinks import Candidate
from ingest.layout.drafts import Draft, PageWork
from ingest.model import BlockKind


def link_calls(works: list[PageWork], *, tail_lines: int = 8) -> None:
    """Pair every numbered note with a call in the body, in volume order (`calls.align_calls`);
    a note's call may sit in the last `tail_lines` lines of the page before. The call's word loses
    the marker from its text and carries it as `marker`/`note_id`."""
    notes: list[tuple[int, PageWork, Draft]] = []
    cands: list[Candidate] = []
    # endnotes are linked by their section (`endnotes.mark_endnotes`): neither they nor the calls
    # linked to them take part here
    endnote_ids = {d.id for w in works for d in w.drafts if d.region == "endnotes"}
    for pos, w in enumerate(works):
        if w.contents:
            continue
        flat = [(d, li) for d in w.body_drafts() for li in range(len(d.lines))]
        starts = [k for k, (d, li) in enumerate(flat) if li == 0 and not d.continues]
        for c in calls.call_candidates([d.lines[li] for d, li in flat], starts=starts):
            d, li = flat[c.line]
            if d.lines[li].words[c.word].note_id in endnote_ids:
                continue
            cands.append(Candidate(pos, w, d, li, c, c.line >= len(flat) - tail_lines))
        notes += [
            (pos, w, d)
            for d in w.drafts
            if d.kind is BlockKind.FOOTNOTE and d.marker is not None and d.region != "endnotes"
        ]
    cands, bonus, reach = _lemma_calls(works, notes, cands, tail_lines=tail_lines)
    calllinks.link_notes(notes, cands, bonus=bonus, reach=reach)


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
    mention of a note's lemma on the note's page (or in the last lines of the page before) scores
    `first` more for that note; a mention without a candidate, on the note's page or anywhere on
    the page before (a note pushed over the break), becomes one (OCR lost the raised call), that
    only its note may take: `first` for the first mention on the note's page (or, when it has none,
    on the page before), `later` for others. A note whose term is not on its page may also take a
    candidate after a mention anywhere on the page before: those (note, candidate) pairs are the
    third value."""
    heads = [lemmas.note_head(endnotes.note_text(d)) for _, _, d in notes]
    if not any(heads):
        return cands, {}, set()
    at: dict[tuple[int, int, int, int], list[Candidate]] = {}  # a word's candidates (two calls: two)
    for c in cands:
        at.setdefault((c.pos, id(c.draft), c.line, c.call.word), []).append(c)
    pairs: dict[tuple[int, int, int, int], dict[int, float]] = {}  # word → note → bonus
    reach: set[tuple[int, tuple[int, int, int, int]]] = set()  # (note, word) over a page break
    flats: dict[int, list[tuple[Draft, int]]] = {}
    for i, ((pos, _, _), head) in enumerate(zip(notes, heads, strict=True)):
        if head is None:
            continue
        found: dict[int, list[tuple[int, int]]] = {}
        for p in (pos - 1, pos):
            if p >= 0 and not works[p].contents:
                flat = flats.setdefault(
                    p, [(d, li) for d in works[p].body_drafts() for li in range(len(d.lines))]
                )
                found[p] = lemmas.mentions([d.lines[li] for d, li in flat], head)
        # the likeliest place of a lost call: the first mention on the note's page, else on the
        # page before (a note pushed over the break); a note explains a term where it first comes
        likeliest = (pos, 0) if found.get(pos) else (pos - 1, 0)
        for p, spots in found.items():
            flat = flats[p]
            for n, (k, wi) in enumerate(spots):
                d, li = flat[k]
                key = (p, id(d), li, wi)
                if p < pos and k < len(flat) - tail_lines and key in at:
                    if found.get(pos):
                        continue  # a candidate for other notes too: the page before only at its end
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
                    at[key] = [Candidate(p, works[p], d, li, call, True)]
                    b = first if (p, n) == likeliest else later
                pairs.setdefault(key, {})[i] = b
    out = sorted((c for cs in at.values() for c in cs), key=lambda c: (c.pos, c.call.line, c.call.word))
    index: dict[tuple[int, int, int, int], list[int]] = {}
    for j, c in enumerate(out):
        index.setdefault((c.pos, id(c.draft), c.line, c.call.word), []).append(j)
    bonus = {(i, j): b for key, byn in pairs.items() for i, b in byn.items() for j in index[key]}
    return out, bonus, {(i, j) for i, key in reach for j in index[key]}
