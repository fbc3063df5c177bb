"""Exports: one module per format, and versioned BagIt bags of them (`export_volume`)."""

from ingest.export.formats import FORMATS, ExportOptions, parse_formats
from ingest.export.versions import (
    ExportResult,
    VersionInfo,
    diff_versions,
    export_volume,
    list_versions,
)

__all__ = [
    "FORMATS",
    "ExportOptions",
    "ExportResult",
    "VersionInfo",
    "diff_versions",
    "export_volume",
    "list_versions",
    "parse_formats",
]
