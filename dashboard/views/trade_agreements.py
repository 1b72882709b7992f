"""Trade agreements and tariff exposure (T1, T2, P3): surpluses with FTA partners and what a tariff costs them."""

from __future__ import annotations

import altair as alt
import streamlit as st

import data_access
import ui

st.title("Trade agreements and tariff exposure")
st.markdown(
    "Is the US running goods surpluses with its Latin American free-trade partners (T1), how have flows "
    "changed since each agreement entered into force (P3), and what would a scenario tariff cost each "
    "partner (T2)?"
)

selected = ui.selected_countries()
pub = data_access.publication()
census = data_access.PUBLISHERS["census_trade"]

where, params = data_access.in_countries("partner_iso3", selected)
scorecard = data_access.query(
    f"""
    select partner_iso3, partner_name, year, exports_usd, imports_usd, balance_usd, has_us_surplus,
           share_of_us_trade, agreement_name, entry_into_force, exports_growth_since_entry,
           imports_growth_since_entry, months_reported, is_complete_year, source_vintage
    from marts.mart_fta_partner_scorecard
    where {where}
    order by year, partner_name
    """,
    params,
)

st.header("US goods balance with free-trade partners")
year = ui.latest_year(scorecard)
if year is None:
    ui.no_rows("US free-trade partners")
else:
    in_year = scorecard.loc[scorecard["year"] == year].assign(
        balance_busd=lambda f: f["balance_usd"] / ui.BILLION,
        position=lambda f: f["has_us_surplus"].map({True: "US surplus", False: "US deficit"}),
    )
    ui.chart(
        alt.Chart(in_year, title=f"US goods trade balance with each FTA partner, {year} (US$ billions)")
        .mark_bar()
        .encode(
            x=alt.X("balance_busd:Q", title="US exports minus imports, US$ billions (positive = US surplus)"),
            y=alt.Y("partner_name:N", sort="-x", title=None),
            color=alt.Color(
                "position:N",
                title=None,
                scale=alt.Scale(domain=["US surplus", "US deficit"], range=["#2a9d8f", "#e76f51"]),
            ),
            tooltip=[
                alt.Tooltip("partner_name:N", title="partner"),
                alt.Tooltip("agreement_name:N", title="agreement"),
                alt.Tooltip("balance_busd:Q", title="balance, US$ bn", format=",.2f"),
                alt.Tooltip("share_of_us_trade:Q", title="share of US trade", format=".2%"),
            ],
        ),
        rows=len(in_year),
    )
    plural = "" if len(in_year) == 1 else "s"
    ui.caption(
        census,
        data_access.vintages_in(in_year),
        f"Latest complete year. {len(in_year)} partner{plural}: the current members of every US agreement in force "
        "in the hemisphere (WTO RTA-IS).",
    )

    st.dataframe(
        in_year[
            [
                "partner_name",
                "agreement_name",
                "entry_into_force",
                "exports_usd",
                "imports_usd",
                "balance_usd",
                "share_of_us_trade",
                "exports_growth_since_entry",
                "imports_growth_since_entry",
            ]
        ],
        hide_index=True,
        column_config={
            "partner_name": "partner",
            "agreement_name": "agreement in force",
            "entry_into_force": st.column_config.DateColumn("entry into force"),
            "exports_usd": st.column_config.NumberColumn("US exports, US$", format="compact"),
            "imports_usd": st.column_config.NumberColumn("US imports, US$", format="compact"),
            "balance_usd": st.column_config.NumberColumn("balance, US$", format="compact"),
            "share_of_us_trade": st.column_config.NumberColumn("share of US trade", format="percent"),
            "exports_growth_since_entry": st.column_config.NumberColumn(
                "exports growth since entry", format="percent", help="Since the year before entry into force."
            ),
            "imports_growth_since_entry": st.column_config.NumberColumn(
                "imports growth since entry", format="percent", help="Since the year before entry into force."
            ),
        },
    )

st.header("US goods balance with blocs over time")
blocs = data_access.query(
    """
    select bloc, year, exports_usd, imports_usd, balance_usd, months_reported, is_complete_year, source_vintage
    from marts.agg_us_goods_trade_by_bloc
    where bloc in ('CAFTA-DR', 'USMCA partners', 'US FTA partners in the Western Hemisphere', 'South America')
    order by bloc, year
    """
)
complete = blocs.loc[blocs["is_complete_year"]].assign(balance_busd=lambda f: f["balance_usd"] / ui.BILLION)
ui.chart(
    alt.Chart(complete, title="US goods trade balance by bloc, complete years (US$ billions; positive = US surplus)")
    .mark_line(point=True)
    .encode(
        x=alt.X("year:O", title="year"),
        y=alt.Y("balance_busd:Q", title="US$ billions"),
        color=alt.Color("bloc:N", title="bloc"),
        tooltip=["bloc:N", "year:O", alt.Tooltip("balance_busd:Q", title="balance, US$ bn", format=",.1f")],
    )
)
ui.caption(
    census,
    data_access.vintages_in(blocs),
    "Sum of member economies' rows (today's membership applied to every year); the country filter does "
    f"not apply to blocs. {ui.partial_year_note(blocs)} Partial years are left out of the chart.",
)

st.header("Exposure to a scenario US tariff")
where, params = data_access.in_countries("partner_iso3", selected)
exposure = data_access.query(
    f"""
    select partner_iso3, partner_name, year, imports_usd, tariff_rate, estimated_duty_usd, gdp_usd,
           duty_share_of_partner_gdp, is_us_fta_partner, subregion, months_reported, is_complete_year,
           source_vintage
    from marts.mart_tariff_exposure
    -- The papers' economies: the Western Hemisphere and the comparators, as in the country filter.
    where {where} and subregion is not null and duty_share_of_partner_gdp is not null
    order by year, partner_name
    """,
    params,
)
year = ui.latest_year(exposure)
if year is None:
    ui.no_rows("tariff exposure figures")
else:
    in_year = exposure.loc[exposure["year"] == year].assign(
        duty_pct_gdp=lambda f: 100 * f["duty_share_of_partner_gdp"],
        duty_busd=lambda f: f["estimated_duty_usd"] / ui.BILLION,
        partner=lambda f: f["is_us_fta_partner"].map({True: "US FTA partner", False: "no US FTA"}),
    )
    rate = float(in_year["tariff_rate"].iloc[0])
    ui.chart(
        alt.Chart(
            in_year,
            title=f"Duty a {rate:.0%} US tariff would levy on each economy's exports to the US, {year} (% of its GDP)",
        )
        .mark_bar()
        .encode(
            x=alt.X("duty_pct_gdp:Q", title="estimated duty, percent of the exporter's GDP"),
            y=alt.Y("partner_name:N", sort="-x", title=None),
            color=alt.Color("partner:N", title=None),
            tooltip=[
                alt.Tooltip("partner_name:N", title="economy"),
                alt.Tooltip("duty_busd:Q", title="duty, US$ bn", format=",.2f"),
                alt.Tooltip("duty_pct_gdp:Q", title="% of GDP", format=".2f"),
            ],
        ),
        rows=len(in_year),
    )
    ui.caption(
        f"{census}; {data_access.PUBLISHERS['wdi']} (GDP, NY.GDP.MKTP.CD)",
        f"Census {data_access.vintages_in(in_year)}; {pub.vintage_of('wdi')}",
        f"Static estimate: imports x {rate:.0%}, no behavioural response (dbt var tariff_rate). "
        "Economies without WDI GDP are left out.",
    )
