"""QR codes for join links, as small SVG drawn by the `qrcode` library (no image files)."""

from __future__ import annotations

from functools import lru_cache
from io import BytesIO

import qrcode
import qrcode.image.svg


@lru_cache(maxsize=256)
def svg(data: str) -> bytes:
    """An SVG QR code for `data` (a URL), medium error correction, one path element."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2,
                         image_factory=qrcode.image.svg.SvgPathFillImage)
    code.add_data(data)
    code.make(fit=True)
    buffer = BytesIO()
    code.make_image().save(buffer)
    return buffer.getvalue()
