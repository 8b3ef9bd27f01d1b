"""FAQ fixtures: an entry factory, and a check of responses against the OpenAPI document."""

from __future__ import annotations

import json

import pytest


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


@pytest.fixture
def openapi_valid():
    """`openapi_valid(response)` fails unless the response matches the published document."""
    from openapi_core import OpenAPI
    from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse

    from web.openapi import document

    document.cache_clear()
    spec = OpenAPI.from_dict(json.loads(json.dumps(document())))

    def check(response):
        spec.validate_response(WerkzeugOpenAPIRequest(response.request), WerkzeugOpenAPIResponse(response))
        return response

    return check
