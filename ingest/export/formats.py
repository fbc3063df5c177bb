"""The export formats by name, and the options every export is made with (validated once)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.errors import ExitCode, ExportError

if TYPE_CHECKING:
    from ingest.export.snapshot import Snapshot


class ExportOptionError(ExportError):
    exit_code = ExitCode.BAD_ARGS


#: Stages an export can be limited to (`quire export --only validated`).
ONLY_STAGES = ("validated", "proofread", "problem", "not proofread")


@dataclass(frozen=True)
class ExportOptions:
    """`images`: put the page images in the bag (data/images/) and point ALTO, hOCR, TEI and JSON
    at them; without, those formats name the source file and page instead."""

    images: bool = True
    only: str | None = None  # a proofreading stage ("validated"): export just those pages

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if d["only"] is None:  # the whole volume: recorded as before there was a choice
            del d["only"]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> ExportOptions:
        d = dict(d or {})
        unknown = set(d) - set(cls.__dataclass_fields__)
        if unknown:
            raise ExportOptionError(f"unknown export option(s): {', '.join(sorted(unknown))}")
        if "images" in d and not isinstance(d["images"], bool):
            raise ExportOptionError("export option images must be true or false")
        if d.get("only") is not None and d["only"] not in ONLY_STAGES:
            raise ExportOptionError(f"export option only must be one of: {', '.join(ONLY_STAGES)}")
        return cls(**d)


Writer = Callable[["Snapshot", Path, ExportOptions], list[Path]]

# Each writer's module is imported when its format is written: the command line's help and its
# other commands read this list without loading the writers (the PDF writer alone brings in the
# layout package and its word lists).


def _txt(snapshot: Snapshot, out: Path, opts: ExportOptions) -> list[Path]:
    from ingest.export.text import write_text

    return write_text(snapshot, out)


def _md(snapshot: Snapshot, out: Path, opts: ExportOptions) -> list[Path]:
    from ingest.export.markdown import write_markdown

    return write_markdown(snapshot, out)


def _tei(snapshot: Snapshot, out: Path, opts: ExportOptions) -> list[Path]:
    from ingest.export.tei import write_tei

    return write_tei(snapshot, out, images=opts.images)


def _alto(snapshot: Snapshot, out: Path, opts: ExportOptions) -> list[Path]:
    from ingest.export.alto import write_alto

    return write_alto(snapshot, out, images=opts.images)


def _hocr(snapshot: Snapshot, out: Path, opts: ExportOptions) -> list[Path]:
    from ingest.export.hocr import write_hocr

    return write_hocr(snapshot, out, images=opts.images)


def _pdf(snapshot: Snapshot, out: Path, opts: ExportOptions) -> list[Path]:
    from ingest.export.pdf import write_pdf

    return write_pdf(snapshot, out)


def _mets(snapshot: Snapshot, out: Path, opts: ExportOptions) -> list[Path]:
    from ingest.export.mets import write_mets

    return write_mets(snapshot, out, images=opts.images)


def _epub(snapshot: Snapshot, out: Path, opts: ExportOptions) -> list[Path]:
    from ingest.export.epub import write_epub

    return write_epub(snapshot, out)


def _json(snapshot: Snapshot, out: Path, opts: ExportOptions) -> list[Path]:
    from ingest.export.jsonmodel import write_json

    return write_json(snapshot, out, images=opts.images)


@dataclass(frozen=True)
class Format:
    """One export format: its name on the command line, its title in the review UI, its writer."""

    name: str
    title: str
    write: Writer
    uses_images: bool = False  # points at the page images, so they go into the bag with it
    needs: tuple[str, ...] = ()  # formats always written with it


#: Every export format, in the order they are written and listed (the CLI's help, the export view
#: and `parse_formats` read this one list).
REGISTRY: tuple[Format, ...] = (
    Format("txt", "Plain text", _txt),
    Format("md", "Markdown", _md),
    Format("tei", "TEI P5", _tei, uses_images=True),
    Format("alto", "ALTO v4", _alto, uses_images=True, needs=("mets",)),
    Format("mets", "METS (with ALTO)", _mets, uses_images=True, needs=("alto",)),
    Format("hocr", "hOCR", _hocr, uses_images=True),
    Format("pdf", "Searchable PDF", _pdf),
    Format("epub", "EPUB 3", _epub),
    Format("json", "JSON", _json, uses_images=True),
)
WRITERS: dict[str, Writer] = {f.name: f.write for f in REGISTRY}
FORMATS = tuple(WRITERS)
TITLES: dict[str, str] = {f.name: f.title for f in REGISTRY}
#: Formats that point at the page images (so the images go into the bag with them).
USES_IMAGES = frozenset(f.name for f in REGISTRY if f.uses_images)


def formats_help() -> str:
    """The formats as the command line lists them."""
    return f"{', '.join(FORMATS)}, comma-separated, or all."


def parse_formats(spec: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """ "alto,tei" / ["alto", "tei"] / "all" → the formats in canonical order, each once."""
    items = spec.split(",") if isinstance(spec, str) else list(spec)
    names = {x.strip().lower() for x in items if x.strip()}
    if "all" in names:
        return FORMATS
    unknown = names - set(FORMATS)
    if unknown or not names:
        raise ExportOptionError(
            f"unknown format(s): {', '.join(sorted(unknown)) or '(none given)'}; "
            f"choose from {', '.join(FORMATS)} or all"
        )
    for f in REGISTRY:
        if f.name in names:
            names.update(f.needs)
    return tuple(f for f in FORMATS if f in names)
