"""The progress of the session's background jobs (`ui.jobs`), asked for every second while one is
under way; when one ends, its messages go to the session, the page it leads to is opened and the
whole page runs again (with the page rows read anew)."""

from __future__ import annotations

import streamlit as st

from ui import data, jobs, state
from ui.components.text import md_escape


@st.fragment(run_every=jobs.POLL_SECONDS)
def poll() -> None:
    s = state.get()
    line = jobs.jobs()
    ended = False
    for w in list(s.watching):
        job = line.get(w.job_id)
        if job is not None and not job.finished:
            if job.state == "queued":
                ahead = line.ahead_of(job)
                st.progress(0.0, text=md_escape(f"{job.label}: waiting, {ahead} job(s) before it"))
            else:
                st.progress(job.fraction, text=md_escape(f"{job.label} · {job.progress or 'starting…'}"))
            continue
        # Ended (or gone with a server restart). Only plain Python from here to the rerun: no
        # Streamlit call in between, where a new click could stop this run half-way.
        if job is not None and job.state == "done" and w.then_open is not None:  # not after a refusal
            state.open_page(*w.then_open, s=s)
        s.watching.remove(w)
        s.flash.extend(job.messages if job is not None else [("warning", "A background job was lost.")])
        ended = True
    if ended:
        data.pages_changed()
        st.rerun(scope="app")
