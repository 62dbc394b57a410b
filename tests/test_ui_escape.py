"""Every page with hostile names, titles and error texts: user text is shown, never rendered.

Streamlit renders Markdown (links, images, `$...$` math, emphasis) in st.markdown, captions, alerts,
metrics, toasts, expander and widget labels. AppTest reports each element's Markdown source, so the
walk below asserts on the source: every hostile string appears only in its escaped form
(planner_app.ui.components.esc) and no element built from user text carries live link, image,
math, emphasis or HTML syntax. Share and saved-plan links with dates the app cannot plan are cut or
refused with one line before anything is planned; an unexpected failure is one line, no traceback.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from planner_app import sharing
from planner_app.teams import Team, build_team
from planner_app.ui import state
from planner_app.ui.app import CRASH_MESSAGE
from planner_app.ui.components import WORD_JOINER, esc
from tests.markdown_text import shown

pytestmark = pytest.mark.usefixtures("whole_page")  # AppTest: the whole page in one run (conftest)

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 90

IMAGE = "![x](http://attacker/px.png)"
PHISH = "[Your session expired](http://attacker/login)"
MATH = "$x^2$"
SCRIPT = "<script>alert(1)</script>"
BOLD = "**bold** www.attacker.example"
HOSTILE = (IMAGE, PHISH, MATH, SCRIPT, BOLD)
TEAM_NAME = f"**Team9** {PHISH} $t$"
PLAN_TITLE = f"{IMAGE} $$\\sum$$ :red[alarm]"

# Live Markdown in a source: an unescaped image, link, math, HTML tag, emphasis, a bare web address
# without the word joiner, or a Streamlit colour directive.
LIVE = {
    "image": re.compile(r"(?<!\\)!(?<!\\)\[[^\]]*(?<!\\)\]\("),
    "link": re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\("),
    "math": re.compile(r"(?<!\\)\$"),
    "html": re.compile(r"(?<!\\)<[a-zA-Z/]"),
    "emphasis": re.compile(r"(?<!\\)\*(?<!\\)\*bold|(?<!\\)\*\*Team9"),
    "autolink": re.compile(r"(?i)(?:https?:(?!" + WORD_JOINER + r")//|www(?!" + WORD_JOINER + r")\\?\.)attacker"),
    "directive": re.compile(r"(?<!\\):red(?<!\\)\["),
}


# Elements whose value is Markdown source (a widget's value is plain text).
MARKDOWN_VALUES = {
    "markdown",
    "caption",
    "error",
    "warning",
    "info",
    "success",
    "title",
    "header",
    "subheader",
    "toast",
    "metric",
}


def hostile_team() -> Team:
    return build_team(
        TEAM_NAME,
        [
            {"name": IMAGE, "region": "gb-london"},
            {"name": PHISH, "timezone": "America/New_York"},
            {"name": MATH, "region": "au-sydney"},
            {"name": SCRIPT, "region": "in-bengaluru", "required": False},
            {"name": BOLD, "region": "de-berlin"},
            {"name": "UTC", "timezone": "Asia/Tokyo", "required": False},
        ],
    )


@pytest.fixture(autouse=True)
def own_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'escape.sqlite'}")


def _texts(node: Any) -> Iterator[tuple[str, str]]:
    """(element type, Markdown source) of every text an element shows: bodies, values, labels."""
    for child in getattr(node, "children", {}).values():
        yield from _texts(child)
    kind = str(getattr(node, "type", "?"))
    # a widget's value is what was typed, shown as typed (not Markdown); its label is Markdown
    for attr in ("value", "label") if kind in MARKDOWN_VALUES else ("label",):
        try:
            value = getattr(node, attr)
        except Exception:  # noqa: S112 - elements without this attribute or state: nothing to check
            continue
        if isinstance(value, str) and value:
            yield f"{kind}.{attr}", value


def all_texts(at: AppTest) -> list[tuple[str, str]]:
    return [*_texts(at.main), *_texts(at.sidebar)]


def assert_nothing_live(at: AppTest, where: str) -> None:
    """No element shows user text as Markdown; returns quietly when everything is escaped."""
    assert not at.exception, (where, at.exception)
    texts = all_texts(at)
    for kind, source in texts:
        for raw in (*HOSTILE, TEAM_NAME, PLAN_TITLE):
            assert raw not in source, f"{where}: {kind} shows {raw!r} unescaped: {source!r}"
        if not any(marker in source for marker in ("attacker", "x^2", "alert", "bold", "Team9", "sum", "alarm")):
            continue  # our own static text (it may use Markdown on purpose)
        for name, pattern in LIVE.items():
            assert not pattern.search(source), f"{where}: {kind} has a live {name}: {source!r}"
    assert not any(CRASH_MESSAGE in shown(source) for _, source in texts), f"{where}: the error boundary fired"


def _open(team: Team, start: dt.date, end: dt.date) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.query_params.update(sharing.encode(team, start, end, 30))
    at.run()
    return at


def _pages(at: AppTest) -> dict[str, str]:
    """Every page `st.navigation` registered, by URL path ('' is the default page): new pages are walked too."""
    pages = {str(info.get("url_pathname")): page_hash for page_hash, info in at._registered_pages.items()}
    assert {"", "series", "team", "calendar", "regions"} <= set(pages), pages
    return pages


def _go(at: AppTest, page_hash: str) -> None:
    at._page_hash = page_hash  # AppTest.switch_page takes files only; these pages are functions
    at.run()


def test_esc_neutralises_every_markdown_construct() -> None:
    assert esc(IMAGE) == "\\!\\[x\\]\\(http\\:" + WORD_JOINER + "//attacker/px\\.png\\)"
    assert esc(MATH) == "\\$x^2\\$"
    assert esc(SCRIPT) == "\\<script\\>alert\\(1\\)\\</script\\>"
    assert esc("www.a.example :red[x] :material/home:") == (
        "www" + WORD_JOINER + "\\.a\\.example \\:red\\[x\\] \\:material/home\\:"
    )
    for text in (*HOSTILE, TEAM_NAME, PLAN_TITLE, "a\\b", "Zoë_Ng ~ x|y #1"):
        assert shown(esc(text)) == text  # the reader sees exactly what was typed


def test_every_page_shows_hostile_names_and_titles_as_text() -> None:
    team = hostile_team()
    at = _open(team, dt.date(2027, 3, 1), dt.date(2027, 3, 12))
    assert_nothing_live(at, "plan")
    sources = " ".join(source for _, source in all_texts(at))
    assert esc(TEAM_NAME) in sources  # the escaped form is what the page carries
    assert f"**{esc(IMAGE)}**" in sources  # the member strip: our bold, their text
    for page, page_hash in _pages(at).items():
        _go(at, page_hash)
        assert_nothing_live(at, page or "plan")
        if page == "series":  # a long rotation: burdens, drift warnings and the anchor advice name members
            at.number_input(key="series_count").set_value(30).run()
            at.segmented_control(key="series_mode").set_value("rotate").run()
            assert_nothing_live(at, "series rotate")
            metrics = {m.label: m.value for m in at.metric}
            assert any(esc(name) in metrics["Heaviest burden"] for name in (*HOSTILE, "UTC")), metrics
            assert at.warning, "the clock changes of March and April are reported"
        if page == "team":  # a failing add names the member in an error box; a good add in a toast
            at.text_input[1].set_value(PHISH + " 2")  # a name, and no place: the add fails naming the member
            next(b for b in at.button if b.label == "Add member").click().run()
            assert any(esc(PHISH + " 2") in e.value for e in at.error), [e.value for e in at.error]
            assert_nothing_live(at, "team error")


def test_saving_and_plan_titles_are_escaped_in_the_sidebar_and_popovers() -> None:
    at = _open(hostile_team(), dt.date(2027, 5, 3), dt.date(2027, 5, 7))
    next(b for b in at.sidebar.button if b.label == "Save team").click().run()
    assert_nothing_live(at, "saved")
    assert any(esc(TEAM_NAME) in t.value for t in at.toast), [t.value for t in at.toast]
    at.text_input(key="windows_plan_title").set_value(PLAN_TITLE).run()
    at.button(key="windows_plan_save").click().run()
    assert_nothing_live(at, "plan saved")
    assert any(esc(repr(PLAN_TITLE)) in s.value for s in at.success), [s.value for s in at.success]
    checkbox = next(c for c in at.sidebar.checkbox if c.key == "confirm_delete")
    assert esc(repr(TEAM_NAME)) in checkbox.label


def test_a_hostile_saved_plan_link_is_shown_as_text() -> None:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.query_params["plan"] = f"{IMAGE} {PHISH}"
    at.run()
    assert_nothing_live(at, "?plan=")
    (error,) = at.error
    token = f"{IMAGE} {PHISH}"
    assert shown(error.value) == (
        f"saved plan link: no saved plan {token!r} (it may have been deleted with its team); "
        "opened the demo team instead"
    )


def test_a_hostile_share_link_date_is_shown_as_text() -> None:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.query_params.update({**sharing.encode(hostile_team(), dt.date(2027, 1, 4), dt.date(2027, 1, 8), 30)})
    at.query_params["from"] = PHISH
    at.run()
    assert_nothing_live(at, "?from=")
    assert f"share link: 'from' must be a date YYYY-MM-DD (got {PHISH!r})" in shown(at.error[0].value)


@pytest.fixture
def planned(monkeypatch: pytest.MonkeyPatch) -> list[tuple[dt.date, dt.date]]:
    """Every range the app asks the engine to plan."""
    from planner_app.ui import cache

    calls: list[tuple[dt.date, dt.date]] = []
    real = cache.windows_for

    def recording(team: Team, start: dt.date, end: dt.date, duration: int) -> Any:
        calls.append((start, end))
        return real(team, start, end, duration)

    monkeypatch.setattr(cache, "windows_for", recording)
    return calls


def test_a_1098_day_share_link_is_cut_to_the_app_limit_before_anything_is_planned(
    planned: list[tuple[dt.date, dt.date]],
) -> None:
    team = build_team("Long range", [{"name": "A", "region": "gb-london"}, {"name": "B", "region": "de-berlin"}])
    start = dt.date(2031, 2, 3)
    at = _open(team, start, start + dt.timedelta(days=1097))
    assert not at.exception
    assert (at.session_state["start"], at.session_state["end"]) == (
        start,
        start + dt.timedelta(days=state.MAX_DAYS - 1),
    )
    (warning,) = at.warning
    assert shown(warning.value) == (
        f"share link: the range 2031-02-03..2034-02-04 is longer than the app plans at once ({state.MAX_DAYS} days); "
        "showing 2031-02-03..2032-02-04 (the command line plans up to 3 years)"
    )
    assert planned
    assert all((end - begin).days + 1 <= state.MAX_DAYS for begin, end in planned), planned


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date(1969, 12, 31), dt.date(1970, 1, 5)),
        (dt.date(2075, 12, 30), dt.date(2076, 1, 2)),
        (dt.date(5, 1, 1), dt.date(5, 1, 2)),
    ],
)
def test_share_link_dates_outside_the_app_years_are_refused_in_one_line(
    start: dt.date, end: dt.date, planned: list[tuple[dt.date, dt.date]]
) -> None:
    team = build_team("Old", [{"name": "A", "region": "gb-london"}])
    at = _open(team, start, end)
    assert not at.exception
    (error,) = at.error
    assert shown(error.value) == (
        f"share link: the app plans dates from 1970-01-01 to 2075-12-31 (got {start}..{end}); "
        "opened the demo team instead"
    )
    assert at.session_state["team"].name != "Old"
    assert all(begin >= state.FIRST_DATE and end <= state.LAST_DATE for begin, end in planned)


def test_a_failing_page_is_one_line_without_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    from planner_app.ui import cache

    def broken(*args: object) -> None:
        raise KeyError("/srv/planner/secret/path.py")

    monkeypatch.setattr(cache, "proposal", broken)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception  # caught by the app's boundary, not Streamlit's traceback box
    assert [shown(e.value) for e in at.error] == [CRASH_MESSAGE]
    assert "/srv/planner" not in " ".join(source for _, source in all_texts(at))
    marker = at.get("html")[-1].proto.body
    assert 'data-planner-ready="error"' in marker


def test_the_readiness_marker_ends_every_run_and_counts_runs() -> None:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.run()
    first = at.get("html")[-1].proto.body
    assert re.fullmatch(r'<span data-planner-ready="plan" data-run="(\d+)"></span>', first), first
    at.run()
    second = at.get("html")[-1].proto.body
    assert int(re.search(r'data-run="(\d+)"', second).group(1)) > int(re.search(r'data-run="(\d+)"', first).group(1))


def test_streamlit_shows_visitors_no_error_details() -> None:
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    assert ".streamlit/secrets.toml" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
