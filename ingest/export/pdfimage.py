"""A stored page image as a PDF image XObject, its compressed bytes reused as they are.

A JPEG goes in whole (DCTDecode). A PNG's image data (its IDAT chunks) is already a zlib stream
with the PNG row filters, which PDF reads as FlateDecode with predictor 15: it goes in unchanged.
Only a PNG a PDF cannot take that way (interlaced, 16 bits, with an alpha channel or transparency)
is decoded and written again, losslessly, as Flate (`reencoded` says so).
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pikepdf
from PIL import Image

from ingest.errors import ExportError

_PNG = b"\x89PNG\r\n\x1a\n"
_COLOURS = {0: ("/DeviceGray", 1), 2: ("/DeviceRGB", 3)}


@dataclass(frozen=True)
class EmbeddedImage:
    stream: pikepdf.Stream
    reencoded: bool


def image_xobject(pdf: pikepdf.Pdf, path: Path) -> EmbeddedImage:
    data = path.read_bytes()
    try:
        if data.startswith(_PNG):
            png = _png(pdf, data)
            if png is not None:
                return EmbeddedImage(png, False)
        elif data.startswith(b"\xff\xd8"):
            jpeg = _jpeg(pdf, data)
            if jpeg is not None:
                return EmbeddedImage(jpeg, False)
        return EmbeddedImage(_reencoded(pdf, data), True)
    except (OSError, ValueError, struct.error, zlib.error) as exc:
        raise ExportError(f"{path}: the page image cannot be read ({exc}); re-run `quire ingest`") from exc


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    out, i = [], len(_PNG)
    while i + 8 <= len(data):
        (n,) = struct.unpack(">I", data[i : i + 4])
        out.append((data[i + 4 : i + 8], data[i + 8 : i + 8 + n]))
        i += 12 + n
    return out


def _png(pdf: pikepdf.Pdf, data: bytes) -> pikepdf.Stream | None:
    chunks = _chunks(data)
    kinds = {k for k, _ in chunks}
    w, h, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    if interlace or depth > 8 or b"tRNS" in kinds or colour not in (0, 2, 3):
        return None
    idat = b"".join(body for kind, body in chunks if kind == b"IDAT")
    if colour == 3:
        palette = next(body for kind, body in chunks if kind == b"PLTE")
        space: object = pikepdf.Array(
            [pikepdf.Name.Indexed, pikepdf.Name.DeviceRGB, len(palette) // 3 - 1, pikepdf.String(palette)]
        )
        colours = 1
    else:
        name, colours = _COLOURS[colour]
        space = pikepdf.Name(name)
    parms = pikepdf.Dictionary(Predictor=15, Colors=colours, BitsPerComponent=depth, Columns=w)
    return _xobject(pdf, idat, w, h, space, pikepdf.Name.FlateDecode, depth=depth, DecodeParms=parms)


def _jpeg(pdf: pikepdf.Pdf, data: bytes) -> pikepdf.Stream | None:
    with Image.open(BytesIO(data)) as im:
        space = {"L": "/DeviceGray", "RGB": "/DeviceRGB"}.get(im.mode)
        if space is None:  # CMYK or YCCK: not under an sRGB output intent as it is
            return None
        w, h = im.size
    return _xobject(pdf, data, w, h, pikepdf.Name(space), pikepdf.Name.DCTDecode)


def _reencoded(pdf: pikepdf.Pdf, data: bytes) -> pikepdf.Stream:
    with Image.open(BytesIO(data)) as src:
        im = src.convert("L" if src.mode in ("1", "L", "LA", "I", "I;16") else "RGB")
        w, h = im.size
        raw = im.tobytes()
        space = "/DeviceGray" if im.mode == "L" else "/DeviceRGB"
    return _xobject(pdf, zlib.compress(raw, 6), w, h, pikepdf.Name(space), pikepdf.Name.FlateDecode)


def _xobject(
    pdf: pikepdf.Pdf,
    data: bytes,
    width: int,
    height: int,
    space: object,
    pdf_filter: pikepdf.Name,
    *,
    depth: int = 8,
    **extra: object,
) -> pikepdf.Stream:
    """An image XObject of `data`, already compressed with `pdf_filter`."""
    return pikepdf.Stream(
        pdf,
        data,
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=width,
        Height=height,
        ColorSpace=space,
        BitsPerComponent=depth,
        Filter=pdf_filter,
        **extra,
    )
