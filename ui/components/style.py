"""The app's small stylesheet (static: never contains user text)."""

from __future__ import annotations

import streamlit as st

CSS = """
<style>
.block-container { padding-top: 2.2rem; padding-bottom: 1rem; }
.q-diff { line-height: 1.9; font-size: 0.95rem; }
.q-diff del { background: #fee2e2; color: #991b1b; text-decoration: line-through; padding: 0 2px; }
.q-diff ins { background: #dcfce7; color: #166534; text-decoration: none; padding: 0 2px; }
.q-kind { font-size: 0.7rem; text-transform: uppercase; letter-spacing: .05em; color: #6b7280;
          border: 1px solid #d1d5db; border-radius: 4px; padding: 0 4px; }
.stTextArea textarea { font-family: "DejaVu Serif", Georgia, serif; font-size: 0.98rem; line-height: 1.45; }
.q-lnum { font-size: 0.75rem; color: #6b7280; text-align: right; padding-right: 4px; }
.q-lnum + .q-kind { float: right; margin-top: 2px; }
[class*="st-key-ln-"] { padding: 2px 6px 6px 6px; border-radius: 6px; gap: 0.2rem; }
[class*="st-key-ln-"] [data-testid="stVerticalBlock"] { gap: 0.25rem; }
[class*="st-key-ln-"]:focus-within { background: #eff6ff; outline: 2px solid #93c5fd; }
[class*="st-key-lt-"] input { position: relative; z-index: 1; background: transparent !important;
                              font-family: "DejaVu Serif", Georgia, serif; font-size: 1.02rem; }
.q-marks { position: absolute; z-index: 0; pointer-events: none; color: transparent; white-space: pre;
           overflow: hidden; box-sizing: border-box; }
.q-marks mark { color: transparent; background: #fecaca; border-bottom: 2px solid #dc2626;
                border-radius: 2px; padding: 0; }
.q-bar { display: flex; height: 14px; border-radius: 7px; overflow: hidden; background: #f1f5f9;
         border: 1px solid #e2e8f0; }
.q-seg { display: block; height: 100%; }
.q-legend { font-size: 0.8rem; color: #475569; margin-top: 4px; }
.q-key { margin-right: 14px; white-space: nowrap; }
.q-key i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px;
           vertical-align: -1px; border: 1px solid #cbd5e1; }
.q-page { position: relative; line-height: 0; }
.q-page img.q-scan { display: block; width: 100% !important; height: auto; max-width: none !important; }
.q-page img.q-boxes { position: absolute; left: 0; top: 0; width: 100%; height: 100%; pointer-events: none; }
.q-decision { font-size: 0.95rem; line-height: 1.4; overflow-wrap: anywhere; }
.q-dkind { color: #6b7280; }
.q-dpages { background: #ede9fe; color: #6d28d9; border-radius: 4px; padding: 0 4px; font-size: 0.85rem;
            white-space: nowrap; }
[class*="st-key-q-hidden"] { position: absolute; width: 1px; height: 1px; overflow: hidden;
                             opacity: 0; pointer-events: none; }
</style>
"""


def install() -> None:
    st.html(CSS)
