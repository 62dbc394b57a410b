"""The HTTP routes served beside the pages (live feeds, read API), configured like the pages are:
the same database (a `DATABASE_URL` secret, else the environment) and the same mode (Local unless the
secrets have an `[auth]` section). The handlers are the core's (planner_app.api)."""

from __future__ import annotations

from starlette.routing import Route

from planner_app.api import Settings, routes


def settings() -> Settings:
    """The deployment as the pages see it, read at each request (the secrets file may change)."""
    from planner_app.ui import auth, saved

    return Settings(saved.database_url(), auth.shared())


def http_routes() -> list[Route]:
    """The feed and API routes for `st.App(..., routes=...)`."""
    return routes(settings)
