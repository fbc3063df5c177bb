"""`quire export | versions | diff`: versioned exports from the command line.

Errors are raised as `QuireError`s; the main CLI (`ingest.cli`) prints them and exits with their code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ingest.export.formats import ExportOptions, formats_help
from ingest.store import Store

console = Console(soft_wrap=True)


def export(
    volume: Annotated[str, typer.Argument(help="Volume name (see `quire volumes`).")],
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", help=formats_help()),
    ] = "all",
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Folder to write versions into (default: $QUIRE_HOME/exports/VOLUME)."),
    ] = None,
    no_images: Annotated[
        bool, typer.Option("--no-images", help="Leave the page images out of the bag.")
    ] = False,
    only: Annotated[
        str | None,
        typer.Option(
            "--only",
            help="Export just the pages at one proofreading stage: validated, proofread, problem or "
            "'not proofread'.",
        ),
    ] = None,
) -> None:
    """Write a new version (a BagIt bag) of the volume's export; says so when nothing changed."""
    from ingest.export.versions import export_volume  # the writers: only when exporting

    opts = ExportOptions.from_dict({"images": not no_images, "only": only})
    with Store() as store:
        result = export_volume(store, volume, fmt, out_root=out, options=opts)
    console.print(result.message, markup=False, highlight=False)


def versions(volume: Annotated[str, typer.Argument(help="Volume name.")]) -> None:
    """List the exported versions of a volume."""
    from ingest.export.versions import list_versions

    with Store() as store:
        rows = list_versions(store, volume)
    if not rows:
        console.print(
            f"no exports of {volume} yet; `quire export {volume} --format all` makes v1", markup=False
        )
        return
    t = Table("version", "written", "pages", "formats", "path")
    for v in rows:
        where = str(v.path) if v.exists else f"{v.path} (missing)"
        t.add_row(f"v{v.version}", v.created_at, str(v.pages), ",".join(v.formats), Text(where))
    console.print(t)


def diff(
    volume: Annotated[str, typer.Argument(help="Volume name.")],
    a: Annotated[str, typer.Argument(help="Older version, e.g. v1.")],
    b: Annotated[str, typer.Argument(help="Newer version, e.g. v2.")],
) -> None:
    """Show the text that differs between two exported versions, page by page."""
    from ingest.export.versions import diff_versions

    with Store() as store:
        text = diff_versions(store, volume, a, b)
    console.print(text, markup=False, highlight=False, end="")


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("versions")(versions)
    app.command("diff")(diff)
