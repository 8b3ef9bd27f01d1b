"""A bare Flask app with one JSON endpoint: the floor the bill API is compared against.

Served by gunicorn with the same worker settings as the site (bench/bill_api.py starts both).
"""

from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/json")
def hello():
    return jsonify({"total_yuan": 903.9, "tier": 2})
