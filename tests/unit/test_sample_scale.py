"""A larger sample scale grows every source in its own format, stays sample-marked and deterministic."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from orchestration.catalog import SOURCES
from sources._common.land import land_source
from sources._common.landing import LandingZone
from sources._common.sample_countries import SAMPLE_ECONOMIES
from sources._common.sample_scale import SCALE_ENV, scale_from_env, world_bank_economies

SOURCE_NAMES = [spec.name for spec in SOURCES]
# One fixed file whatever the scale: FiveThirtyEight's compilation has no dimension to grow along
# (Pew surveyed the countries it lists in the years it lists).
FIXED_SIZE = {"pew_us_favorability"}


def _land_and_load(spec, home: Path, scale: int, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    monkeypatch.setenv(SCALE_ENV, str(scale))
    zone = LandingZone(home / "raw")
    landed = land_source(spec, "sample", zone, sample_dir=home / "sample")
    tables = spec.load(landed)
    for name, frame in tables.items():
        if "source_vintage" in frame and name != "wdi_indicator_registry":
            assert set(frame["source_vintage"].dropna()) == {"sample"}, f"{spec.name}.{name} is not marked sample"
    return {name: len(frame) for name, frame in tables.items()}


@pytest.mark.parametrize("name", SOURCE_NAMES)
def test_scale_two_has_more_rows_and_every_row_is_sample(name: str, tmp_path: Path, monkeypatch) -> None:
    spec = next(s for s in SOURCES if s.name == name)
    at_one = _land_and_load(spec, tmp_path / "one", 1, monkeypatch)
    at_two = _land_and_load(spec, tmp_path / "two", 2, monkeypatch)
    if name in FIXED_SIZE:
        assert at_two == at_one
    else:
        assert sum(at_two.values()) > sum(at_one.values()), (at_one, at_two)


@pytest.mark.parametrize("name", SOURCE_NAMES)
def test_same_scale_writes_the_same_bytes(name: str, tmp_path: Path) -> None:
    spec = next(s for s in SOURCES if s.name == name)

    def digests(folder: Path) -> dict[str, str]:
        written = spec.write_sample(folder, scale=2)
        return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in written}

    assert digests(tmp_path / "first") == digests(tmp_path / "second")


def test_a_smaller_sample_after_a_larger_one_lands_only_its_own_files(tmp_path: Path, monkeypatch) -> None:
    spec = next(s for s in SOURCES if s.name == "wits")
    monkeypatch.setenv(SCALE_ENV, "3")
    larger = land_source(spec, "sample", LandingZone(tmp_path / "raw"), sample_dir=tmp_path / "sample")
    monkeypatch.setenv(SCALE_ENV, "1")
    smaller = land_source(spec, "sample", LandingZone(tmp_path / "raw"), sample_dir=tmp_path / "sample")
    assert len(smaller) < len(larger)


def test_extra_economies_use_only_user_assigned_codes() -> None:
    extra = world_bank_economies(100)[len(SAMPLE_ECONOMIES) :]
    assert len(world_bank_economies(100)) == 217
    assert all(e.iso3[0] == "Q" and "M" <= e.iso3[1] <= "Z" for e in extra)
    assert len({e.iso3 for e in extra}) == len(extra)


@pytest.mark.parametrize("text", ["0", "-2", "two", "1.5"])
def test_a_bad_scale_is_refused(text: str, monkeypatch) -> None:
    monkeypatch.setenv(SCALE_ENV, text)
    with pytest.raises(ValueError, match=SCALE_ENV):
        scale_from_env()
