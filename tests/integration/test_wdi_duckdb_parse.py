"""The DuckDB road for WDI data CSVs gives the Python parser's rows exactly, and fails as it fails.

Compared on the real snapshot's WDI files (CRLF files with a Metadata_Country file, the homicide file
with LF endings and none), on the generated sample, and on damaged files written at test time.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sources._common.errors import SourceError
from sources.worldbank import parse_duckdb
from sources.worldbank.parse import iter_wdi_tables
from sources.worldbank.parse_duckdb import DuckDbCsvReader, plan_csv
from sources.worldbank.sample import write_sample

HOMICIDES = "VC.IHR.PSRC.P5"


@pytest.fixture(autouse=True)
def duckdb_for_every_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small groups of files normally stay in Python (faster there); here DuckDB reads them all."""
    monkeypatch.setattr(parse_duckdb, "MIN_GROUP_BYTES", 0)


def _tables(paths: list[Path], engine: str, rows_per_chunk: int = 20_000) -> dict[str, pd.DataFrame]:
    chunks: dict[str, list[pd.DataFrame]] = {}
    for name, frame in iter_wdi_tables(paths, rows_per_chunk, engine=engine):
        chunks.setdefault(name, []).append(frame)
    # Categories differ by chunk; what reaches the raw table is the text, so compare the text.
    return {
        name: pd.concat(
            [f.astype({c: object for c in f.columns if isinstance(f[c].dtype, pd.CategoricalDtype)}) for f in frames],
            ignore_index=True,
        )
        for name, frames in chunks.items()
    }


def _assert_same(paths: list[Path]) -> dict[str, pd.DataFrame]:
    fast, slow = _tables(paths, "duckdb"), _tables(paths, "python")
    assert fast.keys() == slow.keys()
    for name in slow:
        pd.testing.assert_frame_equal(fast[name], slow[name], check_exact=True, obj=name)
    return fast


def _sent_back(paths: list[Path]) -> list[str]:
    """The planned files DuckDB returned to the Python parser (none, for a well-formed release)."""
    plans = [plan for plan in (plan_csv(path) for path in paths) if plan is not None]
    reader = DuckDbCsvReader(1_000_000)
    try:
        return [item.path.name for kind, item in reader.read(plans) if kind == "python"]
    finally:
        reader.close()


def _wdi_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def test_real_snapshot_rows_are_identical(shared_data: Path) -> None:
    paths = _wdi_files(shared_data / "wdi")
    values = _assert_same(paths)["values"]
    assert len(values) > 100_000
    data_csvs = [path for path in paths if path.name.startswith("API_") and path.suffix == ".csv"]
    assert data_csvs and all(plan_csv(path) is not None for path in data_csvs)
    assert _sent_back(data_csvs) == []  # so the comparison above compared the DuckDB road


def test_homicide_file_lf_endings_without_country_metadata(shared_data: Path) -> None:
    folder = shared_data / "wdi" / HOMICIDES
    paths = _wdi_files(folder)
    assert not any(path.name.startswith("Metadata_Country") for path in paths)
    (data,) = [path for path in paths if path.name.startswith("API_")]
    raw = data.read_bytes()
    assert b"\r\n" not in raw and raw.startswith(b"\xef\xbb\xbf")
    values = _assert_same(paths)["values"]
    assert _sent_back([data]) == []
    assert values["source_row"].min() > 5 and set(values["indicator_code"]) == {HOMICIDES}


@pytest.mark.parametrize("scale", [1, 3])
def test_sample_rows_are_identical(tmp_path: Path, scale: int) -> None:
    paths = write_sample(tmp_path, scale=scale)
    _assert_same(paths)
    data_csvs = [path for path in paths if path.name.startswith("API_") and path.suffix == ".csv"]
    assert data_csvs and _sent_back(data_csvs) == []


# Damaged files: synthetic rows written at test time.

YEARS = ("2019", "2020", "2021")


def _write(folder: Path, code: str, body: list[str], newline: str = "\r\n", header: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"API_{code}_DS2_en_csv_v2_1.csv"
    names = ("Country Name", "Country Code", "Indicator Name", "Indicator Code", *YEARS)
    header = header or ",".join(f'"{name}"' for name in names) + ","
    lines = [
        '"Data Source","World Development Indicators",',
        "",
        '"Last Updated Date","2025-01-28",',
        "",
        header,
        *body,
    ]
    path.write_bytes(("\ufeff" + newline.join(lines) + newline).encode())
    return path


def _row(code: str, country: str, *cells: str) -> str:
    return ",".join(f'"{c}"' for c in (f"Land {country}", country, "Test indicator", code, *cells)) + ","


def test_line_endings_and_blank_lines_agree(tmp_path: Path) -> None:
    body = [_row("T.A", "AAA", "1.5", "", "2"), _row("T.A", "BBB", "", "", "")]
    crlf = _write(tmp_path / "crlf", "T.A", body)
    lf = _write(tmp_path / "lf", "T.B", [row.replace("T.A", "T.B") for row in body], newline="\n")
    blank = _write(tmp_path / "blank", "T.C", [body[0].replace("T.A", "T.C"), "", body[1].replace("T.A", "T.C")])
    tables = _assert_same([crlf, lf, blank])
    values = tables["values"]
    assert values.loc[values["indicator_code"] == "T.C", "source_row"].tolist() == [6, 6]
    assert _sent_back([crlf, lf]) == []
    assert _sent_back([blank]) == [blank.name]  # a blank body line moves the lines: Python reads it


@pytest.mark.parametrize(
    ("body", "message", "row"),
    [
        ([_row("T.X", "AAA", "1", "2", "3"), '"Land BBB","BBB","Test indicator","T.X","1",'], "fields", 7),
        ([_row("T.X", "AAA", "1", "x", "3")], "is not a number", 6),
        ([_row("T.X", "AAA", "1", "nan", "3")], "is not a number", 6),
        ([_row("T.X", "AAA", "1", "", ""), _row("T.X", "AAA", "", "2", "")], "repeats Country Code", 7),
        ([_row("T.X", "AAA", "1", "", ""), _row("T.Y", "BBB", "", "2", "")], "Indicator Code", 7),
        ([_row("T.X", "AAA", "1", "", "") + '"9"'], "unnamed header column", 6),
        ([_row("T.X", "", "1", "", "")], "empty Country Code", 6),
    ],
)
def test_malformed_file_fails_naming_file_and_row(tmp_path: Path, body: list[str], message: str, row: int) -> None:
    good = _write(tmp_path / "good", "T.A", [_row("T.A", "AAA", "1", "2", "3")])
    bad = _write(tmp_path / "bad", "T.X", body)
    assert plan_csv(bad) is not None  # the damage is in the body: DuckDB meets it, then hands the file back
    with pytest.raises(SourceError, match=message) as raised:
        _tables([good, bad], "duckdb")
    assert bad.name in str(raised.value) and f"row {row}" in str(raised.value)
    with pytest.raises(SourceError) as python_raised:
        _tables([good, bad], "python")
    assert str(raised.value) == str(python_raised.value)
