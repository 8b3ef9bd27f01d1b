"""Sharing a calculator result: a QR code of its link, and a preview image for chat apps.

A result page is its own share link (the form's GET parameters), so both the QR code and the
image are drawn from those inputs alone: nothing personal, nothing stored.
"""

from __future__ import annotations

import re
from functools import lru_cache
from io import BytesIO
from pathlib import Path

import qrcode
import qrcode.image.svg
from markupsafe import Markup
from PIL import Image, ImageDraw, ImageFont

# Fonts with Chinese glyphs where Debian/Ubuntu (fonts-noto-cjk, fonts-wqy) put them; without
# one the image is drawn in English so no character comes out as a box.
CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)
LATIN_FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

WIDTH, HEIGHT = 1200, 630  # the size Open Graph previews use
BLUE, INK, PALE, WHITE = (11, 92, 171), (27, 31, 36), (232, 241, 251), (255, 255, 255)


def qr_svg(url: str, label: str) -> Markup:
    """An inline, accessible SVG QR code for `url` (medium error correction: survives a printout)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2,
                         image_factory=qrcode.image.svg.SvgPathImage)
    code.add_data(url)
    code.make(fit=True)
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", code.make_image().to_string(encoding="unicode"))
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{Markup.escape(label)}" class="qr" ', 1))


def _first_font(paths: tuple[str, ...]) -> str | None:
    return next((path for path in paths if Path(path).is_file()), None)


@lru_cache(maxsize=1)
def cjk_font_path() -> str | None:
    return _first_font(CJK_FONTS)


def can_draw_chinese() -> bool:
    return cjk_font_path() is not None


@lru_cache(maxsize=16)
def _font(size: int) -> ImageFont.ImageFont:
    path = cjk_font_path() or _first_font(LATIN_FONTS)
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size)


def _fit(draw: ImageDraw.ImageDraw, text: str, size: int, width: int) -> ImageFont.ImageFont:
    """The largest font up to `size` in which `text` fits `width` pixels."""
    while size > 18 and draw.textlength(text, font=_font(size)) > width:
        size -= 4
    return _font(size)


def card_png(site: str, title: str, headline: str, lines: list[str], footer: str) -> bytes:
    """A 1200×630 PNG card: site name, title, one big figure and a few lines under it."""
    image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 120), fill=BLUE)
    draw.text((60, 60), site, font=_fit(draw, site, 52, WIDTH - 120), fill=WHITE, anchor="lm")
    draw.text((60, 190), title, font=_fit(draw, title, 48, WIDTH - 120), fill=INK, anchor="lm")
    draw.text((60, 300), headline, font=_fit(draw, headline, 96, WIDTH - 120), fill=BLUE, anchor="lm")
    y = 400
    for line in lines[:3]:
        draw.text((60, y), line, font=_fit(draw, line, 38, WIDTH - 120), fill=INK, anchor="lm")
        y += 56
    draw.rectangle((0, HEIGHT - 50, WIDTH, HEIGHT), fill=PALE)
    draw.text((60, HEIGHT - 25), footer, font=_fit(draw, footer, 26, WIDTH - 120), fill=INK, anchor="lm")
    buffer = BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
