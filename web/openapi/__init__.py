"""`/api/v1/openapi.json`: the fragments each feature writes (web/openapi/*.yaml), merged."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from flask import Blueprint, Flask, jsonify

FRAGMENTS = Path(__file__).resolve().parent
bp = Blueprint("openapi", __name__, url_prefix="/api/v1")


@lru_cache(maxsize=1)
def document() -> dict:
    doc = {
        "openapi": "3.1.0",
        "info": {
            "title": "节水普陀 API",
            "version": "1",
            "description": "Bill and savings calculators, labels, quiz events and campaigns. "
                           "Errors are {\"error\": {\"field\"?, \"message\"}} in the requested language.",
        },
        "paths": {},
        "components": {"schemas": {}, "securitySchemes": {}},
    }
    for path in sorted(FRAGMENTS.glob("*.yaml")):
        fragment = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        doc["paths"].update(fragment.get("paths") or {})
        for kind, entries in (fragment.get("components") or {}).items():
            doc["components"].setdefault(kind, {}).update(entries or {})
    return doc


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(document())


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
