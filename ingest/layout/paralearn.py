"""A learned second opinion on paragraph starts: a small ensemble of decision trees over measures of
a pair of body lines taken against the volume's own (line height, pitch, indent, paragraph space),
trained by `bench/train_paragraphs.py` on rendered books and shipped as `paragraph_model.json`,
which records the seeds it was trained on and the figures it reached.

`paragraphs.starts_paragraph` asks it after its rules have answered: the model turns the rules'
answer over only where it is confident (its probability past the thresholds the training chose on
books left out of each fit; a kind of override that too few of those books backed is off). The
shipped model takes starts away (a line the rules set apart that the model is sure goes on the
paragraph above) and adds them (a line the rules ran on that it is sure starts one); elsewhere,
and without the file, the rules stand.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from functools import cache
from itertools import product
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.layout.geometry import PageFrame, VolumeMetrics
from ingest.layout.measures import ends_sentence, first_word, inset, reach, room, runs_on
from ingest.model import Line

if TYPE_CHECKING:
    from ingest.layout.paragraphs import PairContext

MODEL_FILE = Path(__file__).with_name("paragraph_model.json")

RULE_REASONS = ("indent", "gap", "short-line")

FEATURES = (
    "over_break",
    "step",
    "step_past_gap",
    "spaced_volume",
    "indent_known",
    "inset",
    "inset_prev",
    "inset_change",
    "off_indent",
    "room_prev",
    "reach_prev",
    "room",
    "fit_margin",
    "next_word_fits",
    "ends_sentence",
    "ends_comma",
    "ends_hyphen",
    "ends_colon",
    "runs_on",
    "opens_quote",
    "opens_capital",
    "height_prev",
    "height",
    "words_prev",
    "words",
    "turned",
    "long_run",
    "filled",
    "rule_indent",
    "rule_gap",
    "rule_short",
)

_QUOTES = "\"'“”‘’«»„—–-"


def _type(line: Line) -> float:
    heights = sorted(w.bbox.height for w in line.words if any(c.isalpha() for c in w.text))
    return float(heights[len(heights) // 2]) if heights else float(line.bbox.height)


@dataclass(frozen=True)
class Measured:
    """A pair's lengths in pixels, the ones a pixel of OCR's boxes moves: the `step` between the
    lines (None over a break), where each starts right of its column's edge (`at`, `at_prev`), the
    room left at the end of each (`room_prev`, `room`) and how far the upper one reaches
    (`reach_prev`); with the upper line's column width (`width_prev`) and the lower line's first
    word's width (`first`)."""

    step: float | None
    at: float
    at_prev: float
    room_prev: float
    reach_prev: float
    room: float
    width_prev: float
    first: float

    def moved(self, step: float, at: float, at_prev: float, room_prev: float, room: float) -> Measured:
        """The same pair with each length moved by the given pixels (the step only where seen)."""
        return replace(
            self,
            step=None if self.step is None else self.step + step,
            at=self.at + at,
            at_prev=self.at_prev + at_prev,
            room_prev=self.room_prev + room_prev,
            reach_prev=self.reach_prev - room_prev,
            room=self.room + room,
        )


def measured(
    prev: Line, ln: Line, frame: PageFrame, ctx: PairContext, *, prev_frame: PageFrame | None = None
) -> Measured:
    """The pair's lengths in pixels (`Measured`)."""
    pf = prev_frame or frame
    return Measured(
        step=ctx.step,
        at=inset(ln, frame),
        at_prev=inset(prev, pf),
        room_prev=room(prev, pf),
        reach_prev=reach(prev, pf),
        room=room(ln, frame),
        width_prev=pf.width,
        first=first_word(ln).bbox.width if ln.words else 0.0,
    )


def features(
    prev: Line,
    ln: Line,
    frame: PageFrame,
    metrics: VolumeMetrics,
    ctx: PairContext,
    rule: str | None,
    *,
    prev_frame: PageFrame | None = None,
    lengths: Measured | None = None,
) -> list[float]:
    """The pair's measures, in the order of `FEATURES`: lengths in body line heights, steps in
    pitches, reaches in column widths, each against the volume's own measures; the rules' answer
    (`rule`) one-hot. `lengths`: the pair's pixel lengths when not as measured (`measured`)."""
    m = lengths or measured(prev, ln, frame, ctx, prev_frame=prev_frame)
    lh = metrics.line_height or 1.0
    th = metrics.type_height or lh
    over = m.step is None
    step = 1.0 if m.step is None else m.step / metrics.pitch
    gap = metrics.para_gap or 1.4
    indent = ctx.indent if ctx.indent is not None else metrics.indent
    at, at_prev = m.at, m.at_prev
    fits = not ln.words or m.room_prev > m.first + 0.5 * th  # measures.next_word_fits
    tail, head = prev.text.rstrip(), ln.text.lstrip()
    opener = next((c for c in head if c.isalnum()), "")
    return [
        float(over),
        step,
        step - gap,
        float(metrics.para_space is not None),
        float(indent is not None),
        at / lh,
        at_prev / lh,
        (at - at_prev) / lh,
        abs(at - indent) / lh if indent is not None else 9.0,
        m.room_prev / lh,
        m.reach_prev / max(m.width_prev, 1.0),
        m.room / lh,
        (m.room_prev - m.first) / lh,
        float(fits),
        float(ends_sentence(prev)),
        float(tail.endswith((",", ";"))),
        float(tail.endswith(("-", "¬", "—", "–"))),
        float(tail.endswith(":")),
        float(runs_on(ln)),
        float(head[:1] in _QUOTES and bool(head)),
        float(opener.isupper()),
        _type(prev) / th,
        _type(ln) / th,
        float(len(prev.words)),
        float(len(ln.words)),
        float(ctx.turned),
        float(ctx.long_run),
        float(ctx.filled),
        float(rule == "indent"),
        float(rule == "gap"),
        float(rule == "short-line"),
    ]


@dataclass(frozen=True)
class Model:
    """Trees as flat node lists (feature index, threshold, left, right; a leaf has feature -1 and
    its value as threshold), summed with `base` into a log-odds; `low`/`high` the probabilities
    below / above which the model's answer replaces the rules'."""

    base: float
    trees: tuple[tuple[tuple[int, float, int, int], ...], ...]
    low: float
    high: float

    def probability(self, x: list[float]) -> float:
        z = self.base
        for tree in self.trees:
            k = 0
            while True:
                f, t, left, right = tree[k]
                if f < 0:
                    z += t
                    break
                k = left if x[f] <= t else right
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def read(path: Path) -> Model | None:
    """A model file as `bench/train_paragraphs.py` writes it; None when it was made for other
    features than this code's."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data.get("features", ())) != FEATURES:
        return None
    trees = tuple(tuple((int(n[0]), float(n[1]), int(n[2]), int(n[3])) for n in t) for t in data["trees"])
    return Model(float(data["base"]), trees, float(data["low"]), float(data["high"]))


@cache
def load(path: Path = MODEL_FILE) -> Model | None:
    """The shipped model, read once; None when the file is absent or was made for other features."""
    return read(path) if path.exists() else None


JITTER = 1.0  # pixels: how far OCR's boxes may move a length of the pair without the page changing
MARGIN = 0.0  # how far past its threshold the model's probability must be to override the rules


def second_opinion(
    prev: Line,
    ln: Line,
    frame: PageFrame,
    metrics: VolumeMetrics,
    ctx: PairContext,
    rule: str | None,
    *,
    prev_frame: PageFrame | None = None,
    model: Model | None = None,
    jitter: float | None = None,
    margin: float | None = None,
) -> str | None:
    """The rules' answer (`rule`: a reason, or None for no paragraph start), turned over only when
    the model is confident against it: a start ('learned') where the rules saw none and the model's
    probability is at least `high` (plus `margin`), none where the rules saw one and it is at most
    `low` (less `margin`); and only when it stays so with every length of the pair (`Measured`:
    the step, each line's inset and room) moved by up to `jitter` pixels, what OCR's boxes of the
    same print differ by. A model whose answer a pixel turns over (a step of 58 against a pitch of
    59) is not sure of it: the rules stand."""
    m = model or load()
    if m is None or (m.high > 1.0 if rule is None else m.low < 0.0):
        return rule  # no model, or the override that could turn this answer is off: not measured
    jitter = JITTER if jitter is None else jitter
    margin = MARGIN if margin is None else margin
    base = measured(prev, ln, frame, ctx, prev_frame=prev_frame)

    def sure(lengths: Measured) -> bool:
        x = features(prev, ln, frame, metrics, ctx, rule, prev_frame=prev_frame, lengths=lengths)
        p = m.probability(x)
        return p >= m.high + margin if rule is None else p <= m.low - margin

    if not sure(base):
        return rule
    moves = (-jitter, 0.0, jitter)
    steps = (0.0,) if base.step is None else moves
    if not all(sure(base.moved(*d)) for d in product(steps, moves, moves, moves, moves)):
        return rule
    return "learned" if rule is None else None
