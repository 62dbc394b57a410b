"""Region profiles, table-driven over every data/regions/*.toml, and the loader's errors."""

from __future__ import annotations

import re
from pathlib import Path

import holidays
import pytest

from planner_app import zones
from planner_app.errors import PlannerError, RegionError
from planner_app.hours import DAYS, Span
from planner_app.regions import (
    DATA_DIR,
    NOTE_TOPICS,
    Region,
    cldr_weekend,
    get_region,
    load_region_file,
    load_regions,
    search_regions,
)

PROFILE_FILES = sorted(DATA_DIR.glob("*.toml"))
REQUIRED_IDS = [
    "us-new-york",
    "us-san-francisco",
    "us-chicago",
    "ca-toronto",
    "mx-mexico-city",
    "br-sao-paulo",
    "ar-buenos-aires",
    "gb-london",
    "ie-dublin",
    "fr-paris",
    "de-berlin",
    "de-munich",
    "es-madrid",
    "es-barcelona",
    "it-milan",
    "nl-amsterdam",
    "pl-warsaw",
    "se-stockholm",
    "ch-zurich",
    "tr-istanbul",
    "ae-dubai",
    "sa-riyadh",
    "qa-doha",
    "kw-kuwait-city",
    "eg-cairo",
    "il-tel-aviv",
    "ir-tehran",
    "ma-casablanca",
    "in-bengaluru",
    "in-mumbai",
    "pk-karachi",
    "bd-dhaka",
    "np-kathmandu",
    "lk-colombo",
    "cn-shanghai",
    "cn-shenzhen",
    "hk-hong-kong",
    "jp-tokyo",
    "kr-seoul",
    "sg-singapore",
    "my-kuala-lumpur",
    "id-jakarta",
    "ph-manila",
    "vn-ho-chi-minh-city",
    "au-sydney",
    "au-perth",
    "nz-auckland",
    "za-johannesburg",
    "ng-lagos",
    "ke-nairobi",
]
# Profiles whose weekend deliberately differs from CLDR's, with (ours, CLDR's).
DELIBERATE_WEEKEND_DIFFERENCES = {
    "af-kabul": (frozenset({4}), frozenset({3, 4})),
    "bd-dhaka": (frozenset({4, 5}), frozenset({5, 6})),
    "bn-bandar-seri-begawan": (frozenset({4, 6}), frozenset({5, 6})),
    "in-bengaluru": (frozenset({5, 6}), frozenset({6})),
    "in-chennai": (frozenset({5, 6}), frozenset({6})),
    "in-delhi": (frozenset({5, 6}), frozenset({6})),
    "in-hyderabad": (frozenset({5, 6}), frozenset({6})),
    "in-mumbai": (frozenset({5, 6}), frozenset({6})),
    "in-pune": (frozenset({5, 6}), frozenset({6})),
    "my-kota-bharu": (frozenset({4, 5}), frozenset({5, 6})),
    "np-kathmandu": (frozenset({5}), frozenset({5, 6})),
    "ug-kampala": (frozenset({5, 6}), frozenset({6})),
}
GULF = ["ae-dubai", "sa-riyadh", "qa-doha", "kw-kuwait-city"]


def _ids(path: Path) -> str:
    return path.stem


@pytest.fixture(params=PROFILE_FILES, ids=_ids)
def profile(request: pytest.FixtureRequest) -> Region:
    return load_region_file(request.param)


def test_there_are_profiles() -> None:
    assert len(PROFILE_FILES) >= 60
    assert len(load_regions()) == len(PROFILE_FILES)


def test_required_ids_exist() -> None:
    assert len(REQUIRED_IDS) == 50
    missing = sorted(set(REQUIRED_IDS) - set(load_regions()))
    assert missing == []


# -- each profile ------------------------------------------------------------------------------------


def test_profile_loads_via_the_schema(profile: Region) -> None:
    assert profile.path is not None
    assert profile.id == profile.path.stem
    assert re.fullmatch(r"[a-z]{2}(-[a-z0-9]+)+", profile.id)
    assert profile.id.startswith(profile.country.lower() + "-")
    assert profile.name.strip() == profile.name != ""
    assert set(profile.notes) == set(NOTE_TOPICS)
    assert all(profile.notes[topic] for topic in NOTE_TOPICS)
    assert len(profile.hours) == 7
    assert any(profile.hours[d] for d in range(7) if d not in profile.weekend)
    assert profile.sources_for("weekend")
    assert profile.sources_for("hours")
    assert load_regions()[profile.id] == profile


def test_profile_zone_loads_from_tzdata(profile: Region) -> None:
    tz = zones.zone(profile.timezone)
    assert tz.key == profile.timezone
    assert profile.timezone in zones.available_zones()
    assert zones.canonical_name(profile.timezone) == profile.timezone


def test_profile_country_and_subdivision_exist_in_holidays(profile: Region) -> None:
    supported = holidays.list_supported_countries()
    assert profile.country in supported
    if profile.subdivision is not None:
        assert profile.subdivision in supported[profile.country]
    table = holidays.country_holidays(
        profile.country, subdiv=profile.subdivision, years=range(2020, 2027), categories=profile.holiday_categories
    )
    assert len(table) > 0  # (Ukraine has none under martial law since 2022, hence several years)
    assert set(profile.holiday_categories) <= set(table.supported_categories)


def test_profile_weekend_matches_cldr_unless_explained(profile: Region) -> None:
    cldr = cldr_weekend(profile.country)
    if profile.weekend_vs_cldr:
        assert profile.weekend != cldr, f"{profile.id} explains a weekend difference that does not exist"
        assert "CLDR" in profile.weekend_vs_cldr
    else:
        assert profile.weekend == cldr, f"{profile.id}: weekend differs from CLDR without weekend_vs_cldr"


def test_profile_ramadan_rule_has_a_source(profile: Region) -> None:
    if profile.ramadan_hours is None:
        assert "[ramadan_hours]" not in profile.path.read_text(encoding="utf-8")  # type: ignore[union-attr]
        return
    sources = profile.sources_for("ramadan")
    assert sources, f"{profile.id} has Ramadan hours without a source"
    for source in sources:
        assert source.url.startswith(("https://", "http://"))
        assert source.title
        assert source.read.year >= 2020
    assert any(profile.ramadan_hours[d] for d in range(7) if d not in profile.weekend)


def test_profile_mentions_no_third_party_culture_scores(profile: Region) -> None:
    text = profile.path.read_text(encoding="utf-8").lower()  # type: ignore[union-attr]
    assert "hofstede" not in text
    assert "culture map" not in text


# -- the deliberate choices ---------------------------------------------------------------------------


def test_deliberate_weekend_differences_from_cldr() -> None:
    differences = {
        region.id: (region.weekend, cldr_weekend(region.country))
        for region in load_regions().values()
        if region.weekend != cldr_weekend(region.country)
    }
    for region_id, (ours, cldr) in sorted(differences.items()):
        print(
            f"{region_id}: ours {'+'.join(DAYS[d] for d in sorted(ours))}, "
            f"CLDR {'+'.join(DAYS[d] for d in sorted(cldr))}"
        )
    assert differences == DELIBERATE_WEEKEND_DIFFERENCES
    explained = {region.id for region in load_regions().values() if region.weekend_vs_cldr}
    assert explained == set(DELIBERATE_WEEKEND_DIFFERENCES)


def test_cldr_weekend() -> None:
    assert cldr_weekend("DE") == frozenset({5, 6})
    assert cldr_weekend("SA") == frozenset({4, 5})
    assert cldr_weekend("IN") == frozenset({6})
    assert cldr_weekend("IR") == frozenset({4})


def _minutes(spans: tuple[Span, ...]) -> int:
    return sum(span.minutes for span in spans)


@pytest.mark.parametrize("region_id", GULF)
def test_gulf_ramadan_days_are_shorter(region_id: str) -> None:
    region = get_region(region_id)
    assert region.ramadan_hours is not None
    working = [d for d in range(7) if d not in region.weekend]
    assert len(working) == 5
    for day in working:
        assert 0 < _minutes(region.ramadan_hours[day]) < _minutes(region.hours[day]), DAYS[day]


def test_riyadh_weekend_is_friday_and_saturday() -> None:
    riyadh = get_region("sa-riyadh")
    assert riyadh.weekend == frozenset({DAYS.index("fri"), DAYS.index("sat")})
    assert riyadh.timezone == "Asia/Riyadh"


def test_madrid_has_a_split_day() -> None:
    madrid = get_region("es-madrid")
    split = [DAYS[d] for d in range(7) if d not in madrid.weekend and len(madrid.hours[d]) >= 2]
    assert split == ["mon", "tue", "wed", "thu"]
    assert madrid.hours[0] == (Span(9 * 60, 14 * 60), Span(15 * 60, 18 * 60 + 30))


def test_region_lookup_and_search() -> None:
    assert get_region(" SA-Riyadh ").id == "sa-riyadh"
    with pytest.raises(RegionError, match=r"unknown region 'sa-riyad'; did you mean sa-riyadh"):
        get_region("sa-riyad")
    with pytest.raises(RegionError, match="`planner regions` lists them"):
        get_region("zz-nowhere-at-all")
    assert [r.id for r in search_regions("india")] == [
        "in-bengaluru",
        "in-chennai",
        "in-delhi",
        "in-hyderabad",
        "in-mumbai",
        "in-pune",
    ]
    assert [r.id for r in search_regions("de munich")] == ["de-munich"]
    assert get_region("de-munich").label == "Munich, Germany"


# -- malformed profiles ------------------------------------------------------------------------------

RIYADH = (DATA_DIR / "sa-riyadh.toml").read_text(encoding="utf-8")
RAMADAN_SOURCE = RIYADH[RIYADH.rindex("[[sources]]") :]
assert 'topic = "ramadan"' in RAMADAN_SOURCE


def _replace(old: str, new: str) -> str:
    assert old in RIYADH, old
    return RIYADH.replace(old, new, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            _replace('default = ["08:00-12:00", "13:00-17:00"]', 'default = ["08:00-12:00", "13:00-25:00"]'),
            "sa-riyadh.toml: 'hours' must be HH:MM-HH:MM with hours 00-23",
            id="bad-hour",
        ),
        pytest.param(
            _replace('default = ["10:00-16:00"]', 'default = ["10:00-16:00", "15:00-17:00"]'),
            "sa-riyadh.toml: 'ramadan_hours' intervals",
            id="overlapping-ramadan-hours",
        ),
        pytest.param(
            _replace('default = ["08:00-12:00", "13:00-17:00"]', 'default = ["08:00-17:00"]\nfriday = []'),
            "sa-riyadh.toml: 'hours' has unknown day 'friday'",
            id="bad-day-key",
        ),
        pytest.param(
            "hofstede_score = 70\n" + RIYADH,
            "sa-riyadh.toml: 'hofstede_score' is not a profile field",
            id="unknown-field",
        ),
        pytest.param(
            RIYADH.replace(RAMADAN_SOURCE, ""),
            "sa-riyadh.toml: 'sources' has no source with topic 'ramadan'",
            id="missing-ramadan-source",
        ),
        pytest.param(
            _replace('id = "sa-riyadh"', 'id = "sa-jeddah"'),
            "sa-riyadh.toml: 'id' must match the file name 'sa-riyadh' (got 'sa-jeddah')",
            id="wrong-id",
        ),
        pytest.param(
            _replace('country = "SA"', 'country = "AE"'),
            "sa-riyadh.toml: 'id' must start with the country code 'ae-'",
            id="id-country-mismatch",
        ),
        pytest.param(
            _replace('timezone = "Asia/Riyadh"', 'timezone = "Asia/Riyad"'),
            "sa-riyadh.toml: 'timezone' unknown time zone 'Asia/Riyad'",
            id="unknown-zone",
        ),
        pytest.param(
            _replace('timezone = "Asia/Riyadh"', 'timezone = "Factory"'),
            "sa-riyadh.toml: 'timezone' 'Factory' is tzdata's placeholder, not a place",
            id="factory-zone",
        ),
        pytest.param(
            _replace('country = "SA"', 'country = "SA"\nsubdivision = "ZZ"'),
            "sa-riyadh.toml: 'subdivision' unknown subdivision 'ZZ' of SA",
            id="unknown-subdivision",
        ),
        pytest.param(
            _replace('holiday_categories = ["public"]', 'holiday_categories = ["pagan"]'),
            "sa-riyadh.toml: 'country' holiday category 'pagan' is not kept for SA",
            id="unknown-category",
        ),
        pytest.param(
            _replace('weekend = ["fri", "sat"]', 'weekend = ["fri", "caturday"]'),
            "sa-riyadh.toml: 'weekend' must be a weekday",
            id="bad-weekend",
        ),
        pytest.param(
            re.sub(r'punctuality = ".*"\n', "", RIYADH),
            "sa-riyadh.toml: 'notes.punctuality' must be a non-empty string",
            id="missing-note",
        ),
        pytest.param(
            _replace("[notes]\n", '[notes]\nhofstede = "power distance 95"\n'),
            "sa-riyadh.toml: 'notes.hofstede' is not a note topic",
            id="extra-note",
        ),
        pytest.param(
            _replace('url = "https://www.crowell.com', 'url = "ftp://www.crowell.com'),
            "sa-riyadh.toml: 'sources[1].url' must be an http(s) URL",
            id="bad-source-url",
        ),
        pytest.param(
            _replace("read = 2026-11-29", 'read = "yesterday"'),
            "sa-riyadh.toml: 'sources[1].read' must be a date like 2026-11-29",
            id="bad-source-date",
        ),
        pytest.param(
            _replace('topic = "weekend"', 'topic = "vibes"'),
            "sa-riyadh.toml: 'sources[1].topic' must be one of weekend, hours, ramadan, holidays, notes",
            id="bad-source-topic",
        ),
        pytest.param(
            _replace('name = "Riyadh"', 'name = ""'),
            "sa-riyadh.toml: 'name' must be a non-empty string",
            id="empty-name",
        ),
        pytest.param(RIYADH + "\n[hours\n", "sa-riyadh.toml: not valid TOML", id="malformed-toml"),
    ],
)
def test_malformed_profile_raises_region_error(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "sa-riyadh.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegionError) as info:
        load_region_file(path)
    message = str(info.value)
    assert isinstance(info.value, PlannerError)
    assert message.startswith(expected), message
    assert len(message.splitlines()) == 1


def test_the_unmodified_copy_loads(tmp_path: Path) -> None:
    path = tmp_path / "sa-riyadh.toml"
    path.write_text(RIYADH, encoding="utf-8")
    assert load_region_file(path) == get_region("sa-riyadh")
    assert list(load_regions(tmp_path)) == ["sa-riyadh"]


def test_missing_file_and_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(RegionError, match=r"^xx-nowhere\.toml: cannot read the file"):
        load_region_file(tmp_path / "xx-nowhere.toml")
    with pytest.raises(RegionError, match="no region profiles found"):
        load_regions(tmp_path)


def test_the_shipped_region_index_is_current() -> None:
    """`planner regions` lists from planner_app/data/regions-index.json while its digest matches the
    profiles; a profile edited without `scripts/build-region-index` fails here, not in front of a user."""
    from planner_app.regions import INDEX_NAME, build_index, region_index

    shipped = (DATA_DIR.parent / INDEX_NAME).read_text(encoding="utf-8")
    assert shipped == build_index(), "the region index is stale: run scripts/build-region-index"
    summaries, problems = region_index()
    assert problems == ()
    assert [s.id for s in summaries] == [p.stem for p in PROFILE_FILES]
    riyadh = next(s for s in summaries if s.id == "sa-riyadh")
    assert (riyadh.weekend, riyadh.ramadan_hours, riyadh.timezone) == (("fri", "sat"), True, "Asia/Riyadh")


def test_a_stale_index_is_not_trusted(tmp_path: Path) -> None:
    """An index whose digest does not match the profiles beside it is ignored: the listing is rebuilt."""
    import shutil

    from planner_app.regions import INDEX_NAME, region_index

    regions = tmp_path / "regions"
    regions.mkdir()
    shutil.copy(DATA_DIR / "sa-riyadh.toml", regions / "sa-riyadh.toml")
    (tmp_path / INDEX_NAME).write_text('{"digest": "0", "regions": [["xx-nowhere"]]}', encoding="utf-8")
    summaries, _ = region_index(regions)
    assert [s.id for s in summaries] == ["sa-riyadh"]


def test_a_shipped_profile_skips_the_holiday_check_only_while_its_bytes_match_the_index(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each shipped profile has its own digest in the index: a matching file is loaded without asking the
    holidays package again; a file whose bytes differ (edited in place) is checked in full."""
    from planner_app import regions

    checked: list[bool] = []
    real = regions.load_region_file

    def spy(path: Path, *, check_holidays: bool = True) -> Region:
        checked.append(check_holidays)
        return real(path, check_holidays=check_holidays)

    monkeypatch.setattr(regions, "load_region_file", spy)
    path = DATA_DIR / "de-munich.toml"
    regions._load_one.cache_clear()
    try:
        regions._load_one(path)
        monkeypatch.setitem(regions._index_file_digests(), path.name, "0" * 64)  # as if the file had changed
        regions._load_one.cache_clear()
        regions._load_one(path)
    finally:
        regions._load_one.cache_clear()
    assert checked == [False, True]
