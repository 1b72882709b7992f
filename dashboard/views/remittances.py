"""Remittance dependence (P4): how much economies live on remittances, and how much of them comes from the US."""

from __future__ import annotations

import altair as alt
import streamlit as st

import data_access
import ui

st.title("Remittance dependence")
st.markdown(
    "Remittances are the other side of migration: how large are they against each economy's GDP, how have "
    "they grown, and what share is sent from the United States?"
)

pub = data_access.publication()
selected = ui.selected_countries()
SOURCES = "World Bank/KNOMAD; World Bank WDI (remittances and GDP)"

where, params = data_access.in_countries("country_iso3", selected)
dependence = data_access.query(
    f"""
    select country_iso3, country_name, subregion, year, remittances_usd, remittances_source, gdp_usd,
           remittances_pct_gdp, pct_gdp_basis, remittances_from_us_usd, us_share_pct, source_vintage
    from marts.mart_remittance_dependence
    where is_western_hemisphere and {where}
    order by year, country_name
    """,
    params,
)
with_share = dependence.dropna(subset=["remittances_pct_gdp"])
if with_share.empty:
    ui.no_rows("Western Hemisphere economies with remittances as a share of GDP")
    st.stop()

year = ui.well_covered_year(with_share)
in_year = with_share.loc[with_share["year"] == year]
shown = in_year if selected else in_year.nlargest(15, "remittances_pct_gdp")
ui.chart(
    alt.Chart(shown, title=f"Remittances received, {year} (% of GDP)")
    .mark_bar()
    .encode(
        x=alt.X("remittances_pct_gdp:Q", title="personal remittances received, percent of GDP"),
        y=alt.Y("country_name:N", sort="-x", title=None),
        color=alt.Color("subregion:N", title="subregion"),
        tooltip=[
            alt.Tooltip("country_name:N", title="economy"),
            alt.Tooltip("remittances_pct_gdp:Q", title="% of GDP", format=".1f"),
            alt.Tooltip("remittances_usd:Q", title="US$", format=",.0f"),
            alt.Tooltip("remittances_source:N", title="source"),
            alt.Tooltip("pct_gdp_basis:N", title="basis"),
        ],
    ),
    rows=len(shown),
)
ui.caption(
    SOURCES,
    data_access.vintages_in(shown),
    ("" if selected else "The 15 most dependent Western Hemisphere economies; pick countries to compare others. ")
    + "Preferred total per economy (fct_remittances rules) over WDI GDP of the same year.",
)

st.header("Remittances over time")
# Growth is read in the preferred totals, one per economy and year, the same figures as above.
where, params = data_access.in_countries("r.receiving_iso3", selected)
totals = data_access.query(
    f"""
    select r.receiving_iso3 as country_iso3, c.country_name, r.year, r.value_usd, r.source, r.is_estimate,
           r.source_vintage
    from marts.fct_remittances as r
    join marts.dim_country as c on c.country_iso3 = r.receiving_iso3
    where r.sending_iso3 is null and r.preferred and c.is_western_hemisphere and {where}
    order by r.year, c.country_name
    """,
    params,
)
if not selected:
    largest = totals.loc[totals["year"] == year].nlargest(6, "value_usd")["country_iso3"]
    totals = totals.loc[totals["country_iso3"].isin(largest)]
totals = totals.assign(value_busd=lambda f: f["value_usd"] / ui.BILLION)
ui.chart(
    alt.Chart(totals, title="Personal remittances received by economy (US$ billions, current)")
    .mark_line(point=alt.OverlayMarkDef(size=20))
    .encode(
        x=alt.X("year:O", title="year"),
        y=alt.Y("value_busd:Q", title="US$ billions"),
        color=alt.Color("country_name:N", title="economy"),
        tooltip=[
            alt.Tooltip("country_name:N", title="economy"),
            "year:O",
            alt.Tooltip("value_busd:Q", title="US$ bn", format=",.2f"),
            "source:N",
            alt.Tooltip("is_estimate:N", title="estimate"),
        ],
    )
)
ui.caption(
    SOURCES,
    data_access.vintages_in(totals),
    "" if selected else f"The 6 largest recipients in {year}; pick countries to compare others.",
)

st.header("Share sent from the United States")
from_us = dependence.dropna(subset=["us_share_pct"])
if from_us.empty:
    ui.no_rows("bilateral-matrix estimates of remittances from the US")
else:
    matrix_year = int(from_us["year"].max())
    from_us = from_us.loc[from_us["year"] == matrix_year]
    shown = from_us if selected else from_us.nlargest(15, "remittances_from_us_usd")
    ui.chart(
        alt.Chart(shown, title=f"Share of remittances received that were sent from the US, {matrix_year} (%)")
        .mark_bar()
        .encode(
            x=alt.X(
                "us_share_pct:Q",
                title="sent from the US, percent of all remittances received",
                scale=alt.Scale(domain=[0, 100]),
            ),
            y=alt.Y("country_name:N", sort="-x", title=None),
            tooltip=[
                alt.Tooltip("country_name:N", title="economy"),
                alt.Tooltip("us_share_pct:Q", title="from the US, %", format=".1f"),
                alt.Tooltip("remittances_from_us_usd:Q", title="from the US, US$", format=",.0f"),
            ],
        ),
        rows=len(shown),
    )
    ui.caption(
        "World Bank/KNOMAD bilateral remittance matrix",
        pub.vintage_of("knomad"),
        "Modelled from migrant stocks and incomes, not measured; the matrix covers one year only."
        + ("" if selected else " The 15 largest recipients of remittances from the US."),
    )
