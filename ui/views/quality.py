"""Quality: a volume at a glance — per page the estimated OCR error and the status, as a chart that
opens the page, and the pages that most need a person first."""

from __future__ import annotations

import altair as alt
import streamlit as st

from ingest.review import quality
from ingest.review.validation import STAGE_COLOURS, Stage
from ui import data, state

session = state.get()
state.user()  # signed in, or the view stops

st.title("Quality")
state.show_flash()  # messages kept for this run, and the progress of this session's background job
volume = data.choose_volume("q_volume", state.open_page, session.volume)
vol = data.store().volume(volume)
pages = data.volume_quality(vol.id)
if not pages:
    st.info("No page of this volume has been OCRed yet.")
    st.stop()

with_words = [p for p in pages if not p.blank]
errors = [p.estimated_error for p in with_words if p.estimated_error is not None]
done = [p for p in with_words if p.status in quality.DONE]
validated = sum(p.stage == Stage.VALIDATED for p in with_words)
c1, c2, c3, c4 = st.columns(4)
c1.metric("Pages", len(pages), help="pages OCRed; blank leaves are counted apart")
c2.metric(
    "Estimated word error",
    f"{sum(errors) / len(errors):.1%}" if errors else "–",
    help="mean over the pages with text, of the share of words the OCR likely got wrong",
)
c3.metric(
    "Proofread",
    f"{len(done)} of {len(with_words)}",
    help=f"pages with text proofread by one person; {validated} of them validated by a second",
)
c4.metric("Corrections made", sum(p.corrections for p in pages))
cal = quality.calibration()
st.caption(
    f"The error estimate comes from the OCR confidences. Fitted on {cal.get('pages', '?')} pages of "
    f"benchmark books whose text is known, it tracked their real word error with a correlation of "
    f"{cal.get('leave_one_book_out_pearson', '?')} (each book estimated without having been fitted "
    f"on it; mean absolute difference {cal.get('leave_one_book_out_mae', 0):.1%}). Use it to rank "
    "pages, not as a measurement."
)

rows = [
    {
        "page": p.index,
        "printed": p.label or "",
        "status": p.stage,
        "estimated error": round(p.estimated_error or 0.0, 4),
        "confidence": round(100 * (p.confidence or 0.0)),
        "decisions": p.decisions_taken,
        "undone": p.decisions_undone,
        "corrections": p.corrections,
    }
    for p in pages
]
present = {r["status"] for r in rows}
shown_stages = [s.value for s in STAGE_COLOURS if s.value in present]
pick = alt.selection_point(fields=["page"], name="pick", on="click")
chart = (
    alt.Chart(alt.Data(values=rows))
    .mark_bar()
    .encode(
        x=alt.X("page:O", title="scan page", axis=alt.Axis(labelOverlap=True, labelAngle=0)),
        y=alt.Y("estimated error:Q", title="estimated word error", axis=alt.Axis(format="%")),
        color=alt.Color(  # the library's bar colours, every stage in the legend in its order
            "status:N",
            title="proofreading",
            scale=alt.Scale(domain=shown_stages, range=[STAGE_COLOURS[Stage(s)] for s in shown_stages]),
            sort=shown_stages,
        ),
        tooltip=[
            "page:O",
            "printed:N",
            "status:N",
            alt.Tooltip("estimated error:Q", format=".1%"),
            alt.Tooltip("confidence:Q", title="mean confidence %"),
            "decisions:Q",
            "undone:Q",
            "corrections:Q",
        ],
    )
    .add_params(pick)
    .properties(height=260)
)
event = st.altair_chart(chart, on_select="rerun", key=f"q_chart_{volume}", width="stretch")
chosen = [int(v["page"]) for v in (event.selection.get("pick") or []) if "page" in v] if event else []
if chosen:
    state.open_page(volume, chosen[0])
    st.switch_page("views/review.py")

st.subheader("Pages that most need a person first")
first = quality.needs_a_person_first(pages, quality.DONE)[:25]
if not first:
    st.success("Every page with text is proofread; validating them is up to a second person.")
else:
    row_of = {p.index: r for p, r in zip(pages, rows, strict=True)}
    shown = [row_of[p.index] for p in first]
    table = st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=f"q_first_{volume}",
        column_config={
            "estimated error": st.column_config.ProgressColumn(
                "Estimated error", format="percent", min_value=0.0, max_value=1.0
            ),
            "confidence": st.column_config.NumberColumn(
                "Confidence", format="%d%%", help="mean OCR word confidence of the page"
            ),
            "decisions": st.column_config.NumberColumn(help="cleanup decisions taken on the page"),
            "undone": st.column_config.NumberColumn(help="cleanup decisions a person undid"),
            "corrections": st.column_config.NumberColumn(help="revisions a person made to the text"),
        },
    )
    if table.selection.rows:
        state.open_page(volume, first[table.selection.rows[0]].index)
        st.switch_page("views/review.py")
    st.caption("Select a row (or a bar of the chart) to open that page in the review screen.")
blank = [p.index for p in pages if p.blank]
if blank:
    st.caption(
        f"Blank leaves (no text read): {', '.join(map(str, blank[:60]))}{' …' if len(blank) > 60 else ''}"
    )
