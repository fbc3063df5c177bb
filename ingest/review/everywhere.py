"""One fix, every place: when a corrector changes a word OCR misread, the same misreading is often on
other pages. This finds the words a save changed, the other places where OCR produced the same
token (the whole token, case and punctuation as read), and fixes them all as one replace, undone
in one step (`ingest.review.search.undo_replace`)."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from ingest.model import Page, WordOrigin
from ingest.review.search import Hit, ReplaceResult, RevisionLoader, find_in_volume, replace_hits
from ingest.review.users import User, require
from ingest.store import Store

#: At most this many changed words are offered after one save (a retyped page offers nothing).
MAX_CHANGES = 5


@dataclass(frozen=True)
class Offer:
    """A word changed on one page, and the same OCR token elsewhere in the volume."""

    old: str
    new: str
    hits: tuple[Hit, ...]


def word_changes(before: Page, after: Page) -> list[tuple[str, str]]:
    """(old, new) for each OCR word replaced one for one by another word, block by block, in
    page order, each pair once; none when more than MAX_CHANGES words changed (a rewrite, not a
    misreading fixed)."""
    out: list[tuple[str, str]] = []
    old_blocks = {b.id: b for b in before.blocks}
    for b in after.blocks:
        ob = old_blocks.get(b.id)
        if ob is None:
            continue
        old_words, new_words = ob.words, b.words
        sm = difflib.SequenceMatcher(
            None, [w.text for w in old_words], [w.text for w in new_words], autojunk=False
        )
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op != "replace" or i2 - i1 != j2 - j1:
                continue
            for ow, nw in zip(old_words[i1:i2], new_words[j1:j2], strict=True):
                if ow.origin is WordOrigin.CORRECTED or ow.text == nw.text:
                    continue
                pair = (ow.text, nw.text)
                if pair not in out:
                    out.append(pair)
    return out if len(out) <= MAX_CHANGES else []


def token_pattern(token: str) -> str:
    """A regular expression matching `token` as a whole word (white space or the text's ends
    around it), nothing in it special."""
    return r"(?<!\S)" + regex.escape(token) + r"(?!\S)"


def offers(
    store: Store,
    volume_id: int,
    before: Page,
    after: Page,
    *,
    page_id: int,
    user: User,
    load: RevisionLoader | None = None,
    limit: int = 200,
) -> list[Offer]:
    """For each word a save changed on page `page_id`, the other pages' places with the same OCR
    token (never the page just saved); changes with no such place are left out."""
    require(user, "find_replace")
    out = []
    for old, new in word_changes(before, after):
        hits = [
            h
            for h in find_in_volume(
                store, volume_id, token_pattern(old), regex=True, case=True, load=load, limit=limit
            )
            if h.page_id != page_id
        ]
        if hits:
            out.append(Offer(old, new, tuple(hits)))
    return out


def fix_everywhere(
    store: Store, offer: Offer, *, user: User, hits: Sequence[Hit] | None = None
) -> ReplaceResult:
    """Replace the offer's token with its correction at every hit (or the chosen ones): one
    revision per page, one group, so one undo reverts them all."""
    template = offer.new.replace("\\", "\\\\")  # the correction is text, not a template
    return replace_hits(
        store,
        list(hits if hits is not None else offer.hits),
        token_pattern(offer.old),
        template,
        regex=True,
        case=True,
        user=user,
    )
