"""Remittance dependence (P4): how much economies live on remittances, and how much of them comes from the US."""

from __future__ import annotations

import altair as alt
import streamlit as st

import data_access
import ui

st.title("Remittance dependence")
st.markdown(
    "Remittances are the other side of migration: how large are they against each economy's GDP, how have "
    "they grown, and what share is sent from the United States? Offshore financial centres are shown but not "
    "ranked: their compensation of employees is mostly cross-border workers' pay, not migrants' remittances."
)

pub = data_access.publication()
selected = ui.selected_countries()
SOURCES = "World Bank/KNOMAD; World Bank WDI (remittances and GDP)"

where, params = data_access.in_countries("country_iso3", selected)
dependence = data_access.query(
    f"""
    select country_iso3, country_name, subregion, year, remittances_usd, remittances_source, is_estimate, gdp_usd,
           remittances_pct_gdp, pct_gdp_basis, excluded_from_ranking, ranking_exclusion_reason,
           remittance_dependence_rank, remittance_dependence_rank_western_hemisphere, remittances_from_us_usd,
           us_share_pct, source_vintage
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
in_year = with_share.loc[with_share["year"] == year].assign(
    estimate=lambda f: ui.yes_no(f["is_estimate"], "estimate", "reported"),
    rank=lambda f: ui.text_column(f["remittance_dependence_rank_western_hemisphere"], "{:.0f}"),
    exclusion=lambda f: ui.text_column(f["ranking_exclusion_reason"]),
    label=lambda f: (
        f["country_name"]
        + f["is_estimate"].map(lambda e: " (estimate)" if ui.is_true(e) else "")
        + f["excluded_from_ranking"].map(lambda e: " (not ranked)" if ui.is_true(e) else "")
    ),
)
ranked = in_year.dropna(subset=["remittance_dependence_rank_western_hemisphere"])
shown = in_year if selected else ranked.nsmallest(15, "remittance_dependence_rank_western_hemisphere")
ui.chart(
    alt.Chart(shown, title=f"Remittances received, {year} (% of GDP)")
    .mark_bar()
    .encode(
        x=alt.X("remittances_pct_gdp:Q", title="personal remittances received, percent of GDP"),
        y=alt.Y("country_name:N", sort="-x", title=None),
        color=ui.economy_color(shown, legend=None),
        opacity=alt.condition("datum.is_estimate", alt.value(0.55), alt.value(1.0)),
        tooltip=[
            alt.Tooltip("country_name:N", title="economy"),
            alt.Tooltip("rank:N", title="rank in the hemisphere"),
            alt.Tooltip("remittances_pct_gdp:Q", title="% of GDP", format=".1f"),
            alt.Tooltip("remittances_usd:Q", title="US$", format=",.0f"),
            alt.Tooltip("estimate:N", title="figure"),
            alt.Tooltip("remittances_source:N", title="source"),
            alt.Tooltip("pct_gdp_basis:N", title="basis"),
            alt.Tooltip("exclusion:N", title="not ranked because"),
        ],
    ),
    rows=len(shown),
)
excluded = in_year.loc[in_year["excluded_from_ranking"].fillna(False).astype(bool)]
estimates = in_year["is_estimate"].fillna(False).astype(bool)
if not ranked.empty:
    first = ranked.nsmallest(1, "remittance_dependence_rank_western_hemisphere").iloc[0]
    sentence = (
        f"In {year} {first['country_name']} depended most on remittances of the {len(ranked)} Western Hemisphere "
        f"economies ranked ({first['remittances_pct_gdp']:.1f}% of GDP"
        + (", an estimate" if ui.is_true(first["is_estimate"]) else "")
        + ")"
    )
    if not excluded.empty:
        sentence += f"; {len(excluded)} offshore financial centres are shown but not ranked"
    if estimates.any():
        sentence += f"; {int(estimates.sum())} of the year's figures are estimates"
    ui.answer(sentence + ".")
ui.caption(
    SOURCES,
    data_access.vintages_in(shown),
    (
        ""
        if selected
        else "The 15 most dependent ranked Western Hemisphere economies; pick countries to compare others. "
    )
    + "Preferred total per economy (fct_remittances rules) over WDI GDP of the same year; pale bars are "
    "estimates (KNOMAD's estimate year), not reported figures.",
)
if not excluded.empty:
    st.caption(
        "Not ranked: "
        + "; ".join(f"{r.country_name}: {ui.blank(r.ranking_exclusion_reason)}" for r in excluded.itertuples())
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
totals = totals.assign(
    value_busd=lambda f: f["value_usd"] / ui.BILLION,
    estimate=lambda f: ui.yes_no(f["is_estimate"], "estimate", "reported"),
)
ui.chart(
    alt.Chart(totals, title="Personal remittances received by economy (US$ billions, current)")
    .mark_line(point=alt.OverlayMarkDef(size=20))
    .encode(
        x=alt.X("year:O", title="year"),
        y=alt.Y("value_busd:Q", title="US$ billions"),
        color=ui.economy_color(totals),
        tooltip=[
            alt.Tooltip("country_name:N", title="economy"),
            "year:O",
            alt.Tooltip("value_busd:Q", title="US$ bn", format=",.2f"),
            "source:N",
            alt.Tooltip("estimate:N", title="figure"),
        ],
    )
)
if not totals.empty:
    spans = totals.groupby(["country_iso3", "country_name"]).agg(first_year=("year", "min"), last_year=("year", "max"))
    top = totals.loc[totals["year"] == totals["year"].max()].nlargest(1, "value_usd")
    if not top.empty:
        row = top.iloc[0]
        start_year = int(spans.loc[(row["country_iso3"], row["country_name"]), "first_year"])
        begin = totals.loc[(totals["country_iso3"] == row["country_iso3"]) & (totals["year"] == start_year)]
        ui.answer(
            f"{row['country_name']} received the most in {int(row['year'])}: {ui.busd(row['value_usd'])}"
            + (" (an estimate)" if ui.is_true(row["is_estimate"]) else "")
            + (f", against {ui.busd(begin['value_usd'].iloc[0])} in {start_year}." if not begin.empty else ".")
        )
ui.caption(
    SOURCES,
    data_access.vintages_in(totals),
    ("" if selected else f"The 6 largest recipients in {year}; pick countries to compare others. ")
    + "Current dollars, not adjusted for prices.",
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
            color=ui.economy_color(shown, legend=None),
        ),
        rows=len(shown),
    )
    top = shown.nlargest(1, "us_share_pct").iloc[0]
    ui.answer(
        f"In the KNOMAD matrix year {matrix_year}, {top['country_name']} received the largest share of its "
        f"remittances from the US among the {len(shown)} economies shown ({top['us_share_pct']:.0f}%, modelled)."
    )
    ui.caption(
        "World Bank/KNOMAD bilateral remittance matrix",
        pub.vintage_of("knomad"),
        "Modelled from migrant stocks and incomes, not measured; the matrix covers one year only."
        + ("" if selected else " The 15 largest recipients of remittances from the US."),
    )
