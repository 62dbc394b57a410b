"""The server's additions to Streamlit's HTTP handling (planner_app/ui/routes.py), without a server:
the chart-code preload header on HTML pages only. tests/test_api_server.py checks the real server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planner_app.ui.routes import STATIC_JS, ChartPreload, chart_code_link
from tests.harness import run_coroutine


def respond(content_type: bytes, link: bytes | None = None) -> list[dict[str, Any]]:
    """The messages the middleware sends for one response of `content_type` from an inner app."""

    async def inner(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", content_type)]})
        await send({"type": "http.response.body", "body": b"x"})

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def receive() -> dict[str, Any]:
        return {"type": "http.request"}

    run_coroutine(ChartPreload(inner, link)({"type": "http", "path": "/"}, receive, send))
    return sent


def test_html_pages_name_the_chart_code_and_nothing_else_does() -> None:
    link = chart_code_link()
    (name,) = [f.name for f in STATIC_JS.glob("PlotlyChart.*.js")]  # this Streamlit's chart code
    assert link == f"<./static/js/{name}>; rel=modulepreload".encode()
    html = respond(b"text/html; charset=utf-8")
    assert (b"link", link) in html[0]["headers"]
    assert html[1]["body"] == b"x"  # the body passes untouched
    for other in (b"application/json", b"text/calendar; charset=utf-8", b"application/javascript"):
        assert all(k != b"link" for k, _ in respond(other)[0]["headers"])


def test_without_the_chart_file_nothing_is_added(tmp_path: Path) -> None:
    """A Streamlit whose build names the file differently: no header, the page is served as before."""
    assert chart_code_link(tmp_path) == b""
    assert all(k != b"link" for k, _ in respond(b"text/html", link=b"")[0]["headers"])
