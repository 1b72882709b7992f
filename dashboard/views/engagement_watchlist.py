"""Engagement watchlist (P2): Cuba, Venezuela, El Salvador and Nicaragua over time."""

from __future__ import annotations

import altair as alt
import streamlit as st

import data_access
import ui

st.title("Engagement watchlist: estranged partners")
st.markdown(
    "Plan point 2 asks the US to resume talks with estranged nations; the paper names Cuba, Venezuela and "
    "El Salvador, and Nicaragua is added. How do they govern, trade with the US and send migrants?"
)

pub = data_access.publication()
selected = ui.selected_countries()
where, params = data_access.in_countries("country_iso3", selected)
watchlist = data_access.query(
    f"""
    select country_iso3, country_name, named_in_paper, year, rule_of_law, control_of_corruption,
           political_stability, voice_and_accountability, southwest_border_encounters, remittances_pct_gdp,
           us_trade_balance_usd, us_trade_is_complete_year
    from marts.mart_engagement_watchlist
    where {where}
    order by year, country_name
    """,
    params,
)
if watchlist.empty:
    ui.no_rows("watchlist economies (Cuba, Venezuela, El Salvador, Nicaragua)")
    st.stop()

governance = watchlist.dropna(subset=["rule_of_law"])
ui.chart(
    alt.Chart(
        governance, title="Rule of law, WGI estimate (standard normal units, about -2.5 to 2.5; higher is better)"
    )
    .mark_line(point=True)
    .encode(
        x=alt.X("year:O", title="year"),
        y=alt.Y("rule_of_law:Q", title="WGI estimate"),
        color=alt.Color("country_name:N", title="economy"),
        tooltip=["country_name:N", "year:O", alt.Tooltip("rule_of_law:Q", format=".2f")],
    )
)
ui.caption("World Bank WGI", pub.vintage_of("wgi"))

trade = watchlist.dropna(subset=["us_trade_balance_usd"]).loc[lambda f: f["us_trade_is_complete_year"].astype(bool)]
trade = trade.assign(balance_busd=lambda f: f["us_trade_balance_usd"] / ui.BILLION)
ui.chart(
    alt.Chart(
        trade, title="US goods trade balance with each economy, complete years (US$ billions; positive = US surplus)"
    )
    .mark_line(point=True)
    .encode(
        x=alt.X("year:O", title="year"),
        y=alt.Y("balance_busd:Q", title="US$ billions"),
        color=alt.Color("country_name:N", title="economy"),
        tooltip=["country_name:N", "year:O", alt.Tooltip("balance_busd:Q", title="US$ bn", format=",.2f")],
    )
)
ui.caption(data_access.PUBLISHERS["census_trade"], pub.vintage_of("census_trade"), "Partial years are left out.")

encounters = watchlist.dropna(subset=["southwest_border_encounters"])
if not encounters.empty:
    ui.chart(
        alt.Chart(
            encounters,
            title="Southwest land border encounters of each economy's citizens (encounters, events not people)",
        )
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="calendar year"),
            xOffset="country_name:N",
            y=alt.Y("southwest_border_encounters:Q", title="encounters"),
            color=alt.Color("country_name:N", title="economy"),
            tooltip=["country_name:N", "year:O", alt.Tooltip("southwest_border_encounters:Q", format=",")],
        )
    )
    ui.caption("US CBP Nationwide Encounters", pub.vintage_of("cbp_encounters"), "Complete calendar years only.")
