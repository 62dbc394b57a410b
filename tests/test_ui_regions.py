"""The Regions page: a briefing's holiday changes and two regions side by side (Streamlit AppTest)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

TIMEOUT = 60
SCRIPT = """
import datetime as dt
from planner_app.ui import state
from planner_app.ui.views import regions
state.init()
state.now = lambda: dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC)  # a Monday in Ramadan 2026
regions.render()
"""


@pytest.fixture(autouse=True)
def own_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'ui.sqlite'}")


@pytest.fixture
def at() -> AppTest:
    app = AppTest.from_string(SCRIPT, default_timeout=TIMEOUT)
    app.run()
    assert not app.exception, app.exception
    app.selectbox(key="region_pick").set_value("es-madrid").run()
    assert not app.exception, app.exception
    return app


def test_no_comparison_until_a_second_region_is_chosen(at: AppTest) -> None:
    assert at.selectbox(key="region_compare").value == ""
    assert not [d for d in at.dataframe if "Date" in d.value.columns and "Madrid hours" in d.value.columns]


def test_two_regions_side_by_side(at: AppTest) -> None:
    at.selectbox(key="region_compare").set_value("sa-riyadh").run()
    assert not at.exception, at.exception
    week = next(d.value for d in at.dataframe if "Madrid hours" in d.value.columns)
    assert list(week.columns) == [
        "Date",
        "Madrid hours",
        "… on Riyadh clock",
        "Riyadh hours",
        "… on Madrid clock",
    ]
    monday = week.iloc[0].to_dict()
    assert monday == {
        "Date": "Mon 02 Mar",
        "Madrid hours": "09:00–14:00, 15:00–18:30",
        "… on Riyadh clock": "11:00–16:00, 17:00–20:30",
        "Riyadh hours": "10:00–16:00",  # Ramadan hours
        "… on Madrid clock": "08:00–14:00",
    }
    assert week.iloc[4]["Riyadh hours"] == "weekend"  # Friday
    text = " ".join(m.value for m in at.markdown)
    assert "Weekend: Fri + Sat" in text
    assert "Weekend: Sat + Sun" in text
    assert "Ramadan: shorter day" in text
    changes = [m.value for m in at.markdown if m.value.startswith("Clock changes, next 12 months:")]
    assert len(changes) == 2
    assert "clocks go forward 60 min" in changes[0]  # Madrid, 29 March
    assert changes[1].endswith(": none")  # Riyadh


def test_holidays_table_marks_additions(at: AppTest) -> None:
    holidays = next(d.value for d in at.dataframe if "Holiday" in d.value.columns)
    assert list(holidays.columns) == ["Date", "Holiday", "Added by this profile"]
    # es-madrid adds the city's own days: San Isidro (15 May) is the one within 90 days of 2 March 2026
    added = holidays[holidays["Added by this profile"]]
    assert list(added["Holiday"]) == ["San Isidro (Madrid city holiday)"]
