"""The expectation suite for each raw table: what a publisher's file must satisfy to be used.

Each entry returns GX 1.x expectations. Keys, types and ranges follow the publisher's
documentation; a failure blocks every model downstream, so nothing unchecked is published.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from typing import Any

import duckdb

from orchestration.checks.gx_runner import Expectation
from sources.worldbank.registry import load_registry


class _Expectations:
    """Stands in for ``great_expectations.expectations``: ``_expect().ExpectColumnValuesToBeUnique(column=...)``
    names the expectation, and the GX worker builds it (gx_runner.Expectation)."""

    def __getattr__(self, name: str) -> Callable[..., Expectation]:
        if not name.startswith("Expect"):
            raise AttributeError(name)
        return lambda **kwargs: Expectation(name, kwargs)


def _expect() -> _Expectations:
    return _Expectations()


def _columns(*names: str) -> Any:
    return _expect().ExpectTableColumnsToMatchSet(column_set=list(names), exact_match=False)


def _not_null(*names: str) -> list[Any]:
    return [_expect().ExpectColumnValuesToNotBeNull(column=name) for name in names]


def _unique(*names: str) -> Any:
    if len(names) == 1:
        return _expect().ExpectColumnValuesToBeUnique(column=names[0])
    return _expect().ExpectCompoundColumnsToBeUnique(column_list=list(names))


def _matches(column: str, pattern: str) -> Any:
    return _expect().ExpectColumnValuesToMatchRegex(column=column, regex=pattern)


def _not_empty() -> Any:
    return _expect().ExpectTableRowCountToBeBetween(min_value=1)


def wdi_values(defined_codes: Collection[str] = ()) -> list[Any]:
    """Raw keeps every indicator the files carry, as long as something says what it is: the registry
    or the publisher's own indicator metadata (``defined_codes``). Only the registry's reach the marts."""
    gx = _expect()
    registry = load_registry()
    known = sorted({i.code for i in registry} | set(defined_codes))
    expectations = [
        _not_empty(),
        _columns("country_code", "indicator_code", "year", "value", "source_vintage", "raw_sha256"),
        *_not_null("country_code", "indicator_code", "year", "value", "source_vintage", "raw_sha256"),
        _matches("country_code", r"^[A-Z0-9]{3}$"),
        gx.ExpectColumnValuesToBeInSet(column="indicator_code", value_set=known),
        gx.ExpectColumnValuesToBeBetween(column="year", min_value=1960, max_value=date.today().year),
        _unique("country_code", "indicator_code", "year"),
    ]
    # Bounds per indicator: a unit change at the publisher (x1000) lands far outside them.
    for indicator in registry:
        if indicator.valid_min is None and indicator.valid_max is None:
            continue
        expectations.append(
            gx.ExpectColumnValuesToBeBetween(
                column="value",
                min_value=indicator.valid_min,
                max_value=indicator.valid_max,
                row_condition=f'indicator_code=="{indicator.code}"',
                condition_parser="pandas",
            )
        )
    return expectations


def publisher_defined_indicators(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Codes that the publisher's indicator metadata (a Metadata_Indicator file or sheet) defines.

    raw.wdi_indicators also lists every data file's code with the name the data file repeats, so
    that a series shipped without its metadata is still named; such a row gives no definition (no
    source note, no source organization) and so makes no code known.
    """
    rows = con.execute(
        "select distinct indicator_code from raw.wdi_indicators "
        "where source_note is not null or source_organization is not null"
    ).fetchall()
    return [code for (code,) in rows]


def wdi_countries() -> list[Any]:
    return [
        _not_empty(),
        _columns("country_code", "region", "income_group", "table_name"),
        *_not_null("country_code"),
        _unique("country_code"),
        _matches("country_code", r"^[A-Z0-9]{3}$"),
    ]


def wdi_indicators() -> list[Any]:
    return [_columns("indicator_code", "indicator_name"), *_not_null("indicator_code"), _unique("indicator_code")]


def wdi_indicator_registry() -> list[Any]:
    return [_not_empty(), *_not_null("indicator_code", "unit"), _unique("indicator_code")]


def m49_areas() -> list[Any]:
    return [
        _not_empty(),
        _columns("m49_code", "iso2", "iso3", "country_name", "region_code", "subregion_name"),
        *_not_null("m49_code", "country_name"),
        _unique("m49_code"),
        _matches("m49_code", r"^\d{3}$"),
        _matches("iso3", r"^[A-Z]{3}$"),
    ]


def census_country_codes() -> list[Any]:
    return [
        _not_empty(),
        _columns("census_code", "census_name", "iso2"),
        *_not_null("census_code", "census_name"),
        _unique("census_code"),
        _matches("census_code", r"^\d{4}$"),
    ]


def wb_economies() -> list[Any]:
    return [
        _not_empty(),
        _columns("iso3", "economy_name", "region", "income_group"),
        *_not_null("iso3", "economy_name", "region"),
        _unique("iso3"),
        _matches("iso3", r"^[A-Z]{3}$"),
    ]


def wb_groups() -> list[Any]:
    return [_not_empty(), *_not_null("group_code", "iso3"), _unique("group_code", "iso3")]


def wb_income_history() -> list[Any]:
    gx = _expect()
    return [
        _not_empty(),
        *_not_null("iso3", "fiscal_year", "income_code"),
        _unique("iso3", "fiscal_year"),
        gx.ExpectColumnValuesToBeInSet(column="income_code", value_set=["L", "LM", "UM", "H"]),
        gx.ExpectColumnValuesToBeBetween(column="fiscal_year", min_value=1987, max_value=date.today().year + 1),
    ]


def _non_negative(*names: str) -> list[Any]:
    return [_expect().ExpectColumnValuesToBeBetween(column=name, min_value=0) for name in names]


def _years(column: str, first: int) -> Any:
    return _expect().ExpectColumnValuesToBeBetween(column=column, min_value=first, max_value=date.today().year)


def census_trade_monthly() -> list[Any]:
    gx = _expect()
    return [
        _not_empty(),
        _columns("year", "month", "census_code", "imports_usd_millions", "exports_usd_millions", "is_published"),
        *_not_null("year", "month", "census_code", "imports_usd_millions", "exports_usd_millions"),
        _unique("year", "census_code", "month"),
        _matches("census_code", r"^\d{4}$"),
        gx.ExpectColumnValuesToBeBetween(column="month", min_value=1, max_value=12),
        _years("year", 1985),
        *_non_negative("imports_usd_millions", "exports_usd_millions"),
    ]


def census_trade_annual_reported() -> list[Any]:
    return [
        _not_empty(),
        *_not_null("year", "census_code"),
        _unique("year", "census_code"),
        _years("year", 1985),
        *_non_negative("imports_total_usd_millions", "exports_total_usd_millions"),
    ]


def wits_us_trade_by_partner() -> list[Any]:
    gx = _expect()
    tariffs = ("ahs_simple_avg_pct", "ahs_weighted_avg_pct", "mfn_simple_avg_pct", "mfn_weighted_avg_pct")
    return [
        _not_empty(),
        _columns("year", "partner_name", "partner_iso3", "exports_usd_thousands", "imports_usd_thousands", *tariffs),
        *_not_null("year", "partner_name"),
        _unique("year", "partner_name"),
        _years("year", 1988),
        *_non_negative("exports_usd_thousands", "imports_usd_thousands"),
        # Applied tariff averages are percentages; the odd peak line can exceed 100, never 1000.
        *[gx.ExpectColumnValuesToBeBetween(column=name, min_value=0, max_value=1000) for name in tariffs],
    ]


def _usitc_by_hs2(value: str) -> list[Any]:
    return [
        _not_empty(),
        _columns("year", "hs_chapter", "hs_chapter_name", "partner_name", "partner_iso3", value, "provenance"),
        *_not_null("year", "hs_chapter", "hs_chapter_name", "partner_name", value, "provenance"),
        _unique("year", "hs_chapter", "partner_name"),
        _matches("hs_chapter", r"^\d{2}$"),
        _matches("partner_iso3", r"^[A-Z]{3}$"),
        # DataWeb's annual series start in 1989; an unpublished year never reaches raw.
        _years("year", 1989),
        *_non_negative(value),
    ]


def usitc_exports_by_hs2() -> list[Any]:
    return _usitc_by_hs2("fas_value_usd")


def usitc_import_charges_by_hs2() -> list[Any]:
    return _usitc_by_hs2("import_charges_usd")


def wto_rtas() -> list[Any]:
    return [_not_empty(), *_not_null("rta_id", "rta_name", "status"), _unique("rta_id")]


def wto_rta_members() -> list[Any]:
    return [_not_empty(), *_not_null("rta_id", "member_name"), _unique("rta_id", "member_name")]


def _between(column: str, low: float | None, high: float | None) -> Any:
    return _expect().ExpectColumnValuesToBeBetween(column=column, min_value=low, max_value=high)


def _in_set(column: str, values: list[Any]) -> Any:
    return _expect().ExpectColumnValuesToBeInSet(column=column, value_set=values)


def wgi_estimates() -> list[Any]:
    return [
        _not_empty(),
        _columns("country_code", "country_iso3", "year", "indicator", "estimate", "pctrank"),
        *_not_null("country_code", "year", "indicator"),
        _unique("country_code", "indicator", "year"),
        _in_set("indicator", ["va", "pv", "ge", "rq", "rl", "cc"]),
        _years("year", 1996),
        # Estimates are standard-normal units (about -2.5 to 2.5); ranks are percentiles.
        _between("estimate", -4, 4),
        _between("pctrank", 0, 100),
    ]


def knomad_inward_remittances() -> list[Any]:
    return [
        _not_empty(),
        _columns("country_name", "country_iso3", "year", "value_usd_millions", "is_estimate"),
        *_not_null("country_name", "year"),
        _unique("country_name", "year"),
        _years("year", 1970),
        *_non_negative("value_usd_millions"),
    ]


def knomad_remittances_pct_gdp() -> list[Any]:
    return [_not_empty(), _unique("country_name", "year"), _between("pct_of_gdp", 0, 150)]


def knomad_bilateral_remittances() -> list[Any]:
    return [
        _not_empty(),
        *_not_null("sending_country_name", "receiving_country_name", "year", "value_usd_millions"),
        _unique("sending_country_name", "receiving_country_name", "year"),
        *_non_negative("value_usd_millions"),
    ]


def unctad_fdi_inflows() -> list[Any]:
    # FDI inflows can be negative (disinvestment), so no lower bound.
    return [_not_empty(), *_not_null("economy_label", "year"), _unique("economy_label", "year"), _years("year", 1970)]


def _undesa_stock() -> list[Any]:
    return [
        _not_empty(),
        _columns("location_code", "location_name", "year", "sex", "migrants"),
        *_not_null("location_code", "year", "sex"),
        _unique("location_code", "year", "sex"),
        _in_set("sex", ["both", "male", "female"]),
        _between("year", 1990, date.today().year),
        *_non_negative("migrants"),
    ]


def undesa_stock_origin_destination() -> list[Any]:
    # DERIVED file (revision 2019): names are the key; the ISO3 is null only for the subregions it kept.
    return [
        _not_empty(),
        _columns("origin_name", "origin_iso3", "destination_name", "destination_iso3", "year", "migrants", "revision"),
        *_not_null("origin_name", "destination_name", "year", "revision"),
        _unique("origin_name", "destination_name", "year"),
        _matches("origin_iso3", r"^[A-Z]{3}$"),
        _matches("destination_iso3", r"^[A-Z]{3}$"),
        _in_set("missing_mark", ["..", "-"]),
        _between("year", 1990, date.today().year),
        _between("revision", 1990, date.today().year),
        *_non_negative("migrants"),
    ]


def pew_us_favorability() -> list[Any]:
    # A compilation of Pew's survey figures: percentages of adults, surveys from 2000.
    return [
        _not_empty(),
        _columns("country_name", "country_iso3", "survey_year", "pct_favourable"),
        *_not_null("country_name", "country_iso3", "survey_year", "pct_favourable"),
        _unique("country_name", "survey_year"),
        _unique("country_iso3", "survey_year"),
        _matches("country_iso3", r"^[A-Z]{3}$"),
        _between("survey_year", 2000, date.today().year),
        _between("pct_favourable", 0, 100),
    ]


def undesa_locations() -> list[Any]:
    return [_not_empty(), *_not_null("location_code", "location_name"), _unique("location_code")]


def cbp_encounters() -> list[Any]:
    return [
        _not_empty(),
        _columns("fiscal_year", "calendar_year", "month", "land_border_region", "citizenship", "encounter_count"),
        *_not_null("fiscal_year", "calendar_year", "month", "citizenship", "encounter_count"),
        _between("month", 1, 12),
        _years("fiscal_year", 2000),
        *_non_negative("encounter_count"),
    ]


def suite_for(table: str, con: duckdb.DuckDBPyConnection) -> list[Any]:
    """The suite of raw.<table>, given what else the build holds (WDI's indicator metadata)."""
    if table == "wdi_values":
        return wdi_values(publisher_defined_indicators(con))
    return SUITES[table]()


SUITES: dict[str, Callable[[], list[Any]]] = {
    "wdi_values": wdi_values,
    "wdi_countries": wdi_countries,
    "wdi_indicators": wdi_indicators,
    "wdi_indicator_registry": wdi_indicator_registry,
    "m49_areas": m49_areas,
    "census_country_codes": census_country_codes,
    "wb_economies": wb_economies,
    "wb_groups": wb_groups,
    "wb_income_history": wb_income_history,
    "census_trade_monthly": census_trade_monthly,
    "census_trade_annual_reported": census_trade_annual_reported,
    "wits_us_trade_by_partner": wits_us_trade_by_partner,
    "usitc_exports_by_hs2": usitc_exports_by_hs2,
    "usitc_import_charges_by_hs2": usitc_import_charges_by_hs2,
    "wto_rtas": wto_rtas,
    "wto_rta_members": wto_rta_members,
    "wgi_estimates": wgi_estimates,
    "knomad_inward_remittances": knomad_inward_remittances,
    "knomad_remittances_pct_gdp": knomad_remittances_pct_gdp,
    "knomad_bilateral_remittances": knomad_bilateral_remittances,
    "unctad_fdi_inflows": unctad_fdi_inflows,
    "undesa_stock_by_destination": _undesa_stock,
    "undesa_stock_by_origin": _undesa_stock,
    "undesa_stock_origin_destination": undesa_stock_origin_destination,
    "undesa_locations": undesa_locations,
    "pew_us_favorability": pew_us_favorability,
    "cbp_encounters": cbp_encounters,
}
