"""USITC DataWeb: US exports (FAS value) and general import charges by HTS chapter and partner, annual."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from sources._common.errors import SourceError
from sources._common.landing import LandedFile
from sources._common.lineage import tag_rows, vintage_label
from sources._common.spec import DatasetSpec, RawTable, SourceSpec
from sources.usitc_dataweb import settings
from sources.usitc_dataweb.fetch import fetch_reports
from sources.usitc_dataweb.parse import (
    DataWebReport,
    parse_export_csv,
    parse_report_json,
    read_download_date,
    read_query_parameters,
)
from sources.usitc_dataweb.partner_names import map_partner_names, partner_iso3_map
from sources.usitc_dataweb.sample import write_sample

__all__ = ["SOURCE", "load", "map_partner_names", "parse_export_csv", "partner_iso3_map", "read_vintage"]

SOURCE_NAME = "usitc_dataweb"
# dataset -> (its Query_Parameters dataset, DataWeb's Data Type, raw table, value column)
REPORTS = {
    "exports": ("exports_query_parameters", "FAS Value", "usitc_exports_by_hs2", "fas_value_usd"),
    "import_charges": (
        "import_charges_query_parameters",
        "General Import Charges",
        "usitc_import_charges_by_hs2",
        "import_charges_usd",
    ),
}
PROVENANCE = {
    "csv": "DERIVED: the DataWeb .xlsx export saved as CSV (one file per sheet), values unchanged",
    "json": "DataWeb query API (runReport) answer, as returned",
    "sample": "SAMPLE: synthetic, written by sources/usitc_dataweb/sample.py in the CSV export's layout",
}
UNPUBLISHED_NOTE = (
    "A year whose every value is zero (the 2025 column of a query run in August 2025: not yet published) "
    "is dropped, never loaded as zero trade; a zero inside a published year is kept."
)


def read_vintage(path: Path) -> str | None:
    """The download date a Query_Parameters file states; None for the data files (``load`` pairs them)."""
    return read_download_date(path)


def load(landed: list[LandedFile]) -> Mapping[str, pd.DataFrame]:
    """Both raw tables; each data file takes its vintage from its Query_Parameters companion."""
    by_dataset: dict[str, list[LandedFile]] = {}
    for record in landed:
        by_dataset.setdefault(record.dataset, []).append(record)
    known = set(REPORTS) | {parameters for parameters, *_ in REPORTS.values()}
    unknown = sorted(set(by_dataset) - known)
    if unknown:
        raise SourceError(SOURCE_NAME, f"unknown datasets {unknown}; expected {sorted(known)}")
    tables = {}
    for dataset, (parameters_dataset, data_type, table, value_column) in REPORTS.items():
        files = by_dataset.get(dataset, [])
        if len(files) != 1:
            names = [record.original_name for record in files]
            raise SourceError(SOURCE_NAME, f"expected exactly one {dataset!r} report, got {len(files)}: {names}")
        record = files[0]
        parameters = by_dataset.get(parameters_dataset, [])
        report = _parse(record, data_type, parameters)
        rows = report.rows.rename(columns={"value_usd": value_column})
        iso3_by_name = map_partner_names(rows, file=record.file)
        # Null for Gaza Strip and West Bank: the name map says why.
        rows.insert(rows.columns.get_loc("partner_name") + 1, "partner_iso3", rows["partner_name"].map(iso3_by_name))
        rows["provenance"] = _provenance(record)
        rows["is_derived_file"] = record.origin != "sample" and record.original_name.lower().endswith(".csv")
        rows["unpublished_years_dropped"] = ", ".join(map(str, report.unpublished_years))
        tagged = tag_rows(rows, record)
        tagged["source_vintage"] = _vintage(record, parameters)
        tables[table] = tagged
    return tables


def _parse(record: LandedFile, data_type: str, parameters: list[LandedFile]) -> DataWebReport:
    stated = read_query_parameters(parameters[0].file) if parameters and parameters[0].file.suffix == ".csv" else {}
    if stated and stated.get("Data To Report") != data_type:
        raise SourceError(
            SOURCE_NAME,
            f"the query parameters report {stated.get('Data To Report')!r}, not {data_type!r}",
            file=parameters[0].file,
        )
    if record.original_name.lower().endswith(".json"):
        return parse_report_json(record.file, data_type)
    return parse_export_csv(record.file, data_type)


def _provenance(record: LandedFile) -> str:
    if record.origin == "sample":
        return PROVENANCE["sample"]
    return PROVENANCE["json" if record.original_name.lower().endswith(".json") else "csv"]


def _vintage(record: LandedFile, parameters: list[LandedFile]) -> str:
    if record.vintage == "sample":
        return "sample"
    stated = [p.vintage for p in parameters if p.vintage]
    return stated[0] if stated else vintage_label(record)


def _raw_table(name: str, what: str) -> RawTable:
    # No history check (checks/history.py): five years make four changes per series, too few to score
    # or to calibrate a threshold on; declare one when a longer export is loaded.
    return RawTable(
        name,
        f"{what} by HTS chapter (two digits), partner country name and year, US dollars, as DataWeb reports "
        f"them. {UNPUBLISHED_NOTE} The closing 'Total:' line is checked against the partner lines and not "
        "loaded. Provenance: the snapshot's files are DERIVED (DataWeb's .xlsx saved as CSV, values "
        "unchanged); `provenance` and `is_derived_file` say so on every row.",
        ("year", "hs_chapter", "partner_name"),
    )


SOURCE = SourceSpec(
    name=SOURCE_NAME,
    title="US exports and import charges by HTS chapter and partner (USITC DataWeb)",
    publisher="US International Trade Commission (USITC), DataWeb, from US Census Bureau trade statistics",
    homepage=settings.HOMEPAGE,
    licence=settings.LICENCE,
    cadence=settings.CADENCE,
    snapshot_folder="usitc_dataweb",
    datasets=(
        DatasetSpec(
            "exports",
            ("DataWeb-Query-Export__FAS_Value*.csv", "DataWeb-Query-Export__FAS_Value*.json"),
            "US total exports, FAS value, US$, by HTS chapter and partner, annual (DataWeb report)",
        ),
        DatasetSpec(
            "exports_query_parameters",
            ("DataWeb-Query-Export__Query_Parameters*.csv", "DataWeb-Query-Export__Query_Parameters*.json"),
            "the exports query as DataWeb states it, with the download date (the vintage)",
        ),
        DatasetSpec(
            "import_charges",
            (
                "DataWeb-Query-Import__General_Import_Charges*.csv",
                "DataWeb-Query-Import__General_Import_Charges*.json",
            ),
            "US general imports, import charges (freight, insurance and other charges to the US port; "
            "duties excluded), US$, by HTS chapter and partner, annual (DataWeb report)",
        ),
        DatasetSpec(
            "import_charges_query_parameters",
            ("DataWeb-Query-Import__Query_Parameters*.csv", "DataWeb-Query-Import__Query_Parameters*.json"),
            "the import-charges query as DataWeb states it, with the download date (the vintage)",
        ),
    ),
    raw_tables=(
        _raw_table("usitc_exports_by_hs2", "US total exports, FAS (free alongside ship) value,"),
        _raw_table(
            "usitc_import_charges_by_hs2",
            "US general import charges (freight, insurance and other charges of bringing the goods to the "
            "first US port; US import duties are excluded: these are neither duties nor import values),",
        ),
    ),
    read_vintage=read_vintage,
    load=load,
    fetch_live=fetch_reports,
    write_sample=write_sample,
)
