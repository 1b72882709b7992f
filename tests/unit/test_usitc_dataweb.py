"""USITC DataWeb: the real CSV exports, broken copies, the partner name map, the sample and the live API."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pandas as pd
import pytest

from sources._common.errors import FetchError, SourceError
from sources._common.http import HttpClient
from sources._common.land import land_source
from sources._common.landing import LandingZone
from sources.usitc_dataweb import SOURCE
from sources.usitc_dataweb.fetch import fetch_reports
from sources.usitc_dataweb.parse import COLUMNS, parse_export_csv, parse_report_json, read_download_date
from sources.usitc_dataweb.partner_names import partner_iso3_map
from sources.usitc_dataweb.sample import write_sample

FOLDER = "usitc_dataweb"
EXPORTS = "DataWeb-Query-Export__FAS_Value.csv"
CHARGES = "DataWeb-Query-Import__General_Import_Charges.csv"
REPORTS = {EXPORTS: "FAS Value", CHARGES: "General Import Charges"}


def _lines(path: Path) -> list[list[str]]:
    """The file as the csv module reads it, independently of the parser."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


# --- the real files -----------------------------------------------------------------------------


@pytest.fixture(scope="module", params=sorted(REPORTS))
def real(request, shared_data: Path) -> tuple[Path, pd.DataFrame, tuple[int, ...]]:
    path = shared_data / FOLDER / request.param
    report = parse_export_csv(path, REPORTS[request.param])
    return path, report.rows, report.unpublished_years


def test_partner_lines_sum_to_the_total_line_in_every_published_year(real) -> None:
    path, rows, _ = real
    lines = _lines(path)
    total = lines[-1]
    assert total[0].strip() == "Total:"
    header = lines[2]
    sums = rows.groupby("year")["value_usd"].sum()
    for year in range(2020, 2025):
        stated = float(total[header.index(str(year))].replace(",", ""))
        assert sums[year] == pytest.approx(stated, abs=1.0)
    # The Total line is a check, never a partner.
    assert not rows["partner_name"].str.startswith("Total").any()


def test_the_unpublished_2025_column_is_not_loaded(real) -> None:
    path, rows, unpublished = real
    header = _lines(path)[2]
    assert "2025" in header
    assert unpublished == (2025,)
    assert sorted(rows["year"].unique()) == [2020, 2021, 2022, 2023, 2024]


def test_a_zero_in_a_published_year_stays(real) -> None:
    path, rows, _ = real
    lines = _lines(path)
    header = lines[2]
    at_2021 = header.index("2021")
    number, line = next((n, cells) for n, cells in enumerate(lines[3:-1], start=4) if cells[at_2021] == "0.00")
    kept = rows[(rows["source_row"] == number) & (rows["year"] == 2021)]
    assert len(kept) == 1 and kept["value_usd"].iat[0] == 0.0
    assert kept["partner_name"].iat[0] == line[3].strip()


def test_every_line_becomes_one_row_per_published_year_with_the_cells_values(real) -> None:
    path, rows, _ = real
    lines = _lines(path)
    data = lines[3:-1]
    assert int(lines[1][1]) == len(data)
    assert len(rows) == 5 * len(data)
    assert list(rows.columns) == list(COLUMNS)
    header = lines[2]
    for number in (4, len(data) // 2, len(data) + 3):
        cells = lines[number - 1]
        row = rows[(rows["source_row"] == number) & (rows["year"] == 2023)].iloc[0]
        assert (row["hs_chapter"], row["hs_chapter_name"], row["partner_name"]) == (
            cells[1],
            cells[2],
            cells[3].strip(),
        )
        assert row["value_usd"] == float(cells[header.index("2023")])
    assert rows["hs_chapter"].str.fullmatch(r"\d{2}").all()


def test_every_partner_name_in_the_real_files_is_mapped_or_listed(real) -> None:
    _, rows, _ = real
    names = partner_iso3_map()
    assert set(rows["partner_name"]) <= set(names)
    unmapped = {name for name in rows["partner_name"].unique() if names[name] is None}
    assert unmapped == {"Gaza Strip", "West Bank"}
    # One name per economy: no ISO3 code is reached from two names.
    codes = [code for code in names.values() if code]
    assert len(codes) == len(set(codes))


def test_the_vintage_is_the_download_date_the_query_parameters_state(shared_data: Path) -> None:
    for name in ("DataWeb-Query-Export__Query_Parameters.csv", "DataWeb-Query-Import__Query_Parameters.csv"):
        assert read_download_date(shared_data / FOLDER / name) == "2025-08-07"
    assert read_download_date(shared_data / FOLDER / EXPORTS) is None


def test_the_real_snapshot_loads_as_derived_with_its_vintage(shared_data: Path, tmp_path: Path) -> None:
    zone = LandingZone(tmp_path / "raw")
    landed = land_source(SOURCE, "snapshot", zone, snapshot_dir=shared_data)
    tables = SOURCE.load(landed)
    exports, charges = tables["usitc_exports_by_hs2"], tables["usitc_import_charges_by_hs2"]
    for table in (exports, charges):
        assert set(table["source_vintage"]) == {"2025-08-07"}
        assert table["is_derived_file"].all()
        assert table["provenance"].str.startswith("DERIVED").all()
        assert set(table["unpublished_years_dropped"]) == {"2025"}
    mexico_cars = exports[(exports["partner_iso3"] == "MEX") & (exports["hs_chapter"] == "87")]
    assert len(mexico_cars) == 5 and (mexico_cars["fas_value_usd"] > 1e9).all()


# --- broken copies ------------------------------------------------------------------------------


def _broken_copy(
    shared_data: Path, tmp_path: Path, edit: Callable[[list[list[str]]], list[list[str]]], name: str = EXPORTS
) -> Path:
    lines = edit(_lines(shared_data / FOLDER / name))
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(lines)
    return path


def test_an_unknown_partner_name_fails_naming_the_file_and_line(shared_data: Path, tmp_path: Path) -> None:
    def rename(lines: list[list[str]]) -> list[list[str]]:
        lines[9][3] = "Freedonia"
        return lines

    path = _broken_copy(shared_data, tmp_path, rename)
    rows = parse_export_csv(path, "FAS Value").rows
    from sources.usitc_dataweb.partner_names import map_partner_names

    with pytest.raises(SourceError) as error:
        map_partner_names(rows, file=path)
    assert error.value.source == "usitc_dataweb"
    assert error.value.row == 10
    assert EXPORTS in str(error.value) and "Freedonia" in str(error.value)


def test_partner_lines_that_do_not_sum_to_the_total_fail(shared_data: Path, tmp_path: Path) -> None:
    def inflate(lines: list[list[str]]) -> list[list[str]]:
        lines[20][6] = f"{float(lines[20][6]) + 1000:.2f}"
        return lines

    with pytest.raises(SourceError, match=r"sum to .* but the Total line says") as error:
        parse_export_csv(_broken_copy(shared_data, tmp_path, inflate), "FAS Value")
    assert error.value.row == len(_lines(shared_data / FOLDER / EXPORTS))


@pytest.mark.parametrize(
    ("edit", "message", "row"),
    [
        (lambda lines: lines[:-1], "no closing 'Total:' line", None),
        (lambda lines: [*lines[:30], lines[-1]], "Data Row Count says", 2),
        (lambda lines: [*lines[:12], [*lines[12][:5], "n/a", *lines[12][6:]], *lines[13:]], "expected a number", 13),
        (lambda lines: [*lines[:12], [*lines[12][:5], "-5.00", *lines[12][6:]], *lines[13:]], "never negative", 13),
        (lambda lines: [*lines[:12], ["Customs Value", *lines[12][1:]], *lines[13:]], "Data Type is", 13),
        (lambda lines: [*lines[:12], [lines[12][0], "1", *lines[12][2:]], *lines[13:]], "two-digit chapter", 13),
        (lambda lines: [*lines[:2], ["Data Type", "HTS Number", "Country", *lines[2][3:]], *lines[3:]], "header", 3),
        (lambda lines: [*lines[:13], lines[12], *lines[13:]], "appear twice", None),
    ],
    ids=["truncated", "row-count", "text-value", "negative", "data-type", "chapter", "header", "duplicate"],
)
def test_bad_input_fails_naming_the_file_and_line(shared_data: Path, tmp_path: Path, edit, message, row) -> None:
    with pytest.raises(SourceError, match=message) as error:
        parse_export_csv(_broken_copy(shared_data, tmp_path, edit), "FAS Value")
    assert error.value.file and Path(error.value.file).name == EXPORTS
    if row is not None:
        assert error.value.row == row


def test_an_html_page_or_an_empty_file_fails(tmp_path: Path) -> None:
    html, empty = tmp_path / EXPORTS, tmp_path / CHARGES
    html.write_text("<!DOCTYPE html><html><body>Service unavailable</body></html>")
    empty.write_text("")
    with pytest.raises(SourceError, match="HTML"):
        parse_export_csv(html, "FAS Value")
    with pytest.raises(SourceError, match="empty"):
        parse_export_csv(empty, "General Import Charges")


# --- the sample ---------------------------------------------------------------------------------


def test_the_sample_is_the_native_layout_and_parses(tmp_path: Path) -> None:
    paths = write_sample(tmp_path)
    assert [p.name for p in paths] == [
        EXPORTS,
        "DataWeb-Query-Export__Query_Parameters.csv",
        CHARGES,
        "DataWeb-Query-Import__Query_Parameters.csv",
    ]
    for path in (paths[0], paths[2]):
        text = path.read_text(encoding="utf-8")
        assert "\r" not in text
        lines = _lines(path)
        assert lines[2][:4] == ["Data Type", "HTS Number", "Description", "Country"]
        assert lines[-1][0] == "Total: " and lines[-1][-1] == "0"
        assert {line[-1] for line in lines[3:-1]} == {"0.00"}
        report = parse_export_csv(path, REPORTS[path.name])
        assert report.unpublished_years == (2025,)
        assert (report.rows["value_usd"] == 0).any()  # the published zero stays
    assert write_sample(tmp_path / "again")[0].read_bytes() == paths[0].read_bytes()


def test_the_sample_lands_and_loads_marked_sample(tmp_path: Path) -> None:
    zone = LandingZone(tmp_path / "raw")
    landed = land_source(SOURCE, "sample", zone, sample_dir=tmp_path / "sample")
    tables = SOURCE.load(landed)
    for table in tables.values():
        assert set(table["source_vintage"]) == {"sample"}
        assert not table["is_derived_file"].any()
        assert table["provenance"].str.startswith("SAMPLE").all()
    exports = tables["usitc_exports_by_hs2"]
    assert set(exports.loc[exports["partner_iso3"].isna(), "partner_name"]) == {"West Bank"}


# --- the live API, through a stand-in ------------------------------------------------------------


def _report_json(rows: pd.DataFrame, years: list[int]) -> bytes:
    """A runReport answer shaped as DataWeb's API documentation shows it, built from parsed rows."""
    wide = rows.pivot_table(
        index=["hs_chapter", "hs_chapter_name", "partner_name"], columns="year", values="value_usd", fill_value=0.0
    ).reset_index()
    labels = ["HTS Number", "Description", "Country", *map(str, years)]
    table_rows = [
        {
            "rowEntries": [
                {"value": line["hs_chapter"]},
                {"value": line["hs_chapter_name"]},
                {"value": line["partner_name"]},
                *({"value": f"{line.get(year, 0.0):,.0f}"} for year in years),
            ]
        }
        for _, line in wide.iterrows()
    ]
    dto = {"tables": [{"column_groups": [{"columns": [{"label": label} for label in labels]}],
                       "row_groups": [{"rowsNew": table_rows}]}], "errors": []}  # fmt: skip
    return json.dumps({"dto": dto}).encode()


def test_live_refresh_posts_both_queries_with_the_token_and_parses_the_answers(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("HEMI_USITC_DATAWEB_API_KEY", "s3cret-token")
    sample = write_sample(tmp_path / "sample")
    answers = {
        "FAS_VALUE": _report_json(parse_export_csv(sample[0], "FAS Value").rows, [2020, 2021, 2022, 2023, 2024, 2025]),
        "GEN_CHARGES_INS_FREIGHT": _report_json(
            parse_export_csv(sample[2], "General Import Charges").rows, [2020, 2021, 2022, 2023, 2024, 2025]
        ),
    }
    seen: list[dict] = []

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.method == "POST" and request.url.path == "/dataweb/api/v2/report2/runReport"
        assert request.headers["Authorization"] == "Bearer s3cret-token"
        assert "s3cret" not in str(request.url)
        query = json.loads(request.content)
        seen.append(query)
        measure = query["searchOptions"]["componentSettings"]["dataToReport"][0]
        return httpx.Response(200, json=json.loads(answers[measure]))

    zone = LandingZone(tmp_path / "raw")
    client = HttpClient("usitc_dataweb", transport=httpx.MockTransport(handler), backoff_initial_s=0.01)
    with client:
        downloads = list(fetch_reports(client, today=datetime(2026, 3, 1, tzinfo=UTC)))
    landed = [
        zone.land_bytes(d.content, source=SOURCE.name, dataset=d.dataset, original_name=d.file_name, url=d.url,
                        origin="live", vintage_of=SOURCE.read_vintage)
        for d in downloads
    ]  # fmt: skip
    assert [q["reportOptions"]["tradeType"] for q in seen] == ["TotExp", "GenImp"]
    assert seen[0]["searchOptions"]["componentSettings"]["years"] == ["2020", "2021", "2022", "2023", "2024", "2025"]
    assert seen[0]["searchOptions"]["commodities"]["granularity"] == "2"
    assert all("s3cret" not in d.content.decode() for d in downloads)
    assert all("s3cret" not in line for line in zone.manifest_path.read_text().splitlines())
    tables = SOURCE.load(landed)
    exports = tables["usitc_exports_by_hs2"]
    assert sorted(exports["year"].unique()) == [2020, 2021, 2022, 2023, 2024]  # 2025 all zero: dropped
    assert exports["source_vintage"].str.startswith("retrieved ").all()
    assert exports["provenance"].str.startswith("DataWeb query API").all() and not exports["is_derived_file"].any()
    expected = parse_export_csv(sample[0], "FAS Value").rows
    assert exports["fas_value_usd"].sum() == pytest.approx(expected["value_usd"].sum(), abs=len(expected))


def test_a_report_without_a_table_fails_naming_the_dataset(tmp_path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"dto": {"tables": [], "errors": ["Dataweb is in data load mode"]}})

    client = HttpClient("usitc_dataweb", transport=httpx.MockTransport(handler))
    with client, pytest.raises(FetchError, match=r"'exports'.*data load mode"):
        list(fetch_reports(client))


def test_a_busy_api_is_retried_then_fails_naming_the_url(tmp_path) -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(503)

    client = HttpClient("usitc_dataweb", transport=httpx.MockTransport(handler), max_attempts=3, backoff_initial_s=0.01)
    with client, pytest.raises(FetchError, match=r"gave up after 3 attempts at https://datawebws\.usitc\.gov"):
        list(fetch_reports(client))
    assert len(calls) == 3


def test_a_json_answer_with_unknown_columns_fails(tmp_path: Path) -> None:
    path = tmp_path / "DataWeb-Query-Export__FAS_Value.json"
    path.write_text(json.dumps({"dto": {"tables": [{"column_groups": [{"label": "Country"}], "row_groups": []}]}}))
    with pytest.raises(SourceError, match="lack"):
        parse_report_json(path, "FAS Value")
