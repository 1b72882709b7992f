"""UNCTAD: the real FDI export with its unquoted and wholly-quoted lines, the name map, the sample."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sources._common.errors import SourceError
from sources._common.sample_countries import SAMPLE_ECONOMIES
from sources._common.snapshot import find_snapshot_files
from sources.unctad import SOURCE, map_names, read_vintage
from sources.unctad.parse import HEADER, parse_fdi_inflows
from sources.unctad.sample import write_sample

UNCTAD_FILE = "unctad/US.FdiFlowsStock_20251216_022212.csv"
FORMER_ECONOMIES = {
    "Czechoslovakia", "Ethiopia (...1991)", "Indonesia (...2002)", "Netherlands Antilles", "Serbia and Montenegro",
    "Sudan (...2011)", "Yugoslavia, Soc. Fed. Rep. of",
}  # fmt: skip


@pytest.fixture(scope="module")
def fdi(shared_data: Path) -> pd.DataFrame:
    return parse_fdi_inflows(shared_data / UNCTAD_FILE)


@pytest.fixture(scope="module")
def raw_lines(shared_data: Path) -> list[str]:
    return (shared_data / UNCTAD_FILE).read_text(encoding="utf-8").splitlines()


def _one(frame: pd.DataFrame, **match: object) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for column, value in match.items():
        mask &= frame[column] == value
    assert mask.sum() == 1, f"expected exactly one row with {match}, found {mask.sum()}"
    return frame[mask].iloc[0]


# --- the real export ----------------------------------------------------------------------------


def test_every_one_of_the_206_lines_parses(fdi: pd.DataFrame, raw_lines: list[str]) -> None:
    assert len(raw_lines) == 207
    assert len(fdi) == 206
    assert set(fdi["year"]) == {2024}
    assert fdi["economy_label"].is_unique
    assert fdi["source_row"].tolist() == list(range(2, 208))


def test_unquoted_comma_labels_are_read_from_the_right(fdi: pd.DataFrame, raw_lines: list[str]) -> None:
    line = raw_lines[_one(fdi, economy_label="China, Hong Kong SAR")["source_row"] - 1]
    assert line == "China, Hong Kong SAR,2024,126181,"
    hong_kong = _one(fdi, economy_label="China, Hong Kong SAR")
    assert hong_kong["value_usd_millions"] == 126181.0
    assert pd.isna(hong_kong["missing_flag"])
    assert hong_kong["economy_iso3"] == "HKG"
    assert _one(fdi, economy_label="China, Macao SAR")["economy_iso3"] == "MAC"
    assert _one(fdi, economy_label="China, Taiwan Province of")["economy_iso3"] == "TWN"


def test_wholly_quoted_lines_are_unwrapped_as_not_applicable(fdi: pd.DataFrame, raw_lines: list[str]) -> None:
    quoted = [line for line in raw_lines if line.startswith('"')]
    assert len(quoted) == 7
    assert '"Yugoslavia, Soc. Fed. Rep. of,2024,,""Not applicable"""' in quoted
    flagged = fdi[fdi["missing_flag"].notna()]
    assert set(flagged["economy_label"]) == FORMER_ECONOMIES
    assert set(flagged["missing_flag"]) == {"Not applicable"}
    assert flagged["value_usd_millions"].isna().all()
    assert flagged["economy_iso3"].isna().all()
    assert fdi.loc[fdi["missing_flag"].isna(), "value_usd_millions"].notna().all()


def test_values_equal_the_fields_of_their_line(fdi: pd.DataFrame, raw_lines: list[str]) -> None:
    by_label = {line.rsplit(",", 3)[0]: line.rsplit(",", 3)[2] for line in raw_lines[1:] if not line.startswith('"')}
    for label in ("United States", "Mexico", "Guatemala", "Honduras", "Brazil", "China", "Angola"):
        assert _one(fdi, economy_label=label)["value_usd_millions"] == float(by_label[label])
    assert _one(fdi, economy_label="United States")["value_usd_millions"] == 278848.0
    assert _one(fdi, economy_label="Angola")["value_usd_millions"] < 0  # net disinvestment is a value


def test_every_real_label_is_in_the_name_map(raw_lines: list[str]) -> None:
    labels = set()
    for line in raw_lines[1:]:
        text = line[1:-1].replace('""', '"') if line.startswith('"') else line
        labels.add(text.rsplit(",", 3)[0])
    assert len(labels) == 206
    codes = map_names(labels)
    assert {label for label, code in codes.items() if code is None} == FORMER_ECONOMIES
    mapped = [code for code in codes.values() if code is not None]
    assert len(mapped) == len(set(mapped)) == 199


def test_unmapped_labels_are_all_listed_in_one_error() -> None:
    with pytest.raises(SourceError) as caught:
        map_names(["Mexico", "Freedonia", "Sylvania"], file="US.FdiFlowsStock.csv")
    assert "Freedonia" in str(caught.value) and "Sylvania" in str(caught.value)
    assert "economy_names.yaml" in str(caught.value)


def test_vintage_is_the_export_date_in_the_file_name(shared_data: Path) -> None:
    assert read_vintage(shared_data / UNCTAD_FILE) == "2025-12-16"
    assert read_vintage(Path("fdi.csv")) is None
    assert [path.name for _, path in find_snapshot_files(SOURCE, shared_data)] == [Path(UNCTAD_FILE).name]


# --- broken files -------------------------------------------------------------------------------

GOOD_LINES = [",".join(HEADER), "Belize,2024,84,", "Costa Rica,2024,4500,", "China, Hong Kong SAR,2024,14400,"]


def _csv(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "US.FdiFlowsStock_20250101_000000.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


def _raises_naming(path: Path, *fragments: str, row: int | None = None) -> None:
    with pytest.raises(SourceError) as caught:
        parse_fdi_inflows(path)
    message = str(caught.value)
    assert caught.value.source == "unctad"
    assert path.name in message
    for fragment in fragments:
        assert fragment in message, message
    if row is not None:
        assert caught.value.row == row, message


def test_small_valid_export_parses_before_it_is_broken(tmp_path: Path) -> None:
    assert len(parse_fdi_inflows(_csv(tmp_path, GOOD_LINES))) == 3


def test_empty_file_and_html_page_are_rejected(tmp_path: Path) -> None:
    empty = tmp_path / "US.FdiFlowsStock_empty.csv"
    empty.write_bytes(b"\r\n")
    _raises_naming(empty, "empty")
    page = tmp_path / "US.FdiFlowsStock_page.csv"
    page.write_text("<!DOCTYPE html><html><body>Sign in</body></html>", encoding="utf-8")
    _raises_naming(page, "HTML")


def test_renamed_column_is_named(tmp_path: Path) -> None:
    lines = [GOOD_LINES[0].replace("Economy_Label", "Economy"), *GOOD_LINES[1:]]
    _raises_naming(_csv(tmp_path, lines), "Economy_Label", row=1)


def test_non_numeric_value_names_the_line(tmp_path: Path) -> None:
    _raises_naming(_csv(tmp_path, [*GOOD_LINES, "Panama,2024,1.2k,"]), "'1.2k'", row=5)


def test_line_with_too_few_fields_names_the_line(tmp_path: Path) -> None:
    _raises_naming(_csv(tmp_path, [*GOOD_LINES[:2], "Panama,2024", *GOOD_LINES[2:]]), "fields", row=3)


def test_empty_value_without_a_flag_is_rejected(tmp_path: Path) -> None:
    _raises_naming(_csv(tmp_path, [*GOOD_LINES, "Panama,2024,,"]), "missing-value flag", row=5)


def test_duplicate_economy_and_year_names_the_second_line(tmp_path: Path) -> None:
    _raises_naming(_csv(tmp_path, [*GOOD_LINES, GOOD_LINES[1]]), "duplicate", row=5)


def test_unknown_label_is_named(tmp_path: Path) -> None:
    _raises_naming(_csv(tmp_path, [*GOOD_LINES, "Costa Rica (old),2024,10,"]), "Costa Rica (old)")


# --- the sample and the declared source ---------------------------------------------------------


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("unctad_sample")
    write_sample(dest)
    return dest


def test_sample_has_the_export_quirks_and_parses(sample_dir: Path) -> None:
    path = next((sample_dir / "unctad").glob("US.FdiFlowsStock_*.csv"))
    content = path.read_bytes()
    assert content.startswith(b"Economy_Label,Year,") and b"\r\n" in content and not content.startswith(b"\xef")
    lines = content.decode("utf-8").splitlines()
    assert any(line.startswith("China, Hong Kong SAR,2024,") for line in lines)
    assert lines[-1] == '"Yugoslavia, Soc. Fed. Rep. of,2024,,""Not applicable"""'
    parsed = parse_fdi_inflows(path)
    assert set(parsed["economy_iso3"].dropna()) == {economy.iso3 for economy in SAMPLE_ECONOMIES} | {"HKG"}
    assert (parsed["value_usd_millions"] < 0).sum() == 2
    values = parsed.set_index("economy_iso3")["value_usd_millions"]
    assert values["USA"] > values["MEX"] > values["GTM"] > 0
