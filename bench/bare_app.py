"""A bare Flask app: the floor the site is compared against, measured in the same run.

`/json` is the floor for the JSON APIs (bench/bill_api.py); `/page` renders a ~3 KB
template, the floor for the public pages (bench/pages.py). Served by gunicorn with the
same worker settings as the site.
"""

from flask import Flask, jsonify, render_template_string

app = Flask(__name__)

PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ title }}</title>
<link rel="stylesheet" href="/static/site.css"></head><body><header><nav>{% for item in items %}
<a href="/{{ item }}">{{ item }}</a>{% endfor %}</nav></header><main><h1>{{ title }}</h1>
{% for paragraph in paragraphs %}<p>{{ paragraph }}</p>{% endfor %}</main></body></html>"""
PARAGRAPHS = ["节水普陀：点滴节约，汇聚成河。每一档的价格只适用于该档内的水量。" * 3] * 12


@app.get("/json")
def hello():
    return jsonify({"total_yuan": 903.9, "tier": 2})


@app.get("/page")
def page():
    return render_template_string(PAGE, title="节水普陀", items=["bill", "savings", "labels", "campaigns", "join", "faq"],
                                  paragraphs=PARAGRAPHS)


@app.get("/healthz")
def healthz():
    return jsonify({"status": "ok"})
