"""QR codes for posters, as inline SVG (no image request, crisp when printed)."""

from __future__ import annotations

import re

import qrcode
import qrcode.image.svg
from markupsafe import Markup


def qr_svg(url: str, label: str) -> Markup:
    """An accessible inline SVG QR code for `url`."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2,
                         image_factory=qrcode.image.svg.SvgPathImage)
    code.add_data(url)
    code.make(fit=True)
    svg = code.make_image().to_string(encoding="unicode")
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    escaped = str(Markup.escape(label))
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escaped}" class="qr" ', 1)
    return Markup(svg)
