"""Pew's views of the US, as FiveThirtyEight compiled them: the real file, broken files, the sample, the fetch."""

from __future__ import annotations

import csv
from pathlib import Path

import httpx
import pandas as pd
import pytest

from sources._common.errors import FetchError, SourceError
from sources._common.http import HttpClient
from sources._common.snapshot import find_snapshot_files
from sources.pew_us_favorability import SOURCE, read_vintage, settings
from sources.pew_us_favorability.names import load_name_map
from sources.pew_us_favorability.parse import KEY, parse_us_favorability

FILE = "pew_us_favorability/TRUMPWORLD-us.csv"
LATIN_AMERICA = {"ARG", "BRA", "CHL", "COL", "MEX", "PER", "VEN"}


@pytest.fixture(scope="module")
def file_rows(shared_data: Path) -> list[dict[str, str]]:
    """The compilation read straight with the csv module, one dict per survey year."""
    with (shared_data / FILE).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def favourability(shared_data: Path) -> pd.DataFrame:
    return parse_us_favorability(shared_data / FILE)


# --- the real file ------------------------------------------------------------------------------


def test_every_country_of_the_compilation_is_mapped_and_avg_is_not_a_country(file_rows) -> None:
    countries = [name for name in file_rows[0] if name not in ("year", "avg")]
    name_map = load_name_map()
    assert len(countries) == 37
    assert set(countries) == set(name_map.iso3) and not name_map.no_iso3
    assert len(set(name_map.iso3.values())) == 37
    assert "avg" not in name_map


def test_one_row_per_surveyed_cell_and_none_for_empty_ones(favourability: pd.DataFrame, file_rows) -> None:
    filled = sum(1 for row in file_rows for name, value in row.items() if name not in ("year", "avg") and value)
    assert len(favourability) == filled == 325
    assert not favourability.duplicated(list(KEY)).any()
    assert not favourability.duplicated(["country_iso3", "survey_year"]).any()
    assert set(favourability["survey_year"]) == {2000, *range(2002, 2018)}
    assert favourability["pct_favourable"].between(0, 100).all()
    assert set(favourability["country_iso3"]) >= LATIN_AMERICA
    assert "avg" not in set(favourability["country_name"])


def test_mexico_and_venezuela_equal_the_files_cells(favourability: pd.DataFrame, file_rows) -> None:
    for country, iso3 in (("Mexico", "MEX"), ("Venezuela", "VEN"), ("UK", "GBR")):
        expected = {
            (int(row["year"]), line): float(row[country]) for line, row in enumerate(file_rows, start=2) if row[country]
        }
        rows = favourability[favourability["country_iso3"] == iso3]
        assert set(rows["country_name"]) == {country}
        parsed = {(int(r.survey_year), int(r.source_row)): r.pct_favourable for r in rows.itertuples()}
        assert parsed == expected


def test_the_files_avg_is_the_mean_of_each_years_cells_and_is_not_loaded(favourability: pd.DataFrame, file_rows):
    means = favourability.groupby("survey_year")["pct_favourable"].mean()
    for row in file_rows:
        assert means[int(row["year"])] == pytest.approx(float(row["avg"]), abs=1e-6)
    assert "avg" not in favourability.columns


def test_vintage_is_the_newest_survey_year_and_the_glob_finds_the_file(shared_data: Path) -> None:
    assert dict(find_snapshot_files(SOURCE, shared_data)) == {"us_favorability": shared_data / FILE}
    assert read_vintage(shared_data / FILE) == "surveys through 2017"


# --- broken files -------------------------------------------------------------------------------


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "TRUMPWORLD-us.csv"
    path.write_bytes(text.encode("utf-8"))
    return path


def _raises_naming(path: Path, *fragments: str, row: int | None = None) -> SourceError:
    with pytest.raises(SourceError) as caught:
        parse_us_favorability(path)
    message = str(caught.value)
    assert caught.value.source == "pew_us_favorability"
    assert path.name in message
    for fragment in fragments:
        assert fragment in message, message
    if row is not None:
        assert caught.value.row == row, message
    return caught.value


def test_unknown_country_fails_naming_the_file_row_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path, "year,avg,Mexico,Atlantis\r\n2017,40,30,50")
    _raises_naming(path, "'Atlantis' (column 4)", "country_names.yaml", row=1)


@pytest.mark.parametrize(
    ("text", "fragments", "row"),
    [
        # A cell lost or shifted in re-typing no longer averages to FiveThirtyEight's avg.
        ("year,avg,Mexico,Peru\r\n2017,40.5,30,50", ("avg 40.5 is not the mean", "40.00000000"), 2),
        ("year,avg,Mexico,Peru\r\n2017,40,30,50\r\n2017,40,30,50", ("year 2017 again (first at row 2)",), 3),
        ("year,avg,Mexico,Peru\r\n2017,40,30,fifty", ("Peru: 'fifty'",), 2),
        ("year,avg,Mexico,Peru\r\n2017,115,130,100", ("over 100",), 2),
        ("year,avg,Mexico,Peru\r\n2017,40,30", ("3 fields; the header has 4",), 2),
        ("year,average,Mexico\r\n2017,30,30", ("'average'",), 1),
        ("year,avg,Mexico,Mexico\r\n2017,30,30,30", ("named twice",), 1),
        ("year,avg,Mexico,Peru\r\n2017,,,", ("no country figure",), 2),
    ],
)
def test_broken_file_fails_naming_the_row(tmp_path: Path, text: str, fragments: tuple[str, ...], row: int) -> None:
    _raises_naming(_write(tmp_path, text), *fragments, row=row)


def test_empty_and_html_files_are_rejected(tmp_path: Path) -> None:
    _raises_naming(_write(tmp_path, ""), "empty")
    _raises_naming(_write(tmp_path, "<!DOCTYPE html><html><body>404</body></html>"), "HTML")


def test_lf_line_endings_and_a_final_newline_read_the_same(tmp_path: Path) -> None:
    crlf = parse_us_favorability(_write(tmp_path, "year,avg,Mexico,Peru\r\n2016,45,,45\r\n2017,40,30,50"))
    lf = parse_us_favorability(_write(tmp_path, "year,avg,Mexico,Peru\n2016,45,,45\n2017,40,30,50\n"))
    pd.testing.assert_frame_equal(crlf, lf)
    assert len(lf) == 3 and lf.loc[lf["country_iso3"] == "PER", "pct_favourable"].tolist() == [45.0, 50.0]


# --- the sample and the live download -----------------------------------------------------------


def test_sample_keeps_the_native_layout_and_parses(tmp_path: Path) -> None:
    (path,) = SOURCE.write_sample(tmp_path)
    raw = path.read_bytes()
    assert raw.startswith(b"year,avg,Canada,") and b"\r\n" in raw and not raw.endswith(b"\n")
    favourability = parse_us_favorability(path)
    assert set(favourability["country_iso3"]) >= LATIN_AMERICA
    assert set(favourability["survey_year"]) == {2000, *range(2002, 2018)}
    assert favourability.groupby("country_iso3")["survey_year"].count().min() < 17  # some years unsurveyed
    assert SOURCE.write_sample(tmp_path / "again")[0].read_bytes() == raw


def _client(handler) -> HttpClient:
    return HttpClient(
        "pew_us_favorability", transport=httpx.MockTransport(handler), backoff_initial_s=0, max_attempts=2
    )


def test_live_download_reads_fivethirtyeights_raw_file(tmp_path: Path) -> None:
    (sample,) = SOURCE.write_sample(tmp_path)
    requested = []

    def handler(request: httpx.Request) -> httpx.Response:
        requested.append(str(request.url))
        return httpx.Response(200, content=sample.read_bytes())

    with _client(handler) as client:
        (download,) = list(SOURCE.fetch_live(client))
    assert requested == [settings.DATA_URL]
    assert download.file_name == "TRUMPWORLD-us.csv" and download.content == sample.read_bytes()


def test_live_download_that_is_not_the_csv_fails_naming_the_url() -> None:
    with (
        _client(lambda request: httpx.Response(200, text="<html>moved</html>")) as client,
        pytest.raises(FetchError) as caught,
    ):
        list(SOURCE.fetch_live(client))
    assert settings.DATA_URL in str(caught.value)
