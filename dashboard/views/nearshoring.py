"""Nearshoring (T3, T4): is Latin America winning US imports from Southeast Asia and China?"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

import data_access
import ui

st.title("Nearshoring: Latin America, Southeast Asia and China in US imports")
st.markdown(
    "Is Latin America gaining share of US imports against Southeast Asia (T3), and how large is China "
    "compared with the region (T4)? Shares are over Census's own World total, and the changes are since "
    "2017, the last year before the 2018 tariffs. Mexico is most of Latin America's imports, so the region is "
    "also shown without it. A share of imports moves with prices, exchange rates and re-routing as well: it is "
    "not by itself a measure of relocated production."
)

census = data_access.PUBLISHERS["census_trade"]
REGIONS = {
    "lac": "Latin America and the Caribbean",
    "lac_ex_mex": "Latin America and the Caribbean, excluding Mexico",
    "mexico": "Mexico",
    "southeast_asia": "Southeast Asia",
    "china": "China",
}
# Colour keys in the shared map: the blocs by bloc_code, Mexico as the economy it is.
REGION_COLOUR_KEYS = {"mexico": "MEX"}

shares = data_access.query(
    """
    select year, world_imports_usd, lac_share, lac_ex_mex_share, mexico_share, southeast_asia_share, china_share,
           lac_share_change_since_2017_pp, lac_ex_mex_share_change_since_2017_pp,
           mexico_share_change_since_2017_pp, southeast_asia_share_change_since_2017_pp,
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
    region_key=lambda f: f["region"].str.removesuffix("_share"),
    region=lambda f: f["region_key"].map(REGIONS),
    colour_key=lambda f: f["region_key"].map(lambda k: REGION_COLOUR_KEYS.get(k, k)),
    share_pct=lambda f: 100 * f["share"],
    year_kind=lambda f: f["is_complete_year"].map({True: "complete year", False: "partial year"}),
)
ui.chart(
    alt.Chart(long_shares, title="Share of US goods imports by origin (% of US imports from the World)")
    .mark_line(point=True)
    .encode(
        x=alt.X("year:O", title="year"),
        y=alt.Y("share_pct:Q", title="percent"),
        color=ui.bloc_color(long_shares, "colour_key", "region", title="origin"),
        shape=alt.Shape("year_kind:N", title=None),
        tooltip=["region:N", "year:O", alt.Tooltip("share_pct:Q", title="share, %", format=".1f"), "year_kind:N"],
    )
)
complete_shares = shares.loc[shares["is_complete_year"].astype(bool)]
if not complete_shares.empty:
    last = complete_shares.iloc[-1]
    ui.answer(
        f"From 2017 to {int(last['year'])} Latin America and the Caribbean's share of US goods imports changed by "
        f"{last['lac_share_change_since_2017_pp']:+.1f} percentage points to {ui.pct(last['lac_share'])} "
        f"({last['lac_ex_mex_share_change_since_2017_pp']:+.1f} pp without Mexico, "
        f"{last['mexico_share_change_since_2017_pp']:+.1f} pp for Mexico alone), Southeast Asia's by "
        f"{last['southeast_asia_share_change_since_2017_pp']:+.1f} pp to {ui.pct(last['southeast_asia_share'])}, "
        f"and China's by {last['china_share_change_since_2017_pp']:+.1f} pp to {ui.pct(last['china_share'])}."
    )
ui.caption(
    census,
    data_access.vintages_in(shares),
    f"Census World total (code 0015) as denominator. {ui.partial_year_note(shares)}",
)

latest = shares.iloc[-1]
changes = [
    {"region": label, "change_pp": float(latest[f"{key}_share_change_since_2017_pp"])}
    for key, label in REGIONS.items()
    if not pd.isna(latest[f"{key}_share_change_since_2017_pp"])
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
    rows=len(changes),
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
            color=ui.economy_color(shown, "partner_iso3", "partner_name"),
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
    select bloc_code, bloc, year, imports_usd, member_count, months_reported, is_complete_year, source_vintage
    from marts.agg_us_goods_trade_by_bloc
    where bloc_code in ('lac', 'lac_ex_mex', 'southeast_asia', 'china', 'usmca', 'cafta_dr')
    order by bloc_code, year
    """
)
complete = blocs.loc[blocs["is_complete_year"]].assign(imports_busd=lambda f: f["imports_usd"] / ui.BILLION)
ui.chart(
    alt.Chart(complete, title="US goods imports by bloc, complete years (US$ billions)")
    .mark_line(point=True)
    .encode(
        x=alt.X("year:O", title="year"),
        y=alt.Y("imports_busd:Q", title="US$ billions"),
        color=ui.bloc_color(complete),
        tooltip=[
            "bloc:N",
            "year:O",
            alt.Tooltip("imports_busd:Q", title="imports, US$ bn", format=",.1f"),
            alt.Tooltip("member_count:Q", title="members counted"),
        ],
    )
)
ui.caption(
    census,
    data_access.vintages_in(blocs),
    f"Sum of member economies' rows; the country filter does not apply to blocs. {ui.partial_year_note(blocs)} "
    "Partial years are left out of the chart.",
)
