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
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.layout.geometry import PageFrame, VolumeMetrics
from ingest.layout.measures import ends_sentence, inset, next_word_fits, reach, room, runs_on
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


def features(
    prev: Line,
    ln: Line,
    frame: PageFrame,
    metrics: VolumeMetrics,
    ctx: PairContext,
    rule: str | None,
    *,
    prev_frame: PageFrame | None = None,
) -> list[float]:
    """The pair's measures, in the order of `FEATURES`: lengths in body line heights, steps in
    pitches, reaches in column widths, each against the volume's own measures; the rules' answer
    (`rule`) one-hot."""
    pf = prev_frame or frame
    lh = metrics.line_height or 1.0
    th = metrics.type_height or lh
    over = ctx.step is None
    step = 1.0 if ctx.step is None else ctx.step / metrics.pitch
    gap = metrics.para_gap or 1.4
    indent = ctx.indent if ctx.indent is not None else metrics.indent
    at, at_prev = inset(ln, frame), inset(prev, pf)
    first = ln.words[0].bbox.width if ln.words else 0.0
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
        room(prev, pf) / lh,
        reach(prev, pf) / max(pf.width, 1.0),
        room(ln, frame) / lh,
        (room(prev, pf) - first) / lh,
        float(next_word_fits(prev, ln, pf, metrics)),
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
) -> str | None:
    """The rules' answer (`rule`: a reason, or None for no paragraph start), turned over only when
    the model is confident against it: a start ('learned') where the rules saw none and the model's
    probability is at least `high`, none where the rules saw one and it is at most `low`."""
    m = model or load()
    if m is None or (m.high > 1.0 if rule is None else m.low < 0.0):
        return rule  # no model, or the override that could turn this answer is off: not measured
    p = m.probability(features(prev, ln, frame, metrics, ctx, rule, prev_frame=prev_frame))
    if rule is None and p >= m.high:
        return "learned"
    if rule is not None and p <= m.low:
        return None
    return rule
