"""Nearshoring (T3, T4): is Latin America winning US imports from Southeast Asia and China?"""

from __future__ import annotations

import altair as alt
import streamlit as st

import data_access
import ui

st.title("Nearshoring: Latin America, Southeast Asia and China in US imports")
st.markdown(
    "Is Latin America gaining share of US imports against Southeast Asia (T3), and how large is China "
    "compared with the region (T4)? Shares are over Census's own World total, and the changes are since "
    "2017, the last year before the 2018 tariffs."
)

census = data_access.PUBLISHERS["census_trade"]
REGIONS = {
    "lac": "Latin America and the Caribbean",
    "southeast_asia": "Southeast Asia",
    "china": "China",
}

shares = data_access.query(
    """
    select year, world_imports_usd, lac_share, southeast_asia_share, china_share,
           lac_share_change_since_2017_pp, southeast_asia_share_change_since_2017_pp,
           china_share_change_since_2017_pp, months_reported, is_complete_year, source_vintage
    from marts.mart_nearshoring
    order by year
    """
)
long_shares = shares.melt(
    id_vars=["year", "is_complete_year"],
    value_vars=[f"{key}_share" for key in REGIONS],
    var_name="region",
    value_name="share",
).assign(
    region=lambda f: f["region"].str.removesuffix("_share").map(REGIONS),
    share_pct=lambda f: 100 * f["share"],
    year_kind=lambda f: f["is_complete_year"].map({True: "complete year", False: "partial year"}),
)
ui.chart(
    alt.Chart(long_shares, title="Share of US goods imports by origin (% of US imports from the World)")
    .mark_line(point=True)
    .encode(
        x=alt.X("year:O", title="year"),
        y=alt.Y("share_pct:Q", title="percent"),
        color=alt.Color("region:N", title="origin"),
        shape=alt.Shape("year_kind:N", title=None),
        tooltip=["region:N", "year:O", alt.Tooltip("share_pct:Q", title="share, %", format=".1f"), "year_kind:N"],
    )
)
ui.caption(
    census,
    data_access.vintages_in(shares),
    f"Census World total (code 0015) as denominator. {ui.partial_year_note(shares)}",
)

latest = shares.iloc[-1]
changes = [
    {"region": label, "change_pp": float(latest[f"{key}_share_change_since_2017_pp"])} for key, label in REGIONS.items()
]
ui.chart(
    alt.Chart(
        alt.Data(values=changes),
        title=f"Change in share of US imports, 2017 to {int(latest['year'])} (percentage points)",
    )
    .mark_bar()
    .encode(
        x=alt.X("change_pp:Q", title="change since 2017, percentage points"),
        y=alt.Y("region:N", title=None, sort=list(REGIONS.values())),
        color=alt.condition("datum.change_pp >= 0", alt.value("#2a9d8f"), alt.value("#e76f51")),
        tooltip=["region:N", alt.Tooltip("change_pp:Q", title="change, pp", format="+.2f")],
    ),
    rows=3,
    row_height=40,
)
ui.caption(census, data_access.vintages_in(shares), ui.partial_year_note(shares.tail(1)))

st.header("Economies' shares of US imports: the hemisphere and the comparators")
selected = ui.selected_countries()
where, params = data_access.in_countries("e.partner_iso3", selected)
by_economy = data_access.query(
    f"""
    select e.partner_iso3, e.partner_name, e.subregion, e.year, e.imports_usd,
           e.imports_usd / n.world_imports_usd as share, e.is_complete_year, e.months_reported, e.source_vintage
    from marts.mart_tariff_exposure as e
    join marts.mart_nearshoring as n using (year)
    where {where} and e.subregion is not null
    order by e.year, e.partner_name
    """,
    params,
)
if by_economy.empty:
    ui.no_rows("US import figures")
else:
    shown = by_economy
    note = ""
    if not selected:
        # Forty lines are unreadable: without a selection show the largest suppliers of the latest year.
        latest_year = by_economy["year"].max()
        top = by_economy.loc[by_economy["year"] == latest_year].nlargest(8, "imports_usd")["partner_iso3"]
        shown = by_economy.loc[by_economy["partner_iso3"].isin(top)]
        note = f"The 8 largest suppliers in {latest_year}; pick countries in the sidebar to compare others."
    shown = shown.assign(share_pct=lambda f: 100 * f["share"])
    ui.chart(
        alt.Chart(shown, title="Share of US goods imports by economy (% of US imports from the World)")
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title="year"),
            y=alt.Y("share_pct:Q", title="percent"),
            color=alt.Color("partner_name:N", title="economy"),
            tooltip=[
                alt.Tooltip("partner_name:N", title="economy"),
                "subregion:N",
                "year:O",
                alt.Tooltip("share_pct:Q", title="share, %", format=".2f"),
            ],
        )
    )
    ui.caption(census, data_access.vintages_in(shown), f"{note} {ui.partial_year_note(shown)}".strip())

st.header("US imports by bloc")
blocs = data_access.query(
    """
    select bloc, year, imports_usd, months_reported, is_complete_year, source_vintage
    from marts.agg_us_goods_trade_by_bloc
    where bloc in ('Latin America and the Caribbean', 'Southeast Asia', 'China', 'USMCA partners', 'CAFTA-DR')
    order by bloc, year
    """
)
complete = blocs.loc[blocs["is_complete_year"]].assign(imports_busd=lambda f: f["imports_usd"] / ui.BILLION)
ui.chart(
    alt.Chart(complete, title="US goods imports by bloc, complete years (US$ billions)")
    .mark_line(point=True)
    .encode(
        x=alt.X("year:O", title="year"),
        y=alt.Y("imports_busd:Q", title="US$ billions"),
        color=alt.Color("bloc:N", title="bloc"),
        tooltip=["bloc:N", "year:O", alt.Tooltip("imports_busd:Q", title="imports, US$ bn", format=",.1f")],
    )
)
ui.caption(
    census,
    data_access.vintages_in(blocs),
    f"Sum of member economies' rows; the country filter does not apply to blocs. {ui.partial_year_note(blocs)} "
    "Partial years are left out of the chart.",
)
