"""The read API parses every request with one parser built once: requests parsed at the same time in
the server's worker threads, and a refused one, leave no trace in any other."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from planner_app import api, cli

REQUESTS = [
    ["windows", "--team=A", "--from=2026-01-05", "--to=2026-01-09", "--duration=45", "--format=json"],
    ["series", "--team=B", "--start=2026-03-02", "--count=8", "--mode=rotate", "--format=json"],
    ["calendar", "--team=C", "--from=2026-02-01", "--to=2026-02-28", "--format=json"],
    ["regions", "--search=berlin", "--format=json"],
]


def parsed(argv: list[str]) -> dict[str, object]:
    return vars(api._parser().parse_args(argv))


def test_requests_parsed_at_once_get_what_a_fresh_parser_gives() -> None:
    expected = [vars(cli.build_parser(raising=True).parse_args(argv)) for argv in REQUESTS]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(parsed, REQUESTS * 50))
    assert results == expected * 50


def test_a_refused_request_leaves_the_next_one_alone() -> None:
    with pytest.raises(cli.ArgumentsError, match="invalid date"):
        parsed(["windows", "--team=A", "--from=2026-13-01", "--to=2026-12-31", "--format=json"])
    assert parsed(REQUESTS[0]) == vars(cli.build_parser(raising=True).parse_args(REQUESTS[0]))
    assert api._parser() is api._parser()
