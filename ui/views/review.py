"""Review: the page image beside its text blocks. Edit, re-kind, merge or split blocks, undo
cleanup decisions, save (a new revision: the page is proofread) and validate someone else's
proofreading, or mark the page a problem. Unsaved edits are kept as a draft in the
store on every change, so moving away or a restart loses nothing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

import streamlit as st

from ingest import review
from ingest.errors import QuireError, StoreConflict
from ingest.model import BlockKind, Page, PageStatus
from ingest.store import PageInfo
from ui import data, state
from ui.components import (
    conflict,
    decisions,
    fix_everywhere,
    line_editor,
    page_view,
    prefetch,
    review_bar,
    spread,
    text_pane,
)
from ui.components.text import md_escape
from ui.state import Work

session = state.get()
user = state.user()
store = data.store()


# --- which volume and page -------------------------------------------------------------------

names = data.volume_names_or_stop(state.open_page, session.volume)
volume_id = store.volume(session.volume or names[0]).id
pages = data.volume_pages(volume_id, reread_later=True)  # read again after the run if old
if not pages:
    st.info("This volume has no pages yet.")
    st.stop()
by_index = {p.index: p for p in pages}
if session.page_index not in by_index:
    session.page_index = pages[0].index
info: PageInfo = data.page_now(by_index[session.page_index])  # the page shown: its row now
if not session.line_mode:
    data.warm(info, session.zoom)  # its display copy is drawn while this run goes on
order = review.queue_order(pages) if session.queue_mode else [p.index for p in pages]


def _go(index: int) -> None:
    """Open page `index` after a write (save, validate, undo...): the page rows are read again."""
    _flush_lines()  # line edits still queued go into this page's draft before it is left
    data.pages_changed()  # statuses may have changed (saves, drafts): re-read the rows
    state.open_page(session.volume or "", index)


def _move(index: int) -> None:
    """Go to page `index` (next, previous, jump). The page rows read at most 2 s ago still serve:
    every write re-reads them itself (`_changed`, `_go`), and re-reading a 500-page volume's rows
    on every page turn cost more than anything else in the run.

    A move to the page on screen (a jump to it: the library opens a volume on its first page in
    the queue, which may be the page jumped to) changes nothing: opening it again would make a
    new drawing (`Work.stem`) while the browser still shows the old one, and an edit made in its
    fields before the run had redrawn them was refused as made on a page that had changed."""
    _flush_lines()  # an edit made here re-reads the rows (`_changed`)
    if index == session.page_index and session.work is not None:
        return
    state.open_page(session.volume or "", index)


def _neighbour(step: int) -> int | None:
    return _neighbour_of(session.page_index, step)


def _neighbour_of(here: int, step: int) -> int | None:
    return review.neighbour(pages, here, step, order if session.queue_mode else None)


def _step(step: int) -> None:
    """Next (1) or previous (-1) page of the order in use, from the page open now: two steps the
    server gets in one request go two pages on."""
    target = _neighbour(step)
    if target is not None:
        _move(target)


def _on_jump(query: str) -> None:
    target = review.resolve_page(pages, query)
    if target is None:
        state.flash("warning", f"No page {query} (try a printed label like xii, or #12 for scan 12).")
    else:
        _move(target)


def _on_queue(on: bool) -> None:
    session.queue_mode = on
    queue = review.queue_order(pages)
    if session.queue_mode and queue and session.page_index not in queue[:1]:
        _move(queue[0])  # queue mode starts at the worst page


def _on_lines(on: bool) -> None:
    _flush_lines()  # still in the mode the fields were drawn in
    session.line_mode = on


def _on_volume(name: str) -> None:
    state.open_page(name, 1)


# --- the page being edited ---------------------------------------------------------------------


def _load_work(info: PageInfo) -> Work | None:
    if info.current_revision_id is None:
        return None
    draft = review.load_draft(store, info.id, user)
    if draft is not None:
        return Work(info.id, draft[0], draft[1], from_draft=True)
    return Work(info.id, info.current_revision_id, data.page_of(info.current_revision_id))


work = session.work
if work is None or work.page_id != info.id:
    work = session.work = _load_work(info)


def _changed(w: Work) -> None:
    """Keep the edited page as the user's draft (first edit puts the page in review)."""
    review.save_draft(store, w.page_id, user, w.base_id, w.page, store.page_by_id(w.page_id).status)
    w.from_draft = True
    data.pages_changed()


def _edit(fn, *args) -> None:  # type: ignore[no-untyped-def]
    w = session.work
    if w is None:
        return
    try:
        new = fn(w.page, *args)
    except (QuireError, KeyError, ValueError) as exc:
        state.flash("error", str(exc))
        return
    if [b.id for b in new.blocks] != [b.id for b in w.page.blocks]:
        w.renew()  # blocks came or went: rebuild the text areas
    w.page = new
    _changed(w)


def _drawn(stem: str, what: str) -> Work | None:
    """The page being edited if `stem` names its drawing (`Work.stem`: the widget that sent a
    value was drawn for it), else None, said in a warning: the browser sent a value of a widget
    drawn for another page, or for an older state of this one, before it had drawn the page now
    shown. Such a value is never written to the page shown."""
    w = session.work
    if w is not None and w.stem == stem:
        return w
    state.flash(
        "warning", f"Not applied: {what} was made on a page that has changed since. Make it again here."
    )
    return None


def _on_merge(stem: str, block_id: str) -> None:
    if _drawn(stem, f"the merge of block {block_id}") is not None:
        _edit(review.merge_with_next, block_id)


def _on_text(stem: str, block_id: str, text: str) -> None:
    gist = text if len(text) <= 60 else text[:60] + "…"
    if _drawn(stem, f"the edit of block {block_id} ('{gist}')") is not None:
        _edit(review.edit_block_text, block_id, text)


def _flush_lines() -> None:
    """Put every line field's committed text that the page lacks into the page, in one edit.

    Streamlit runs one rerun's callbacks in its own order, not the order of the keys: when a
    corrector types on while earlier lines' commits are still queued, a Save (or a page move)
    could run before those lines' on_change and leave their edits out. So every action that
    reads or leaves the page calls this first, and each line's on_change is this same path."""
    w = session.work
    if w is None or not session.line_mode:
        return
    # session state reads like a mapping (get by key) but is not typed as one
    state = cast(Mapping[str, object], st.session_state)
    texts = line_editor.pending(w.page, w.page_id, w.epoch, state)
    if not texts:
        return
    shape = [len(b.lines) for b in w.page.blocks]
    _edit(review.edit_line_texts, texts)
    if [len(b.lines) for b in w.page.blocks] != shape:
        w.renew()  # a line went: renumber the fields


def _on_line(line_id: str, key: str) -> None:
    del line_id, key  # every pending line is applied, this one among them
    _flush_lines()


def _on_kind(stem: str, block_id: str, kind: BlockKind) -> None:
    if _drawn(stem, f"the kind of block {block_id}") is not None:
        _edit(review.set_block_kind, block_id, kind)


def _on_level(stem: str, block_id: str, level: int) -> None:
    if _drawn(stem, f"the heading level of block {block_id}") is not None:
        _edit(lambda p, b: review.set_block_kind(p, b, BlockKind.HEADING, level), block_id)


def _on_undo(stem: str, key: str) -> None:
    if _drawn(stem, "the undo of a cleanup decision") is not None:
        decisions.undo(store, session, user, key, lambda: _go(info.index))


def _focus_block(block_id: str) -> None:
    session.focus_block, session.focus_word = block_id, None
    if session.zoom <= 1:  # the zoom button magnifies the block
        session.zoom = st.session_state["zoom"] = 2.0


def _next_low() -> None:
    _flush_lines()
    w = session.work
    if w is None:
        return
    step = review.next_doubtful(store, pages, info, w.page, session.focus_word)
    if step.page_index is not None:
        _move(step.page_index)
    if step.word is not None:
        session.focus_word, session.focus_block = step.word.id, step.word.block_id
        session.focus_nonce += 1
    else:
        state.flash("info", "No low-confidence words left in this volume.")


def _save() -> None:
    """Save: the page becomes proofread by this user (a new revision)."""
    _flush_lines()
    w = session.work
    if w is None:
        return
    try:
        rev = review.save_page(store, w.page_id, w.page, base_id=w.base_id, user=user)
    except StoreConflict:
        conflict.keep_both(store, session, w)
        return
    except QuireError as exc:
        state.flash("error", str(exc))
        return
    what = f"revision {rev.number}" if rev is not None else "no text changes"
    state.flash("success", f"Page {info.index} saved ({what}); proofread by {user.name}.")
    if rev is not None and w.base_id is not None:  # the same misreading elsewhere: offer to fix it
        fix_everywhere.offer_after_save(
            store, session, user, volume_id, w.page_id, data.page_of(w.base_id), w.page
        )
    _go(info.index)


def _validate() -> None:
    """Validate: a second person's check of a proofread page (never one's own proofreading)."""
    _flush_lines()
    w = session.work
    if w is None:
        return
    try:
        rev = review.validate_page(store, w.page_id, w.page, base_id=w.base_id, user=user)
    except QuireError as exc:  # one's own proofreading, unsaved edits, or saved by someone since
        state.flash("error", f"Not validated: {exc}.")
        if isinstance(exc, StoreConflict) and not w.from_draft:
            _go(info.index)  # nothing of mine to lose: show the page as saved now
        return
    state.flash("success", f"Page {info.index} validated (revision {rev.number}).")
    nxt = _neighbour(1)
    _go(nxt if nxt is not None else info.index)


def _problem(note: str) -> None:
    _flush_lines()
    w = session.work
    if w is None:
        return
    try:
        review.mark_problem(store, w.page_id, note, base_id=w.base_id, user=user)
    except QuireError as exc:
        state.flash("error", f"Not marked: {exc}.")
        return
    state.flash("warning", f"Page {info.index} marked as a problem.")
    _go(info.index)


def _discard() -> None:
    w = session.work
    if w is not None:
        review.discard_draft(store, w.page_id, user)
    _go(info.index)
    state.flash("info", "Unsaved edits discarded.")


def _on_page(stem: str, what: str) -> bool:
    """Whether the page open now is the page `stem` names (the drawing the bar's button was
    clicked on), else False, said in a warning: a save, a validation, a problem or a discard is
    only ever done on the page it was asked for."""
    w = session.work
    if w is not None and stem.split("-")[0] == str(w.page_id):
        return True
    state.flash("warning", f"Not applied: {what} was asked on a page that is no longer open. Ask again here.")
    return False


def _bar_handlers() -> review_bar.Handlers:
    def page_action(fn, what: str):  # type: ignore[no-untyped-def]
        return lambda stem, *args: fn(*args) if _on_page(stem, what) else None

    return review_bar.Handlers(
        volume=_on_volume,
        step=_step,
        jump=_on_jump,
        queue=_on_queue,
        lines=_on_lines,
        next_low=_next_low,
        save=page_action(_save, "the save"),
        validate=page_action(_validate, "the validation"),
        problem=page_action(_problem, "the problem note"),
        discard=page_action(_discard, "the discard"),
    )


# --- layout --------------------------------------------------------------------------------------

prev_i, next_i = _neighbour(-1), _neighbour(1)
edited = False
if work is not None:
    saved_page = data.page_of(info.current_revision_id) if info.current_revision_id else None
    edited = (
        saved_page is None
        or work.base_id != info.current_revision_id
        or review.content_changed(work.page, saved_page)
    )

pos = (
    f"{order.index(info.index) + 1} of {len(order)} in queue"
    if session.queue_mode and info.index in order
    else f"{info.index} of {len(pages)}"
)
review_bar.render(
    names,
    session,
    stem=work.stem if work is not None else "",
    prev=prev_i is not None,
    next_=next_i is not None,
    w=review_bar.Where(
        info,
        pos,
        edited=edited,
        has_text=work is not None,
        why_not=review.can_validate(info, user) if work is not None else "no text yet",
    ),
    handlers=_bar_handlers(),
)
state.show_flash()
fix_everywhere.panel(store, session, user, data.pages_changed)
spread.render(info, user.can("split_pages"))

if session.conflict is not None and session.conflict.page_id == info.id:
    handlers = conflict.Handlers(store, session, user, lambda: _go(info.index), _changed)
    conflict.render(
        store, session.conflict, on_save=handlers.save, on_edit=handlers.edit, on_drop=handlers.drop
    )

if work is None:
    page_view.no_text(info, data.view_address(info, user), data.view_size(info))
    st.stop()

if info.status is PageStatus.PROBLEM and info.status_note:
    st.warning(f"Marked as a problem: {md_escape(info.status_note)}", icon=":material/report:")

if work.from_draft and work.base_id != info.current_revision_id:
    st.warning(
        "Someone saved this page after you started editing it: saving will show both versions "
        "side by side to merge."
    )

page: Page = work.page
focus_word = (
    session.focus_word
    if session.focus_word and session.focus_word.split(":")[0] in {b.id for b in page.blocks}
    else None
)

if session.line_mode:
    line_editor.render(
        info,
        page,
        page_id=work.page_id,
        epoch=work.epoch,
        focus_word=focus_word,
        focus_nonce=session.focus_nonce,
        on_line=_on_line,
    )
    st.stop()

left, right = st.columns([1, 1.1], gap="medium")

# The text pane first: its script draws it only after its data is in, later than the image.
with right:
    text_pane.panes(
        page,
        work.stem,
        session,
        text_pane.Handlers(_on_text, _on_kind, _on_level, _focus_block, _on_merge, _on_undo),
        focus_word=focus_word,
        help_text=review_bar.HELP,
    )

with left:
    page_view.pane(
        session,
        lambda zoom: (data.view_address(info, user, zoom), data.view_size(info, zoom)),
        page,
        f"Scan {info.index}" + (f", printed page {info.label}" if info.label else ""),  # shown as text
        work.stem,
        ahead=lambda zoom: prefetch.ahead(user, by_index.get(next_i or 0), zoom),
        focus_word=focus_word,
        focus_block=session.focus_block,
    )

# After the run, in the background: the pages around drawn, the volume's rows read again if old.
after_next = _neighbour_of(next_i, 1) if next_i is not None else None
prefetch.around(volume_id, [by_index.get(after_next or 0), by_index.get(prev_i or 0)], session.zoom)
