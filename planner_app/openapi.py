"""The read API and feeds described as OpenAPI 3.1 data, served at /api/v1/openapi.json.

Parameter names are the command line's flags without their dashes; each document is the JSON the
command prints with `--format json` (its JSON Schema is in docs/schemas/)."""

from __future__ import annotations

from typing import Any

DATE = {"type": "string", "format": "date", "examples": ["2026-03-02"]}
WHOLE = {"type": "integer"}


def _param(name: str, schema: dict[str, Any], description: str, *, required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "schema": schema, "description": description}


_TEAM = _param("team", {"type": "string"}, "A saved team's name (in the token's workspace).", required=True)
# what each command-line flag is, as an API parameter (name: schema, description, required)
PARAMETERS: dict[str, list[dict[str, Any]]] = {
    "windows": [
        _TEAM,
        _param("from", DATE, "First local date (each member's own calendar).", required=True),
        _param("to", DATE, "Last local date, at most a year after `from`.", required=True),
        _param("duration", {**WHOLE, "default": 30}, "Minimum window length in minutes."),
    ],
    "series": [
        _TEAM,
        _param("start", DATE, "First meeting date, in the anchor's calendar.", required=True),
        _param("count", WHOLE, "Number of meetings (up to 260, 6 years).", required=True),
        _param("cadence", {"enum": ["weekly", "biweekly", "monthly"], "default": "weekly"}, "How often."),
        _param("duration", {**WHOLE, "default": 30}, "Meeting length in minutes."),
        _param("anchor", {"type": "string"}, "Whose clock holds the time: a member's name, or `utc`."),
        _param("mode", {"enum": ["fixed", "rotate"], "default": "fixed"}, "A fixed time, or a fair rotation."),
        _param("time", {"type": "string", "pattern": "^[0-9]{1,2}:[0-9]{2}$"}, "fixed: the anchor's local HH:MM."),
    ],
    "calendar": [
        _TEAM,
        _param("from", DATE, "First date.", required=True),
        _param("to", DATE, "Last date.", required=True),
    ],
    "regions": [_param("search", {"type": "string"}, "Only regions matching all these words.")],
}
SUMMARIES = {
    "windows": "The team's common meeting windows: `planner windows --format json`.",
    "series": "A recurring meeting, fixed or rotating, with clock-change drift: `planner series --format json`.",
    "calendar": "Each member's status for each date: `planner calendar --format json`.",
    "regions": "The region profiles: `planner regions --format json`.",
}
_ERROR = {
    "description": "",
    "content": {
        "application/json": {
            "schema": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}
        }
    },
}


def _error(description: str) -> dict[str, Any]:
    return {**_ERROR, "description": description}


def _document(command: str) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {
            "description": f"The bytes of `planner {command} --format json` for the same saved team and arguments.",
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{command}"}}},
        },
        "400": _error("A parameter is missing or wrong: the command line's one-line message, naming its flag."),
        "401": _error("Shared mode (or a request from another computer): no valid API token."),
    }
    if command != "regions":
        responses["404"] = _error("No saved team of that name in the token's workspace.")
    return {
        "summary": SUMMARIES[command],
        "operationId": command,
        "parameters": PARAMETERS[command],
        "responses": responses,
    }


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 description of every endpoint and parameter."""
    paths: dict[str, Any] = {f"/api/v1/{command}": {"get": _document(command)} for command in PARAMETERS}
    paths["/api/v1/openapi.json"] = {
        "get": {
            "summary": "This document.",
            "operationId": "openapi",
            "security": [],
            "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {}}}},
        }
    }
    paths["/feeds/{token}.ics"] = {
        "get": {
            "summary": "A live calendar feed (subscribe with webcal://): a saved plan's slots, a saved series, "
            "or a team's holidays and days away, rebuilt from the saved team on every request.",
            "operationId": "feed",
            "security": [],
            "parameters": [
                {
                    "name": "token",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string"},
                    "description": "The feed's secret token.",
                },
                {
                    "name": "If-None-Match",
                    "in": "header",
                    "required": False,
                    "schema": {"type": "string"},
                    "description": "An ETag from an earlier answer.",
                },
            ],
            "responses": {
                "200": {
                    "description": "An iCalendar object (RFC 5545) with REFRESH-INTERVAL and X-PUBLISHED-TTL of PT1H.",
                    "headers": {"ETag": {"schema": {"type": "string"}, "description": "A strong tag of the body."}},
                    "content": {"text/calendar": {"schema": {"type": "string"}}},
                },
                "304": {"description": "Unchanged since the ETag given in If-None-Match."},
                "404": {"description": "Unknown or revoked token (or its plan or team was deleted)."},
                "503": {"description": "The store cannot be read right now; try again later."},
            },
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Culture-aware meeting planner: read API and live feeds",
            "version": "1",
            "description": "Read-only. Local mode: answers requests from this computer without a token. "
            "Shared mode: every /api/v1 call needs `Authorization: Bearer <API token>` made by a workspace "
            "owner, and sees that workspace only (anything else is 404). Feeds need only their token.",
        },
        "servers": [{"url": "/"}],
        "security": [{"apiToken": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"apiToken": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                command: {
                    "type": "object",
                    "description": f"docs/schemas/{command}.v1.json (`schema`: culture-planner/{command}/v1)",
                }
                for command in PARAMETERS
            },
        },
    }
