"""The database password never shows: not on stdout, stderr, in log records or in exception text,
whatever form the URL takes and however it is malformed (issue 10, item 2)."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import string
import urllib.parse
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner_app.cli import main
from planner_app.store import Store, StoreError, database_url, redact_url

PG_URL = os.environ.get("DATABASE_URL", "")
HAS_PG = PG_URL.startswith(("postgresql", "postgres"))
SPECIALS = "@:/?#%&=!$;+,[]() "
# "Zq" + at least four characters: long enough that finding it in the output means a leak
passwords = st.text(string.ascii_letters + string.digits + SPECIALS, min_size=4, max_size=16).map(lambda s: "Zq" + s)


def _url_forms(pw: str) -> list[str]:
    quoted_free = pw.replace("'", "").replace("\\", "")
    return [
        f"postgresql://planner:{pw}@127.0.0.1:1/db",
        f"postgresql://planner:{pw}@127.0.0.1:5432x/db",  # a malformed port
        f"postgresql://planner:{pw}@[::1:1/db",  # a broken IPv6 bracket
        f"postgres://planner:{pw}@localhost:99999999/db",
        f"postgresql://planner:{pw}@@127.0.0.1:1/db",
        f"host=127.0.0.1 port=1 user=planner password={pw.replace(' ', '')} dbname=db",  # libpq key=value
        f"host=127.0.0.1 password='{quoted_free}' dbname=db",
        f"postgresql://planner@127.0.0.1:1/db?password={pw.replace('&', '')}",
        f"postgresql://planner@127.0.0.1:1/db?sslmode=disable&password={pw.replace('&', '')}&x=1",
        f"mysql://planner:{pw}@127.0.0.1/db",
    ]


@contextlib.contextmanager
def _captured() -> Iterator[list[str]]:
    """stdout, stderr and every log record (any logger, any level) written inside the block."""
    out, err, records = io.StringIO(), io.StringIO(), io.StringIO()
    handler = logging.StreamHandler(records)
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    texts: list[str] = []
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            yield texts
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        texts += [out.getvalue(), err.getvalue(), records.getvalue()]


def _assert_hidden(pw: str, texts: list[str]) -> None:
    for text in texts:
        for form in {pw, pw.replace(" ", ""), pw.replace("&", ""), urllib.parse.unquote(pw)}:
            if len(form) >= 6:
                assert form not in text, f"the password {form!r} leaked into {text!r}"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pw=passwords, form=st.integers(min_value=0, max_value=9))
def test_the_command_line_never_prints_the_password(pw: str, form: int) -> None:
    url = _url_forms(pw)[form]
    with _captured() as texts:
        status = main(["teams", "--db", url, "list"])
    assert status == 2
    assert texts[1].startswith("planner: ")
    assert texts[1].count("\n") == 1
    _assert_hidden(pw, texts)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pw=passwords, form=st.integers(min_value=0, max_value=9))
def test_the_store_never_puts_the_password_in_an_error(pw: str, form: int) -> None:
    url = _url_forms(pw)[form]
    with _captured() as texts, pytest.raises(StoreError) as caught:
        Store(url)
    texts += [str(caught.value), repr(caught.value), redact_url(url)]
    assert "\n" not in str(caught.value)
    error = caught.value
    assert error.__cause__ is None
    assert error.__context__ is None or error.__suppress_context__
    _assert_hidden(pw, texts)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://u:s3cret!@host:5432x/db", "postgresql://u:***@host:5432x/db"),
        ("postgresql://u:p@ss@w0rd@host/db", "postgresql://u:***@host/db"),
        ("host=db port=5432 password=s3cret dbname=x", "host=db port=5432 password=*** dbname=x"),
        ("host=db password='s3 cret' dbname=x", "host=db password=*** dbname=x"),
        ("postgresql://u@h/db?sslmode=require&password=s3cret", "postgresql://u@h/db?sslmode=require&password=***"),
        ("postgresql://u:s3cret@[::1:5432/db", "postgresql://u:***@[::1:5432/db"),
        ("sqlite:////var/lib/planner.sqlite", "sqlite:////var/lib/planner.sqlite"),
    ],
)
def test_redact_url_forms(url: str, shown: str) -> None:
    assert redact_url(url) == shown


@pytest.mark.skipif(not HAS_PG, reason="no PostgreSQL server (scripts/with-postgres starts one)")
def test_a_password_in_the_query_works_and_is_not_printed_on_success() -> None:
    real = sa.engine.make_url(database_url(PG_URL))
    password = str(real.password)
    url = real.set(password=None).update_query_dict({"password": password}).render_as_string(hide_password=False)
    with _captured() as texts:
        status = main(["teams", "--db", url, "list"])
    assert status == 0, texts
    assert "password=***" in texts[0]
    assert all(password not in text for text in texts)
