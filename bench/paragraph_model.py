"""The learned paragraph model (`ingest/layout/paralearn.py`) on the bench: put other answers behind
`paragraphs.starts_paragraph` for one run, to record the questions cleanup asks (the training
script) or to clean with the rules alone or with another model file (`bench/learned_ab.py`).

`ruled_by(ask)` replaces `starts_paragraph` while its block runs; `ask` gets the question with the
rules' answer. `rules_alone` answers by the rules; `with_model(model)` adds a model's second
opinion as cleanup does with the shipped one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ingest.layout import paragraphs
from ingest.layout.paralearn import FEATURES, Model, features, read, second_opinion

__all__ = ["FEATURES", "Model", "features", "load", "ruled_by", "rules_alone", "with_model"]

# ask(prev, ln, frame, metrics, ctx, rule, prev_frame, learned) -> the answer
Asker = Callable[..., str | None]


def load(path: Path) -> Model:
    """A model file written by `bench/train_paragraphs.py`."""
    model = read(path)
    if model is None:
        raise SystemExit(f"{path}: made for other features than this code's; train it again")
    return model


@contextmanager
def ruled_by(ask: Asker) -> Iterator[None]:
    """`paragraphs.starts_paragraph` answered by `ask` (given the question, the rules' answer, the
    previous line's frame and whether cleanup would ask the model) while the block runs."""
    shipped = paragraphs.starts_paragraph

    def asked(prev, ln, frame, metrics, ctx, *, prev_frame=None, learned=True, **rules):  # noqa: ANN001, ANN003, ANN202
        rule = paragraphs.rule_start(prev, ln, frame, metrics, ctx, prev_frame=prev_frame, **rules)
        return ask(prev, ln, frame, metrics, ctx, rule, prev_frame, learned)

    paragraphs.starts_paragraph = asked
    try:
        yield
    finally:
        paragraphs.starts_paragraph = shipped


def rules_alone(prev, ln, frame, metrics, ctx, rule, prev_frame, learned):  # noqa: ANN001, ANN201
    return rule


def with_model(model: Model) -> Asker:
    """The rules' answer with `model`'s second opinion where cleanup asks the shipped model."""

    def ask(prev, ln, frame, metrics, ctx, rule, prev_frame, learned):  # noqa: ANN001, ANN202
        if not learned:
            return rule
        return second_opinion(prev, ln, frame, metrics, ctx, rule, prev_frame=prev_frame, model=model)

    return ask
