"""Cover images: checked by content (not by name), size-limited, re-encoded, EXIF dropped.

Accepts JPEG, PNG and WebP up to 5 MB and 25 megapixels. Files with anything before or after
the image data (polyglots: an image that is also HTML, a script or a ZIP) are refused. The
stored file is a fresh encoding of the pixels only, under the instance folder.
"""

from __future__ import annotations

import functools
import io
import re
import secrets
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000
MAX_SIDE = 2400  # stored size; posters and pages never need more
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
NAME_RE = re.compile(r"^[a-f0-9]{32}\.(jpg|png)$")
# Renditions made at upload time: the sizes pages need (width in pixels), and one for link previews.
RENDITIONS = {"small": 480, "page": 960, "og": 1200}
RENDITION_RE = re.compile(r"^[a-f0-9]{32}-(small|page|og)\.(jpg|png)$")
# Markup or archive signatures that have no business inside a photo.
SUSPICIOUS = (b"<script", b"<html", b"<!doctype", b"<svg", b"<?php", b"<?xml", b"<body", b"<iframe",
              b"javascript:", b"PK\x03\x04", b"%PDF")


class ImageRejected(ValueError):
    """The upload is not an acceptable image; `code` picks the message shown to the editor."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _signature_format(data: bytes) -> str | None:
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def _png_end(data: bytes) -> int:
    """Offset just after the IEND chunk, walking the chunk list."""
    pos = 8
    while pos + 12 <= len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        pos += 12 + length
        if kind == b"IEND":
            return pos
    raise ImageRejected("broken")


def _has_trailing_data(data: bytes, kind: str) -> bool:
    if kind == "PNG":
        return _png_end(data) < len(data)
    if kind == "WEBP":
        return int.from_bytes(data[4:8], "little") + 8 < len(data)
    end = data.rfind(b"\xff\xd9")  # a JPEG ends at its EOI marker
    if end < 0:
        raise ImageRejected("broken")
    return bool(data[end + 2:].strip(b"\x00"))


def inspect(data: bytes) -> str:
    """The image format if `data` is an acceptable image; raises ImageRejected otherwise."""
    if not data:
        raise ImageRejected("empty")
    if len(data) > MAX_BYTES:
        raise ImageRejected("too_large")
    kind = _signature_format(data)
    if kind is None:
        raise ImageRejected("type")
    lowered = data.lower()
    if any(marker.lower() in lowered for marker in SUSPICIOUS) or _has_trailing_data(data, kind):
        raise ImageRejected("polyglot")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format != kind:
                    raise ImageRejected("type")
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise ImageRejected("too_many_pixels")
                probe.verify()
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected("too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ImageRejected("broken") from None
    return kind


def reencode(data: bytes) -> tuple[bytes, str]:
    """Fresh pixels only: orientation applied, metadata dropped, JPEG (or PNG with transparency)."""
    inspect(data)
    with Image.open(io.BytesIO(data)) as source:
        source.load()
        image = ImageOps.exif_transpose(source)
        image.thumbnail((MAX_SIDE, MAX_SIDE))
        out = io.BytesIO()
        if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
            clean = Image.new("RGBA", image.size)
            clean.paste(image.convert("RGBA"))
            clean.save(out, "PNG", optimize=True)
            return out.getvalue(), "png"
        clean = Image.new("RGB", image.size)
        clean.paste(image.convert("RGB"))
        clean.save(out, "JPEG", quality=85, optimize=True)
        return out.getvalue(), "jpg"


def store(data: bytes, folder: Path) -> str:
    """Re-encode and write under `folder` with its renditions; returns the random file name
    to keep in the DB (renditions are found from it by rendition_name)."""
    encoded, extension = reencode(data)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.{extension}"
    (folder / name).write_bytes(encoded)
    write_renditions(folder, name)
    return name


def rendition_name(name: str, kind: str) -> str:
    stem, extension = name.rsplit(".", 1)
    return f"{stem}-{kind}.{extension}"


def write_renditions(folder: Path, name: str) -> None:
    """Smaller copies of a stored (already clean) cover, never larger than the original."""
    with Image.open(folder / name) as source:
        source.load()
        for kind, width in RENDITIONS.items():
            image = source.copy()
            if image.width > width:
                image = image.resize((width, max(1, round(image.height * width / image.width))), Image.LANCZOS)
            out = folder / rendition_name(name, kind)
            if name.endswith(".png"):
                image.save(out, "PNG", optimize=True)
            else:
                image.save(out, "JPEG", quality=82, optimize=True, progressive=True)


@functools.lru_cache(maxsize=256)
def _size(path: str, mtime: float) -> tuple[int, int]:
    with Image.open(path) as image:
        return image.size


def size_of(path: Path) -> tuple[int, int] | None:
    """(width, height) of a stored image, or None if it is missing or unreadable."""
    try:
        return _size(str(path), path.stat().st_mtime)
    except (OSError, UnidentifiedImageError):
        return None
