"""A web worker warms itself before it takes traffic (gunicorn.conf.py → web/warmup.py): the
templates of the public pages are compiled and their content read, so the first visitors do
not wait for it."""

from __future__ import annotations


def test_a_warmed_worker_has_the_public_templates_compiled_and_the_content_read(make_app):
    from core import campaigns, labels
    from web.warmup import warm

    app = make_app()
    campaigns.clear_caches()
    labels.scheme.cache_clear()
    compiled = lambda: {name for _loader, name in app.jinja_env.cache}  # noqa: E731
    assert "campaigns/detail.html" not in compiled()
    warm(app)
    assert {"base.html", "campaigns/detail.html", "public/home.html", "calculators/bill.html", "quiz/join.html"} <= compiled()
    assert not {"dashboard/index.html", "campaigns/manage/edit.html", "quiz/bank/bank.html"} & compiled()
    assert campaigns.streets.cache_info().currsize == campaigns.pledge_actions.cache_info().currsize == 1
    assert labels.scheme.cache_info().currsize == 1
