"""Agriculture (P3, T1): US agricultural exports to each partner, and the partners' own farm sector over time."""

from __future__ import annotations

import altair as alt
import streamlit as st

import data_access
import ui

st.title("Agriculture: US farm exports and partners' farm sectors")
st.markdown(
    "Plan point 3 asks whether trade agreements cost partners' farm jobs (Mexico since NAFTA), and the trade paper "
    "claims a US surplus in agricultural goods with Colombia. How much of what the US sells each partner is "
    "agricultural (HS chapters 01-24), and how have the partners' agricultural employment and value added moved?"
)
st.info(
    "What the warehouse cannot answer: it holds no US imports by HS chapter and partner, so there is no US "
    "agricultural trade balance with any partner, and the paper's Colombia claim can be neither confirmed nor "
    "refuted here. The series below sit side by side: a trend in one beside a trend in the other is not "
    "evidence that one caused the other.",
    icon="ℹ️",
)

selected = ui.selected_countries()
where, params = data_access.in_countries("partner_iso3", selected)
agriculture = data_access.query(
    f"""
    select partner_iso3, partner_name, subregion, year, agricultural_exports_usd, total_exports_usd,
           agricultural_share_of_exports_pct, agriculture_employment_pct, agriculture_value_added_pct_gdp,
           exports_vintage, wdi_vintage
    from marts.mart_us_agricultural_exports
    where is_western_hemisphere and {where}
    order by year, partner_name
    """,
    params,
)

st.header("US agricultural exports to the hemisphere")
exports = agriculture.dropna(subset=["agricultural_exports_usd"])
if exports.empty:
    ui.no_rows("US agricultural exports (USITC DataWeb, 2020-2024)")
else:
    year = int(exports["year"].max())
    in_year = exports.loc[exports["year"] == year]
    shown = in_year if selected else in_year.nlargest(15, "agricultural_exports_usd")
    shown = shown.assign(ag_busd=lambda f: f["agricultural_exports_usd"] / ui.BILLION)
    ui.chart(
        alt.Chart(shown, title=f"US agricultural exports (HS 01-24) to each partner, {year} (US$ billions)")
        .mark_bar()
        .encode(
            x=alt.X("ag_busd:Q", title="US exports in HS chapters 01-24, US$ billions (FAS value)"),
            y=alt.Y("partner_name:N", sort="-x", title=None),
            color=ui.economy_color(shown, "partner_iso3", "partner_name", legend=None),
            tooltip=[
                alt.Tooltip("partner_name:N", title="partner"),
                alt.Tooltip("ag_busd:Q", title="agricultural exports, US$ bn", format=",.2f"),
                alt.Tooltip("agricultural_share_of_exports_pct:Q", title="% of US exports to it", format=".1f"),
            ],
        ),
        rows=len(shown),
    )
    top = in_year.nlargest(1, "agricultural_exports_usd").iloc[0]
    share = in_year.dropna(subset=["agricultural_share_of_exports_pct"]).nlargest(
        1, "agricultural_share_of_exports_pct"
    )
    sentence = (
        f"In {year} the US exported {ui.busd(in_year['agricultural_exports_usd'].sum())} of agricultural goods to "
        f"the {len(in_year)} hemisphere partners shown, the most to {top['partner_name']} "
        f"({ui.busd(top['agricultural_exports_usd'])}, {top['agricultural_share_of_exports_pct']:.1f}% of US exports "
        "to it)"
    )
    if not share.empty and share.iloc[0]["partner_iso3"] != top["partner_iso3"]:
        sentence += (
            f"; agriculture was the largest share of US exports to {share.iloc[0]['partner_name']} "
            f"({share.iloc[0]['agricultural_share_of_exports_pct']:.1f}%)"
        )
    colombia = in_year.loc[in_year["partner_iso3"] == "COL"]
    if not colombia.empty:
        sentence += (
            f"; to Colombia, {ui.busd(colombia.iloc[0]['agricultural_exports_usd'])} "
            f"({colombia.iloc[0]['agricultural_share_of_exports_pct']:.1f}%), exports only, not a balance"
        )
    ui.answer(sentence + ".")
    ui.caption(
        "USITC DataWeb (derived CSV of the DataWeb workbook)",
        data_access.vintages_in(in_year, "exports_vintage"),
        ("" if selected else "The 15 largest markets; pick countries to compare others. ")
        + "HS chapters 01-24 include fish (03) and leave out raw cotton, wool and hides, unlike the WTO and USDA "
        "definitions of agriculture.",
    )

st.header("Partners' agriculture over time")
employment = agriculture.dropna(subset=["agriculture_employment_pct"])
if employment.empty:
    ui.no_rows("WDI agricultural employment figures")
else:
    if not selected:
        # Thirty lines are unreadable: Mexico (plan point 3) and the paper's CAFTA-DR and Andean partners.
        focus = ["MEX", "GTM", "HND", "SLV", "NIC", "COL", "PER"]
        employment = employment.loc[employment["partner_iso3"].isin(focus)]
    employment = employment.assign(value_added=lambda f: ui.text_column(f["agriculture_value_added_pct_gdp"], "{:.1f}"))
    ui.chart(
        alt.Chart(employment, title="Employment in agriculture, since NAFTA (1994) (% of total employment)")
        .mark_line(point=alt.OverlayMarkDef(size=20))
        .encode(
            x=alt.X("year:O", title="year"),
            y=alt.Y("agriculture_employment_pct:Q", title="percent of employment"),
            color=ui.economy_color(employment, "partner_iso3", "partner_name"),
            tooltip=[
                alt.Tooltip("partner_name:N", title="economy"),
                "year:O",
                alt.Tooltip("agriculture_employment_pct:Q", title="employment in agriculture, %", format=".1f"),
                alt.Tooltip("value_added:N", title="value added, % GDP"),
            ],
        )
    )
    mexico = employment.loc[employment["partner_iso3"] == "MEX"].sort_values("year")
    subject = (
        mexico
        if not mexico.empty
        else employment.loc[employment["partner_iso3"] == employment["partner_iso3"].iloc[0]].sort_values("year")
    )
    first, last = subject.iloc[0], subject.iloc[-1]
    sentence = (
        f"Employment in agriculture in {first['partner_name']} went from {first['agriculture_employment_pct']:.1f}% "
        f"of all employment in {int(first['year'])} to {last['agriculture_employment_pct']:.1f}% in {int(last['year'])}"
    )
    va = subject.dropna(subset=["agriculture_value_added_pct_gdp"])
    if len(va) >= 2:
        sentence += (
            f", and agriculture's value added from {va.iloc[0]['agriculture_value_added_pct_gdp']:.1f}% of GDP "
            f"({int(va.iloc[0]['year'])}) to {va.iloc[-1]['agriculture_value_added_pct_gdp']:.1f}% "
            f"({int(va.iloc[-1]['year'])})"
        )
    ui.answer(sentence + ": a change over the years, not an effect of US exports or of any agreement.")
    ui.caption(
        "World Bank WDI (SL.AGR.EMPL.ZS, ILO modelled estimates; NV.AGR.TOTL.ZS)",
        data_access.vintages_in(employment, "wdi_vintage"),
        "" if selected else "Mexico and the CAFTA-DR and Andean partners; pick countries to compare others.",
    )
