"""Engagement watchlist (P2): Cuba, Venezuela, El Salvador and Nicaragua over time."""

from __future__ import annotations

import altair as alt
import streamlit as st

import data_access
import ui

st.title("Engagement watchlist: estranged partners")
st.markdown(
    "Plan point 2 asks the US to resume talks with estranged nations; the paper names Cuba, Venezuela and "
    "El Salvador, and Nicaragua is added. How do they govern, trade with the US and send migrants, and how do "
    "people in the region view the US?"
)

pub = data_access.publication()
selected = ui.selected_countries()
where, params = data_access.in_countries("country_iso3", selected)
watchlist = data_access.query(
    f"""
    select country_iso3, country_name, named_in_paper, year, rule_of_law, control_of_corruption,
           political_stability, voice_and_accountability, southwest_border_encounters, remittances_pct_gdp,
           remittances_is_estimate, migrants_in_us, migrants_in_us_stock_year, migrant_stock_revision,
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
        color=ui.economy_color(governance),
        tooltip=["country_name:N", "year:O", alt.Tooltip("rule_of_law:Q", format=".2f")],
    )
)
latest_rule = governance.loc[governance["year"] == governance["year"].max()] if not governance.empty else governance
if not latest_rule.empty:
    weakest = latest_rule.nsmallest(1, "rule_of_law").iloc[0]
    strongest = latest_rule.nlargest(1, "rule_of_law").iloc[0]
    ui.answer(
        f"In {int(weakest['year'])} rule of law was weakest in {weakest['country_name']} "
        f"({weakest['rule_of_law']:+.2f}) and strongest in {strongest['country_name']} "
        f"({strongest['rule_of_law']:+.2f}) of the {len(latest_rule)} watchlist economies shown."
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
        color=ui.economy_color(trade),
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
            color=ui.economy_color(encounters),
            tooltip=["country_name:N", "year:O", alt.Tooltip("southwest_border_encounters:Q", format=",")],
        )
    )
    ui.caption("US CBP Nationwide Encounters", pub.vintage_of("cbp_encounters"), "Complete calendar years only.")

st.header("Migrants from these economies living in the US")
migrants = (
    watchlist.dropna(subset=["migrants_in_us"]).sort_values("year").groupby("country_iso3", as_index=False).last()
)
if migrants.empty:
    ui.no_rows("UN DESA estimates of migrants living in the US")
else:
    ui.chart(
        alt.Chart(migrants, title="Migrants born in each economy living in the US, latest UN DESA estimate (persons)")
        .mark_bar()
        .encode(
            x=alt.X("migrants_in_us:Q", title="persons"),
            y=alt.Y("country_name:N", sort="-x", title=None),
            color=ui.economy_color(migrants, legend=None),
            tooltip=[
                alt.Tooltip("country_name:N", title="economy"),
                alt.Tooltip("migrants_in_us:Q", title="migrants in the US", format=","),
                alt.Tooltip("migrants_in_us_stock_year:Q", title="stock year"),
            ],
        ),
        rows=len(migrants),
        row_height=40,
    )
    most = migrants.nlargest(1, "migrants_in_us").iloc[0]
    ui.answer(
        f"UN DESA estimates {int(most['migrants_in_us']):,} people born in {most['country_name']} lived in the US "
        f"in {int(most['migrants_in_us_stock_year'])}, the most of the {len(migrants)} watchlist economies shown."
    )
    revisions = ", ".join(sorted({ui.blank(r, "{:.0f}") for r in migrants["migrant_stock_revision"]} - {""}))
    ui.caption(
        f"UN DESA, International Migrant Stock {revisions}".strip(),
        pub.vintage_of("undesa_migrant_stock"),
        "Mid-year estimates by country of birth, not of citizenship; the newest stock year at or before "
        "each row's year.",
    )

st.header("How people in the region view the United States")
where_fav, params_fav = data_access.in_countries("f.economy_iso3", selected)
favorability = data_access.query(
    f"""
    select f.economy_iso3, c.country_name, f.survey_year, f.pct_favourable_view_of_us, f.source, f.provenance,
           f.source_vintage
    from marts.fct_us_favorability as f
    join marts.dim_country as c on c.country_iso3 = f.economy_iso3
    where c.is_western_hemisphere and {where_fav}
    order by f.survey_year, c.country_name
    """,
    params_fav,
)
covered = sorted(set(favorability["country_name"]) & set(watchlist["country_name"]))
st.markdown(
    "Plan point 2 is about talking to governments; how their publics view the US is the backdrop. Pew surveys "
    "a changing set of countries"
    + (f": of the watchlist it covers {ui.join_names(covered)} only" if covered else ", none of the watchlist")
    + ", so the Western Hemisphere economies it surveyed are shown."
)
if favorability.empty:
    ui.no_rows("Pew surveys of views of the US in the Western Hemisphere")
else:
    ui.chart(
        alt.Chart(
            favorability, title="Adults with a favourable view of the US, Pew Global Attitudes surveys (% of adults)"
        )
        .mark_line(point=True)
        .encode(
            x=alt.X("survey_year:O", title="survey year"),
            y=alt.Y("pct_favourable_view_of_us:Q", title="percent of adults", scale=alt.Scale(domain=[0, 100])),
            color=ui.economy_color(favorability, "economy_iso3", "country_name"),
            tooltip=[
                alt.Tooltip("country_name:N", title="economy"),
                alt.Tooltip("survey_year:O", title="survey year"),
                alt.Tooltip("pct_favourable_view_of_us:Q", title="favourable, %", format=".0f"),
            ],
        )
    )
    last_year = int(favorability["survey_year"].max())
    last = favorability.loc[favorability["survey_year"] == last_year]
    low, high = (
        last.nsmallest(1, "pct_favourable_view_of_us").iloc[0],
        last.nlargest(1, "pct_favourable_view_of_us").iloc[0],
    )
    ui.answer(
        f"In Pew's {last_year} survey, the latest in the compilation, {len(last)} economies of the hemisphere were "
        f"surveyed; the share of adults viewing the US favourably ranged from {low['pct_favourable_view_of_us']:.0f}% "
        f"in {low['country_name']} to {high['pct_favourable_view_of_us']:.0f}% in {high['country_name']}."
    )
    ui.caption(
        "Pew Research Center Global Attitudes survey, as compiled by FiveThirtyEight (a third-party compilation, "
        "not Pew's own file)",
        data_access.vintages_in(favorability),
        "Survey estimates (about 1,000 adults per country); a missing year was not surveyed. A view of the US, "
        "not of its government or president.",
    )
