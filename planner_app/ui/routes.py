"""What the app's server adds to Streamlit's own HTTP handling.

- The routes served beside the pages (live feeds, read API), configured like the pages are: the same
  database (a `DATABASE_URL` secret, else the environment) and the same mode (Local unless the secrets
  have an `[auth]` section). The handlers are the core's (planner_app.api), imported on the first
  request, so `streamlit run` answers sooner.
- `ChartPreload`: every page of the planner shows a plotly chart, whose code (4.7 MB, the largest part
  of Streamlit's frontend) a browser otherwise asks for only when the first chart arrives from the
  page's run. The middleware names that file in a `Link: rel=modulepreload` header on each HTML
  page, so the browser fetches and compiles it while it loads the app (time to first chart,
  benchmarks/app.py).
"""

from __future__ import annotations

from pathlib import Path

import streamlit
from starlette.middleware import Middleware
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from planner_app.api import Settings, routes

# Streamlit's frontend build: one file per kind of element, named with a hash of its content
STATIC_JS = Path(streamlit.__file__).parent / "static" / "static" / "js"


def settings() -> Settings:
    """The deployment as the pages see it, read at each request (the secrets file may change)."""
    from planner_app.ui import auth, saved

    return Settings(saved.database_url(), auth.shared())


def http_routes() -> list[Route]:
    """The feed and API routes for `st.App(..., routes=...)`."""
    return routes(settings)


def http_middleware() -> list[Middleware]:
    """The middleware for `st.App(..., middleware=...)`."""
    return [Middleware(ChartPreload)]


def chart_code_link(folder: Path = STATIC_JS) -> bytes:
    """The `Link` header value naming the chart element's code, or b"" when this Streamlit has none
    under the expected name (then nothing is preloaded and nothing else changes)."""
    found = sorted(folder.glob("PlotlyChart.*.js"))
    # relative like the page's own script tags, so it also works under a server.baseUrlPath
    return ", ".join(f"<./static/js/{f.name}>; rel=modulepreload" for f in found).encode()


class ChartPreload:
    """ASGI middleware: a `Link: rel=modulepreload` header for the chart code on HTML responses."""

    def __init__(self, app: ASGIApp, link: bytes | None = None) -> None:
        self.app = app
        self.link = chart_code_link() if link is None else link

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.link:
            await self.app(scope, receive, send)
            return

        async def send_with_link(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers):
                    message = {**message, "headers": [*headers, (b"link", self.link)]}
            await send(message)

        await self.app(scope, receive, send_with_link)
