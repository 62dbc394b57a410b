"""The one-pass overlap on a regular grid of slots (the series' quarter-hour cost grid) gives exactly
what measuring each slot's two edges gives, and irregular slots still take the general path."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from planner_app.ranking import _band_overlap, overlap


@st.composite
def bands(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """Disjoint sorted intervals (some touching, none empty) somewhere around the grid."""
    edges = sorted(set(draw(st.lists(st.integers(-5_000, 60_000), max_size=40))))
    if len(edges) % 2:
        edges = edges[:-1]
    return np.array(edges[0::2], dtype=np.int64), np.array(edges[1::2], dtype=np.int64)


@settings(max_examples=300, deadline=None)
@given(
    band=bands(),
    first=st.integers(-3_000, 3_000),
    step=st.sampled_from([60, 900, 1800]),
    count=st.integers(2, 60),
    steps=st.integers(1, 8),
    extra=st.sampled_from([0, 0, 0, 300]),  # a length off the grid: the general path
)
def test_a_grid_of_slots_gets_the_same_seconds_as_each_slot_measured_alone(
    band: tuple[np.ndarray, np.ndarray], first: int, step: int, count: int, steps: int, extra: int
) -> None:
    starts = first + step * np.arange(count, dtype=np.int64)
    ends = starts + steps * step + extra
    assert np.array_equal(_band_overlap(starts, ends)(band), overlap(*band, starts, ends))


def test_irregular_slots_are_measured_one_by_one() -> None:
    band = np.array([0, 1000], dtype=np.int64), np.array([500, 2000], dtype=np.int64)
    starts = np.array([0, 100, 300, 900], dtype=np.int64)  # uneven spacing
    ends = starts + 200
    assert (
        _band_overlap(starts, ends)(band).tolist()
        == [200, 200, 200, 200 - 100]
        == overlap(*band, starts, ends).tolist()
    )
    uneven = np.array([0, 100, 200], dtype=np.int64), np.array([100, 300, 300], dtype=np.int64)  # lengths differ
    assert _band_overlap(*uneven)(band).tolist() == [100, 200, 100] == overlap(*band, *uneven).tolist()
