"""WTO regional trade agreements: the real AllRTAs export, broken copies, the name map and the sample."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import httpx
import openpyxl
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from sources._common.errors import FetchError, SourceError
from sources._common.http import HttpClient
from sources._common.landing import LandingZone
from sources._common.snapshot import find_snapshot_files
from sources.trade_agreements import SOURCE
from sources.trade_agreements.fetch import fetch_all_rtas
from sources.trade_agreements.member_names import (
    map_member_names,
    map_western_hemisphere_members,
    member_iso3_map,
    western_hemisphere_rta_ids,
)
from sources.trade_agreements.parse import RtaTables, parse_all_rtas, signatory_names
from sources.trade_agreements.sample import AGREEMENTS, HEADER, write_sample

REAL_FILE = "reference/wto_rta/AllRTAs.xlsx"
US = "United States of America"
# name pattern -> entry into force (goods), as the WTO records them
US_AGREEMENTS_IN_FORCE = {
    r"USMCA": dt.date(2020, 7, 1),
    r"\(CAFTA-DR\)": dt.date(2006, 3, 1),
    r"^United States - Chile$": dt.date(2004, 1, 1),
    r"^United States - Peru$": dt.date(2009, 2, 1),
    r"^United States - Colombia$": dt.date(2012, 5, 15),
    r"^United States - Panama$": dt.date(2012, 10, 31),
}
NAFTA = r"\(NAFTA\)"


def _one(rtas: pd.DataFrame, pattern: str) -> pd.Series:
    rows = rtas[rtas["rta_name"].str.contains(pattern, regex=True)]
    assert len(rows) == 1, (pattern, list(rows["rta_name"]))
    return rows.iloc[0]


def _members(tables: RtaTables, rta_id: int) -> pd.DataFrame:
    return tables.members[tables.members["rta_id"] == rta_id]


# --- the real file ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_path(shared_data: Path) -> Path:
    return shared_data / REAL_FILE


@pytest.fixture(scope="module")
def real(real_path: Path) -> RtaTables:
    return parse_all_rtas(real_path)


def test_real_file_lists_every_agreement_once(real_path: Path, real: RtaTables) -> None:
    cells = CalamineWorkbook.from_path(str(real_path)).get_sheet_by_name("AllRTAs").to_python()
    assert len(real.rtas) == len([row for row in cells[1:] if row[0] != ""])
    assert real.rtas["rta_id"].is_unique
    assert len(real.rtas) > 600
    assert {"In Force", "Inactive"} <= set(real.rtas["status"])


def test_spot_values_equal_the_cells(real_path: Path, real: RtaTables) -> None:
    cells = CalamineWorkbook.from_path(str(real_path)).get_sheet_by_name("AllRTAs").to_python()
    header = [str(cell) for cell in cells[0]]
    usmca = _one(real.rtas, "USMCA")
    row = cells[usmca["source_row"] - 1]
    assert usmca["rta_id"] == int(row[header.index("RTA ID")])
    assert usmca["rta_name"] == row[header.index("RTA Name")].strip()
    assert usmca["signature_date_goods"] == row[header.index("Date of Signature (G)")]
    assert usmca["entry_into_force_services"] == row[header.index("Date of Entry into Force (S)")]
    assert usmca["current_signatories"] == row[header.index("Current signatories")].strip()
    assert usmca["type"] == row[header.index("Type")]


@pytest.mark.parametrize(("pattern", "in_force"), list(US_AGREEMENTS_IN_FORCE.items()))
def test_us_agreements_are_in_force_from_their_dates(real: RtaTables, pattern: str, in_force: dt.date) -> None:
    agreement = _one(real.rtas, pattern)
    assert agreement["status"] == "In Force"
    assert agreement["entry_into_force_goods"] == in_force
    assert agreement["entry_into_force_services"] == in_force
    assert agreement["inactive_date"] is None
    members = _members(real, agreement["rta_id"])
    assert US in set(members.loc[members["is_current_signatory"], "member_name"])


def test_cafta_dr_has_the_us_and_its_six_partners(real: RtaTables) -> None:
    cafta_dr = _one(real.rtas, r"\(CAFTA-DR\)")
    names = set(_members(real, cafta_dr["rta_id"])["member_name"])
    expected = {"Costa Rica", "Dominican Republic", "El Salvador", "Guatemala", "Honduras", "Nicaragua", US}
    assert names == expected
    assert {member_iso3_map()[name] for name in names} == {"CRI", "DOM", "SLV", "GTM", "HND", "NIC", "USA"}


def test_nafta_is_inactive_with_original_signatories_only(real: RtaTables) -> None:
    nafta = _one(real.rtas, NAFTA)
    assert nafta["status"] == "Inactive"
    assert nafta["entry_into_force_goods"] == dt.date(1994, 1, 1)
    assert nafta["inactive_date"] == dt.date(2020, 7, 1)
    assert nafta["current_signatories"] is None
    members = _members(real, nafta["rta_id"])
    assert set(members["member_name"]) == {"Canada", "Mexico", US}
    assert not members["is_current_signatory"].any()
    assert members["is_original_signatory"].all()


def test_members_are_trimmed_and_match_the_signatory_strings(real: RtaTables) -> None:
    members = real.members
    assert (members["member_name"] == members["member_name"].str.strip()).all()
    assert not members.duplicated(["rta_id", "member_name"]).any()
    current = members[members["is_current_signatory"]].groupby("rta_id").size()
    for _, agreement in real.rtas.iterrows():
        expected = len(signatory_names(agreement["current_signatories"]))
        assert current.get(agreement["rta_id"], 0) == expected, agreement["rta_name"]
    assert "Eurasian Economic Union (EAEU)" in set(members["member_name"])  # written with spaces around


def test_text_is_trimmed_and_yes_no_columns_are_booleans(real: RtaTables) -> None:
    rtas = real.rtas
    assert "Early announcement-Signed" in set(rtas["status"])
    assert rtas["is_cross_regional"].dtype == "boolean"
    assert rtas["is_cross_regional"].notna().sum() == len(rtas) - 1
    assert not bool(_one(rtas, "USMCA")["is_cross_regional"])
    announced = rtas[rtas["status"] == "Early announcement-Under negotiation"]
    assert announced["entry_into_force_goods"].isna().all()
    goods_only = rtas[rtas["coverage"] == "Goods"]
    assert goods_only["entry_into_force_services"].isna().all()


def test_every_western_hemisphere_signatory_name_has_a_reviewed_iso3(real: RtaTables) -> None:
    in_scope = western_hemisphere_rta_ids(real.rtas, real.members)
    for pattern in (*US_AGREEMENTS_IN_FORCE, NAFTA, r"^Southern Common Market \(MERCOSUR\)$", r"^EU - Mexico$"):
        assert _one(real.rtas, pattern)["rta_id"] in in_scope, pattern
    assert _one(real.rtas, r"^ASEAN - China$")["rta_id"] not in in_scope
    mapped = map_western_hemisphere_members(real.rtas, real.members)
    assert mapped[US] == "USA"
    assert mapped["Mexico"] == "MEX"
    assert mapped["European Union"] is None
    assert mapped["Southern Common Market (MERCOSUR)"] is None


def test_the_name_map_covers_exactly_the_names_in_the_real_file(real: RtaTables) -> None:
    names = set(real.members["member_name"])
    assert set(map_member_names(names)) == names
    assert set(member_iso3_map()) == names
    known = member_iso3_map()
    assert known["Chinese Taipei"] == "TWN"
    assert known["Türkiye"] == "TUR"
    assert known["Netherlands, Kingdom of, with respect to Aruba"] == "ABW"
    codes = [code for code in known.values() if code is not None]
    assert len(codes) == len(set(codes)), "two WTO names map to the same ISO3"


def test_unmatched_member_names_are_all_listed() -> None:
    with pytest.raises(SourceError) as caught:
        map_member_names(["Canada", "Atlantis", "Freedonia"], file="AllRTAs.xlsx")
    message = str(caught.value)
    assert "'Atlantis'" in message and "'Freedonia'" in message and "2 signatory names" in message
    assert "Canada" not in message
    assert "AllRTAs.xlsx" in message


def test_snapshot_glob_finds_the_export_under_reference(shared_data: Path) -> None:
    assert find_snapshot_files(SOURCE, shared_data) == [("rta", shared_data / REAL_FILE)]


def test_load_on_the_real_file_returns_both_raw_tables(tmp_path: Path, real_path: Path) -> None:
    landed = LandingZone(tmp_path).land_file(
        real_path, source="trade_agreements", dataset="rta", origin="snapshot", vintage_of=SOURCE.read_vintage
    )
    tables = SOURCE.load([landed])
    for table in SOURCE.raw_tables:
        frame = tables[table.name]
        assert set(frame["raw_sha256"]) == {landed.sha256}
        assert frame["source_vintage"].str.startswith("retrieved ").all()
        assert not frame.duplicated(list(table.key)).any()


# --- broken files -------------------------------------------------------------------------------

Sheet = openpyxl.worksheet.worksheet.Worksheet
Edit = Callable[[Sheet], None]


@pytest.fixture
def sample_file(tmp_path: Path) -> Callable[[Edit], Path]:
    """The sample export, damaged by ``edit`` (on sheet AllRTAs) before it is saved."""
    original = write_sample(tmp_path / "sample")[0]

    def write(edit: Edit) -> Path:
        workbook = openpyxl.load_workbook(original)
        edit(workbook["AllRTAs"])
        path = tmp_path / "AllRTAs.xlsx"
        workbook.save(path)
        return path

    return write


def _raises_naming(path: Path, row: int | None = None) -> SourceError:
    with pytest.raises(SourceError) as caught:
        parse_all_rtas(path)
    assert caught.value.source == "trade_agreements"
    assert path.name in str(caught.value)
    if row is not None:
        assert caught.value.row == row
        assert f"row {row}" in str(caught.value)
    return caught.value


def _column(name: str) -> int:
    return HEADER.index(name) + 1


def test_empty_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "AllRTAs.xlsx"
    path.write_bytes(b"")
    _raises_naming(path)


def test_html_page_saved_as_xlsx_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "AllRTAs.xlsx"
    path.write_text("<!DOCTYPE html><html><body><form id='aspnetForm'></form></body></html>", encoding="utf-8")
    assert "HTML" in str(_raises_naming(path))


def test_renamed_sheet_is_rejected(sample_file: Callable[[Edit], Path]) -> None:
    def rename(sheet: Sheet) -> None:
        sheet.title = "RTAs"

    assert "'AllRTAs'" in str(_raises_naming(sample_file(rename)))


def test_missing_column_is_named(sample_file: Callable[[Edit], Path]) -> None:
    def rename(sheet: Sheet) -> None:
        sheet.cell(row=1, column=_column("Date of Entry into Force (G)"), value="Entry into force")

    assert "Date of Entry into Force (G)" in str(_raises_naming(sample_file(rename), row=1))


def test_text_in_a_date_column_names_the_row(sample_file: Callable[[Edit], Path]) -> None:
    def write_text_date(sheet: Sheet) -> None:
        sheet.cell(row=4, column=_column("Date of Signature (G)"), value="sometime in 2004")

    assert "Excel date" in str(_raises_naming(sample_file(write_text_date), row=4))


def test_duplicate_rta_id_names_the_second_row(sample_file: Callable[[Edit], Path]) -> None:
    def repeat_id(sheet: Sheet) -> None:
        sheet.cell(row=5, column=1, value=sheet.cell(row=2, column=1).value)

    error = _raises_naming(sample_file(repeat_id), row=5)
    assert "duplicate" in str(error) and "first at row 2" in str(error)


def test_non_integer_rta_id_is_rejected(sample_file: Callable[[Edit], Path]) -> None:
    def fractional_id(sheet: Sheet) -> None:
        sheet.cell(row=3, column=1, value=12.5)

    _raises_naming(sample_file(fractional_id), row=3)


def test_unknown_yes_no_value_is_rejected(sample_file: Callable[[Edit], Path]) -> None:
    def maybe(sheet: Sheet) -> None:
        sheet.cell(row=6, column=_column("Accession?"), value="Maybe")

    _raises_naming(sample_file(maybe), row=6)


def test_load_lists_unreviewed_names_in_western_hemisphere_agreements(
    tmp_path: Path, sample_file: Callable[[Edit], Path]
) -> None:
    def rename_chile(sheet: Sheet) -> None:
        for column in (_column("Current signatories"), _column("Original signatories")):
            cell = sheet.cell(row=5, column=column)
            cell.value = cell.value.replace("Chile", "Republic of Chile")

    path = sample_file(rename_chile)
    landed = LandingZone(tmp_path / "raw").land_file(path, source="trade_agreements", dataset="rta", origin="snapshot")
    with pytest.raises(SourceError, match="'Republic of Chile'") as caught:
        SOURCE.load([landed])
    assert path.name in str(caught.value)


# --- the sample ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_sample(tmp_path_factory.mktemp("rta_sample"))[0]


@pytest.fixture(scope="module")
def sample(sample_path: Path) -> RtaTables:
    return parse_all_rtas(sample_path)


def test_sample_is_written_where_the_snapshot_glob_finds_it(tmp_path: Path, sample_path: Path) -> None:
    written = write_sample(tmp_path)
    assert [path.relative_to(tmp_path).as_posix() for path in written] == ["reference/wto_rta/AllRTAs.xlsx"]
    assert find_snapshot_files(SOURCE, tmp_path) == [("rta", written[0])]
    assert written[0].read_bytes() == sample_path.read_bytes()


def test_sample_has_the_real_layout(sample_path: Path) -> None:
    workbook = openpyxl.load_workbook(sample_path, read_only=True)
    assert workbook.sheetnames == ["AllRTAs", "RTA Changes"]
    assert next(workbook["AllRTAs"].iter_rows(max_row=1, values_only=True)) == HEADER
    workbook.close()


@pytest.mark.parametrize(("pattern", "in_force"), list(US_AGREEMENTS_IN_FORCE.items()))
def test_sample_has_the_us_agreements_with_their_dates(sample: RtaTables, pattern: str, in_force: dt.date) -> None:
    agreement = _one(sample.rtas, pattern)
    assert agreement["entry_into_force_goods"] == in_force
    assert agreement["status"] == "In Force"


def test_sample_nafta_is_inactive_and_names_all_map(sample: RtaTables) -> None:
    nafta = _one(sample.rtas, NAFTA)
    assert nafta["inactive_date"] == dt.date(2020, 7, 1)
    assert not _members(sample, nafta["rta_id"])["is_current_signatory"].any()
    assert set(map_member_names(sample.members["member_name"])) == set(sample.members["member_name"])
    assert len(sample.rtas) == len(AGREEMENTS)
    assert _one(sample.rtas, r"^Canada - MERCOSUR$")["signature_date_goods"] is None


# --- live download ------------------------------------------------------------------------------


def _client(body: bytes) -> HttpClient:
    return HttpClient("trade_agreements", transport=httpx.MockTransport(lambda _: httpx.Response(200, content=body)))


def test_fetch_yields_the_export(sample_path: Path) -> None:
    with _client(sample_path.read_bytes()) as client:
        downloads = list(fetch_all_rtas(client))
    assert [(d.dataset, d.file_name) for d in downloads] == [("rta", "AllRTAs.xlsx")]
    assert downloads[0].url == "https://rtais.wto.org/UI/ExportAllRTAList.aspx"


def test_fetch_rejects_an_html_answer() -> None:
    with _client(b"<!DOCTYPE html><html><body>Error</body></html>") as client, pytest.raises(FetchError):
        list(fetch_all_rtas(client))
