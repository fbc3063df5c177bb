"""JSON: the full document model with readable keys, and its JSON Schema (draft 2020-12).

One file for the volume: metadata, then every page with its revision, image, blocks, lines and
words (boxes in pixels of the page image, top-left origin; confidences 0..1), plus the links
between them gathered in one place (`links`: footnote calls → notes, Contents entries → headings,
paragraphs and words continued across pages). The schema is written beside it.
"""

from __future__ import annotations

import json
import textwrap
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ingest.export.common import SOFTWARE, VERSION, image_ref
from ingest.export.snapshot import PageEntry, Snapshot
from ingest.model import Block, BlockKind, HyphenPart, PageStatus, Word, block_extras

SCHEMA_NAME = "quire-document.schema.json"
SCHEMA_ID = "https://quire.invalid/schemas/quire-document-1.schema.json"

_BOX = {
    "type": "array",
    "items": {"type": "integer", "minimum": 0},
    "minItems": 4,
    "maxItems": 4,
    "description": "x0, y0, x1, y1 in pixels of the page image, origin top-left, x1/y1 exclusive",
}
_OPT_STR = {"type": ["string", "null"]}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": SCHEMA_ID,
    "title": "Quire document",
    "type": "object",
    "required": ["format", "software", "volume", "metadata", "pages", "links"],
    "additionalProperties": False,
    "properties": {
        "format": {"const": "quire-document/1"},
        "software": {"type": "string"},
        "volume": {"type": "string"},
        "metadata": {
            "type": "object",
            "required": ["title", "creator", "date", "language", "identifier", "source"],
            "additionalProperties": {"type": "string"},
        },
        "pages": {"type": "array", "items": {"$ref": "#/$defs/page"}},
        "links": {
            "type": "object",
            "required": ["notes", "contents", "continued_blocks", "hyphenated_words"],
            "additionalProperties": False,
            "properties": {
                "notes": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["call", "note", "marker"],
                        "additionalProperties": False,
                        "properties": {
                            "call": {"type": "string"},
                            "note": {"type": "string"},
                            "marker": {"type": "string"},
                        },
                    },
                },
                "contents": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["entry", "heading", "page_label"],
                        "additionalProperties": False,
                        "properties": {
                            "entry": {"type": "string"},
                            "heading": _OPT_STR,
                            "page_label": _OPT_STR,
                        },
                    },
                },
                "continued_blocks": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["from", "to"],
                        "additionalProperties": False,
                        "properties": {"from": {"type": "string"}, "to": {"type": "string"}},
                    },
                },
                "hyphenated_words": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["first", "second", "word"],
                        "additionalProperties": False,
                        "properties": {
                            "first": {"type": "string"},
                            "second": _OPT_STR,
                            "word": {"type": "string"},
                        },
                    },
                },
            },
        },
    },
    "$defs": {
        "page": {
            "type": "object",
            "required": [
                "index",
                "label",
                "width",
                "height",
                "dpi",
                "status",
                "image",
                "source",
                "revision",
                "blocks",
                "steps",
            ],
            "additionalProperties": False,
            "properties": {
                "index": {"type": "integer", "minimum": 1, "description": "1-based scan order"},
                "label": _OPT_STR,
                "width": {"type": "integer", "minimum": 0},
                "height": {"type": "integer", "minimum": 0},
                "dpi": {"type": "integer", "minimum": 1},
                "status": {"enum": [s.value for s in PageStatus]},
                "proofreading": {
                    "type": "object",
                    "description": "where two-person proofreading stands: not proofread, proofread "
                    "(by one person), validated (by a second), problem; blank leaves are blank",
                    "required": ["stage"],
                    "properties": {
                        "stage": {
                            "enum": ["validated", "proofread", "problem", "not proofread", "blank", ""]
                        },
                        "proofread_by": _OPT_STR,
                    },
                },
                "image": _OPT_STR,
                "source": {"type": "object", "required": ["path", "page_in_file", "sha256", "kind"]},
                "revision": {
                    "type": "object",
                    "required": ["id", "number", "author", "created_at", "reason"],
                    "properties": {
                        "id": {"type": "integer"},
                        "number": {"type": "integer"},
                        "author": {"type": "string"},
                        "created_at": {"type": "string"},
                        "reason": {"type": "string"},
                    },
                },
                "steps": {
                    "type": "array",
                    "items": {"type": "object", "required": ["name", "version", "options"]},
                },
                "blocks": {"type": "array", "items": {"$ref": "#/$defs/block"}},
            },
        },
        "block": {
            "type": "object",
            "required": ["id", "kind", "bbox", "lines"],
            "additionalProperties": False,
            "properties": {
                "id": {"type": "string"},
                "kind": {"enum": [k.value for k in BlockKind]},
                "bbox": _BOX,
                "level": {"type": "integer"},
                "marker": {"type": "string"},
                "ref": {"type": "string"},
                "continues": {"type": "boolean"},
                "verse": {
                    "type": "boolean",
                    "description": "a verse stanza: its printed lines are its lines",
                },
                "target_label": {"type": "string"},
                "target": {"type": "string"},
                "title": {
                    "type": "string",
                    "description": "Contents entries: the title as repaired by cleanup",
                },
                "lines": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["bbox", "words"],
                        "additionalProperties": False,
                        "properties": {
                            "bbox": _BOX,
                            "words": {"type": "array", "items": {"$ref": "#/$defs/word"}},
                        },
                    },
                },
            },
        },
        "word": {
            "type": "object",
            "required": ["id", "text", "bbox", "confidence", "origin"],
            "additionalProperties": False,
            "properties": {
                "id": {"type": "string", "description": "block:line:word, 1-based"},
                "text": {"type": "string"},
                "bbox": _BOX,
                "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                "origin": {"enum": ["ocr", "text_layer", "corrected"]},
                "hyphen": {"enum": ["HypPart1", "HypPart2"]},
                "joined": {"type": "string"},
                "marker": {"type": "string"},
                "note_id": {"type": "string"},
            },
        },
    },
}


def _word(w: Word, wid: str) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": wid,
        "text": w.text,
        "bbox": list(w.bbox.as_tuple()),
        "confidence": round(w.confidence, 4),
        "origin": w.origin.value,
    }
    for name in ("hyphen", "joined", "marker", "note_id"):
        v = getattr(w, name)
        if v is not None:
            d[name] = v.value if isinstance(v, HyphenPart) else v
    return d


def _block(b: Block) -> dict[str, Any]:
    d: dict[str, Any] = {"id": b.id, "kind": b.kind.value, "bbox": list(b.bbox.as_tuple())}
    d.update(block_extras(b))
    d["lines"] = [
        {
            "bbox": list(ln.bbox.as_tuple()),
            "words": [_word(w, f"{b.id}:{i}:{j}") for j, w in enumerate(ln.words, start=1)],
        }
        for i, ln in enumerate(b.lines, start=1)
    ]
    return d


def _page(e: PageEntry, images: bool) -> dict[str, Any]:
    p = e.page
    return {
        "index": p.index,
        "label": p.label,
        "width": p.width,
        "height": p.height,
        "dpi": p.dpi,
        "status": p.status.value,
        "proofreading": {"stage": e.stage, "proofread_by": e.proofread_by},
        "image": image_ref(e.image_file) if images else None,
        "source": {
            "path": p.source.path,
            "page_in_file": p.source.page_in_file,
            "sha256": p.source.sha256,
            "kind": p.source.kind,
        },
        "revision": {
            "id": e.revision_id,
            "number": e.revision_number,
            "author": e.author,
            "created_at": e.created_at,
            "reason": e.reason,
        },
        "steps": [{"name": s.name, "version": s.version, "options": s.options} for s in p.steps],
        "blocks": [_block(b) for b in p.blocks],
    }


def _links(snapshot: Snapshot) -> dict[str, list[dict[str, Any]]]:
    notes, contents, continued, hyphenated = [], [], [], []
    prev: dict[str, str] = {}  # block kind → id of the last block of that kind
    open_hyphen: dict[str, Any] | None = None
    for e in snapshot.pages:
        for b in e.page.blocks:
            if b.kind.value == "toc_entry":
                contents.append({"entry": b.id, "heading": b.target, "page_label": b.target_label})
            if b.continues and b.kind.value in prev:
                continued.append({"from": prev[b.kind.value], "to": b.id})
            for i, ln in enumerate(b.lines, start=1):
                for j, w in enumerate(ln.words, start=1):
                    wid = f"{b.id}:{i}:{j}"
                    if w.marker and w.note_id:
                        notes.append({"call": wid, "note": w.note_id, "marker": w.marker})
                    if w.hyphen is HyphenPart.START:
                        open_hyphen = {"first": wid, "second": None, "word": w.joined or w.text}
                        hyphenated.append(open_hyphen)
                    elif w.hyphen is HyphenPart.END and open_hyphen is not None:
                        open_hyphen["second"] = wid
                        open_hyphen = None
            prev[b.kind.value] = b.id
    return {
        "notes": notes,
        "contents": contents,
        "continued_blocks": continued,
        "hyphenated_words": hyphenated,
    }


def render_json(snapshot: Snapshot, *, images: bool = True) -> dict[str, Any]:
    """The whole document as one object (tests and small volumes; `write_json` streams it)."""
    return _document(snapshot, [_page(e, images) for e in snapshot.pages])


def _document(snapshot: Snapshot, pages: list[Any]) -> dict[str, Any]:
    m = snapshot.metadata
    return {
        "format": "quire-document/1",
        "software": f"{SOFTWARE} {VERSION}",
        "volume": snapshot.volume,
        "metadata": {
            "title": m.title,
            "creator": m.creator,
            "date": m.date,
            "language": m.language,
            "identifier": m.identifier,
            "source": m.source,
        },
        "pages": pages,
        "links": _links(snapshot),
    }


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def _stream(snapshot: Snapshot, images: bool) -> Iterator[str]:
    """`dumps(render_json(snapshot))` in pieces, a page at a time: the same bytes, without the
    whole volume's words as one object and one string in memory (a 500-page volume's came to
    hundreds of megabytes). The document is written around a placeholder page, and each page is
    dumped alone and indented to its depth (JSON strings hold no raw line breaks, so indenting
    every line of a page is exact)."""
    if not snapshot.pages:
        yield dumps(_document(snapshot, []))
        return
    placeholder = f"quire-pages-{uuid.uuid4().hex}"
    head, tail = dumps(_document(snapshot, [placeholder])).split(f'{_PAGE_INDENT}"{placeholder}"')
    yield head
    for n, e in enumerate(snapshot.pages):
        page = json.dumps(_page(e, images), ensure_ascii=False, indent=1)
        yield (",\n" if n else "") + textwrap.indent(page, _PAGE_INDENT, lambda _line: True)
    yield tail


#: A page's depth in the document: an item of the top object's "pages" list (indent 1 per level).
_PAGE_INDENT = "  "


def write_json(snapshot: Snapshot, out_dir: Path, *, images: bool = True) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    doc = out_dir / "document.json"
    with doc.open("w", encoding="utf-8") as f:
        f.writelines(_stream(snapshot, images))
    schema = out_dir / SCHEMA_NAME
    schema.write_text(dumps(SCHEMA), encoding="utf-8")
    return [doc, schema]
