"""Fixtures for every web test package: FAQ entries, and checking responses against the
OpenAPI document."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest


@pytest.fixture
def openapi_valid():
    """`openapi_valid(response)` fails unless the test client's response is one the published
    OpenAPI document (/api/v1/openapi.json) allows for that method, path and status."""
    from openapi_core import OpenAPI
    from openapi_core.testing import MockRequest, MockResponse

    from web.openapi import document

    document.cache_clear()
    spec = OpenAPI.from_dict(json.loads(json.dumps(document())))

    def check(response):
        url = urlsplit(response.request.url)
        request = MockRequest(f"{url.scheme}://{url.netloc}", response.request.method.lower(), url.path)
        spec.validate_response(request, MockResponse(response.get_data(), status_code=response.status_code,
                                                     content_type=response.mimetype))
        return response

    return check


@pytest.fixture
def make_faq(app):
    """`make_faq(slug, zh=[…], en=[…], status="approved", **fields)` → a committed entry."""
    from web import clock
    from web.extensions import db
    from web.faq.models import FaqEntry

    def make(slug: str, zh: list[str], en: list[str], status: str = "approved", **fields):
        values = dict(slug=slug, questions_zh=json.dumps(zh, ensure_ascii=False), questions_en=json.dumps(en),
                      answer_zh=f"{zh[0]}的回答。", answer_en=f"Answer to: {en[0]}", source_title="Test source",
                      source_url="https://example.org/source", status=status, created_by="test",
                      created_at=clock.now(), updated_at=clock.now())
        values.update(fields)
        row = FaqEntry(**values)
        db.session.add(row)
        db.session.commit()
        return row

    return make
