"""Cover uploads: checked by content, size and pixel limits, polyglots refused, EXIF stripped."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select


def image_bytes(fmt="JPEG", size=(64, 48), exif=False, mode="RGB") -> bytes:
    out = io.BytesIO()
    image = Image.new(mode, size, "navy")
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCam"  # Make
        data[0x0131] = "SecretSoftware"
        image.save(out, fmt, exif=data)
    else:
        image.save(out, fmt)
    return out.getvalue()


def post(client, campaign, data: bytes, name="cover.jpg", lang="en"):
    form = {
        "slug": campaign.slug, "title_zh": "新标题", "title_en": "New title", "summary_zh": "摘要", "summary_en": "Summary",
        "body_zh": "正文", "body_en": "Body", "street": "", "starts_at": "", "ends_at": "", "goal_pledges": "",
        "pledge_actions": ["fix_drip"], "cover_alt_zh": "封面", "cover_alt_en": "Cover", "version": str(campaign.version),
        "cover": (io.BytesIO(data), name),
    }
    return client.post(f"/staff/campaigns/{campaign.id}/edit?lang={lang}", data=form, content_type="multipart/form-data")


@pytest.fixture
def draft(make_campaign, make_user, login, client):
    login(client, make_user("admin"))
    return make_campaign(slug="cover-test", state="draft")


def test_good_jpeg_is_reencoded_without_exif_and_served(client, draft, db, app):
    from web.campaigns.models import Campaign

    response = post(client, draft, image_bytes(exif=True))
    assert response.status_code == 302
    db.session.expire_all()
    campaign = db.session.get(Campaign, draft.id)
    assert campaign.cover_image and campaign.cover_image.endswith(".jpg")
    stored = Path(app.config["INSTANCE_DIR"]) / "uploads" / "campaigns" / campaign.cover_image
    raw = stored.read_bytes()
    assert b"SecretCam" not in raw and b"Exif" not in raw
    with Image.open(io.BytesIO(raw)) as image:
        assert not image.getexif()
    served = client.get(f"/campaigns/media/{campaign.cover_image}")
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert client.get("/campaigns/media/..%2fsecret_key").status_code == 404


@pytest.mark.parametrize(("payload", "name", "message"), [
    (b"GIF89a/*<svg onload=alert(1)>*/=1;alert(1)//", "cover.gif", "not a JPEG, PNG or WebP"),
    (b"<html><script>alert(1)</script></html>", "cover.jpg", "not a JPEG, PNG or WebP"),
    (b"%PDF-1.4 fake", "cover.png", "not a JPEG, PNG or WebP"),
    (image_bytes("PNG") + b"<script>alert(1)</script>", "cover.png", "more than an image"),
    (image_bytes("JPEG") + b"PK\x03\x04" + b"\x00" * 40, "cover.jpg", "more than an image"),
    (image_bytes("JPEG")[:200], "cover.jpg", "could not be read"),
])
def test_wrong_type_polyglot_and_broken_files_are_refused(client, draft, db, payload, name, message):
    from web.campaigns.models import Campaign

    response = post(client, draft, payload, name=name)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="cover-error"' in page and message in page
    assert "新标题" in page  # the rest of the form comes back filled
    db.session.expire_all()
    assert db.session.get(Campaign, draft.id).cover_image is None
    assert db.session.get(Campaign, draft.id).title_zh == "节水周"  # nothing half-saved


def test_too_large_file_is_refused_with_a_message(client, draft):
    big = image_bytes("JPEG")
    big = big[:-2] + b"\x00" * (5 * 1024 * 1024) + b"\xff\xd9"
    page = post(client, draft, big).get_data(as_text=True)
    assert 'id="cover-error"' in page and "larger than 5 MB" in page


def test_too_many_pixels_is_refused(client, draft):
    page = post(client, draft, image_bytes("PNG", size=(6000, 5000), mode="L")).get_data(as_text=True)
    assert 'id="cover-error"' in page and "25 megapixels" in page


def test_message_in_chinese(client, draft):
    page = post(client, draft, b"not an image", lang="zh").get_data(as_text=True)
    assert 'id="cover-error"' in page and "JPEG" in page and "不是" in page


def test_png_with_transparency_stays_png(client, draft, db):
    from web.campaigns.models import Campaign

    assert post(client, draft, image_bytes("PNG", mode="RGBA"), name="c.png").status_code == 302
    assert db.session.scalar(select(Campaign.cover_image)).endswith(".png")
