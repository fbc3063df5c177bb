"""The review server's gate keeps grants for the sessions that are open, not for every session the
server has seen: a closed tab's upload and page-image grants go when the next run prunes them."""

from __future__ import annotations

from ui import gate


def test_grants_of_ended_sessions_are_dropped_and_live_ones_kept() -> None:
    gate.allow("tab-open", "alice")
    gate.allow_view("tab-open", "alice")
    gate.allow("tab-closed", "bob")
    gate.allow_view("tab-closed", "bob")
    gate.allow_view("tab-viewer-closed", "carol")
    live = {"tab-open"}
    try:
        dropped = gate.forget_ended(lambda s: s in live or not s.startswith("tab-"))
        assert dropped == 3
        assert gate.uploader("tab-open") == "alice" and gate.viewer("tab-open") == "alice"
        assert gate.uploader("tab-closed") is None and gate.viewer("tab-closed") is None
        assert gate.viewer("tab-viewer-closed") is None
        assert gate.forget_ended(lambda s: s in live or not s.startswith("tab-")) == 0
    finally:
        gate.allow("tab-open", None)
        gate.allow_view("tab-open", None)
