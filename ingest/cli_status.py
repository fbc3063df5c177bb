"""`quire volumes`, `quire status` and `quire show`: what is in the store, and how far each volume is."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ingest.model import PageStatus, reading_text
from ingest.review.history import STATUS_LABELS
from ingest.review.quality import quality_report
from ingest.review.validation import STAGE_COLOURS, StageCounts, stage_counts
from ingest.store import Store

console = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def said(style: str, prefix: str, message: object) -> Text:
    """A styled prefix and a message printed as it is: file names, titles and messages never
    go through Rich markup (a file named `d[/bold].txt` would be read as a tag)."""
    return Text.assemble((prefix, style), str(message))


def volumes() -> None:
    """List volumes."""
    with Store() as store:
        t = Table("volume", "title", "pages")
        for v in store.volumes():
            t.add_row(Text(v.name), Text(v.title), str(v.page_count))
        console.print(t)


def _stage_bar(stages: StageCounts, width: int = 40) -> Text:
    """A bar of the proofreading stages (validated, proofread, problem, not proofread, ...) and
    their counts, in the colours the library view uses."""
    bar = Text()
    for st, colour in STAGE_COLOURS.items():
        n = stages.counts.get(st, 0)
        if n:
            bar.append("█" * max(1, round(width * n / max(1, stages.total))), style=colour)
    bar.append("\n")
    bar.append(" · ".join(f"{st.value} {stages.counts[st]}" for st in STAGE_COLOURS if stages.counts[st]))
    return bar


def status(
    volume: str,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print the volume's quality as JSON: per page confidence, estimated error rate, cleanup "
            "decisions taken and undone, corrections; the pages that most need a person first.",
        ),
    ] = False,
) -> None:
    """Pages by status, mean word confidence, low-confidence pages, failed inputs."""
    with Store() as store:
        vol = store.volume(volume)
        pages = store.pages(vol.id)
        by_status = {s.value: 0 for s in PageStatus}
        by_ocr: dict[str, int] = {}
        confs = []
        low_pages = []
        for p in pages:
            by_status[p.status.value] += 1
            by_ocr[p.ocr_state] = by_ocr.get(p.ocr_state, 0) + 1
            if p.status == PageStatus.BLANK:
                continue  # a blank leaf is not a badly read page
            if p.mean_confidence is not None:
                confs.append(p.mean_confidence)
                if p.mean_confidence < 0.8 or (p.word_count and p.low_conf_words / p.word_count > 0.1):
                    low_pages.append(p)
        if as_json:
            report = {
                "volume": vol.name,
                "title": vol.title,
                "pages_total": len(pages),
                "by_status": by_status,
                "proofreading": stage_counts(pages).as_dict(),
                "ocr_pending": by_ocr.get("pending", 0),
                "ocr_failed": [
                    {
                        "index": p.index,
                        "file": p.source_path,
                        "page_in_file": p.page_in_file,
                        "error": p.error,
                    }
                    for p in pages
                    if p.ocr_state == "failed"
                ],
                "failed_inputs": [
                    {"file": f.path, "page_in_file": f.page_in_file, "reason": f.reason}
                    for f in store.failed_inputs(vol.id)
                ],
                **quality_report(store, vol.id),
            }
            sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=1) + "\n")
            return
        t = Table(title=Text(f"{vol.name}: {vol.title}"), show_header=False)
        t.add_row("pages", str(len(pages)))
        stages = stage_counts(pages)
        t.add_row("proofreading", _stage_bar(stages))
        for k, n in by_status.items():  # the review screen's names (corrected is proofread, ...)
            t.add_row(f"  {STATUS_LABELS[PageStatus(k)]}", str(n))
        t.add_row("OCR pending", str(by_ocr.get("pending", 0)))
        t.add_row("OCR failed", str(by_ocr.get("failed", 0)))
        t.add_row("mean word confidence", f"{sum(confs) / len(confs):.3f}" if confs else "–")
        t.add_row("pages with low confidence", str(len(low_pages)))
        split = sorted({(p.source_path, p.page_in_file) for p in pages if p.part})
        if split:
            t.add_row("pages from two-page images", f"{2 * len(split)} (from {len(split)} images)")
        console.print(t)
        other = [p for p in pages if p.script]
        if other:
            console.print(
                "pages in another script (script/model read with): "
                + ", ".join(f"{p.index} ({p.script})" for p in other[:40])
                + (" …" if len(other) > 40 else "")
            )
        blank = [p.index for p in pages if p.status == PageStatus.BLANK]
        if blank:
            console.print(
                "blank pages: " + ", ".join(map(str, blank[:40])) + (" …" if len(blank) > 40 else "")
            )
        if low_pages:
            console.print(
                "low-confidence pages: "
                + ", ".join(str(p.index) for p in low_pages[:40])
                + (" …" if len(low_pages) > 40 else "")
            )
        for p in pages:
            if p.ocr_state == "failed":
                err.print(
                    said(
                        "red",
                        "OCR failed: ",
                        f"page {p.index} ({p.source_path}, page {p.page_in_file}): {p.error}",
                    )
                )
        for f in store.failed_inputs(vol.id):
            where = f"{f.path}" + (f", page {f.page_in_file}" if f.page_in_file else "")
            err.print(said("red", "failed input: ", f"{where}: {f.reason}"))


def show(volume: str, page: Annotated[int, typer.Argument(help="Scan index (1-based).")]) -> None:
    """Print a page's current text (without running heads and page numbers)."""
    with Store() as store:
        vol = store.volume(volume)
        info = store.page(vol.id, page)
        rev = store.current(info.id)
        label = f", printed page {rev.page.label}" if rev.page.label else ""
        err.print(
            Text(
                f"page {info.index}{label}, revision {rev.number} ({rev.reason} by {rev.author})", style="dim"
            )
        )
        console.print(reading_text(rev.page), markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    app.command("volumes")(volumes)
    app.command("status")(status)
    app.command("show")(show)
