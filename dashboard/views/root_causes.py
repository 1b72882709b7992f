"""Root causes versus FDI (P4): does foreign direct investment go where the pressures to emigrate are?"""

from __future__ import annotations

import altair as alt
import streamlit as st

import data_access
import ui

st.title("Root causes of migration and foreign direct investment")
st.markdown(
    "Plan point 4 asks for sustained FDI to address the root causes of migration. Does FDI per person track "
    "the push-pressure score (income, jobs, prices, rule of law, stability) and border encounters? "
    "Correlation is not causation."
)

pub = data_access.publication()
selected = ui.selected_countries()
where, params = data_access.in_countries("country_iso3", selected)
root_causes = data_access.query(
    f"""
    select country_iso3, country_name, subregion, year, gdp_per_capita_usd, unemployment_pct, inflation_pct,
           rule_of_law, political_stability, remittances_pct_gdp, fdi_inflows_usd, fdi_per_capita_usd,
           push_pressure_score, push_pressure_components, southwest_encounters_per_100k, fdi_rank
    from marts.mart_migration_root_causes
    where {where}
    order by year, country_name
    """,
    params,
)
with_both = root_causes.dropna(subset=["fdi_per_capita_usd", "push_pressure_score"])
if with_both.empty:
    ui.no_rows("economies with both FDI per person and a push-pressure score")
    st.stop()

years = sorted(int(y) for y in with_both["year"].unique())
year = st.select_slider("Year", options=years, value=ui.well_covered_year(with_both))
in_year = with_both.loc[with_both["year"] == year]

scatter_base = alt.Chart(in_year).encode(
    x=alt.X(
        "fdi_per_capita_usd:Q",
        title="FDI inflows per person, US$ (symmetric log scale)",
        scale=alt.Scale(type="symlog"),
        axis=alt.Axis(values=ui.symlog_ticks(in_year["fdi_per_capita_usd"]), format=",.0f"),
    ),
    y=alt.Y("push_pressure_score:Q", title="push pressure, z-score"),
    tooltip=[
        alt.Tooltip("country_name:N", title="economy"),
        alt.Tooltip("fdi_per_capita_usd:Q", title="FDI per person, US$", format=",.0f"),
        alt.Tooltip("push_pressure_score:Q", title="push pressure, z", format=".2f"),
        alt.Tooltip("push_pressure_components:Q", title="components (of 5)"),
        alt.Tooltip("fdi_rank:Q", title="FDI rank"),
    ],
)
ui.chart(
    (
        scatter_base.mark_circle(size=90).encode(color=alt.Color("subregion:N", title="subregion"))
        + scatter_base.mark_text(align="left", dx=7, fontSize=11).encode(text="country_iso3:N")
    ).properties(title=f"FDI inflows per person against push-pressure score, {year} (US$; z-score)"),
    height=420,
)
ui.caption(
    "World Bank WDI (GDP per capita, unemployment, inflation, population, FDI), World Bank WGI, UNCTADstat",
    pub.vintage_of("wdi", "wgi", "unctad"),
    "Push pressure: mean of within-year z-scores of -ln(GDP per capita), unemployment, ln(1 + inflation), "
    "-rule of law and -political stability, re-standardized; needs 3 of the 5. Offshore centres (Cayman, "
    "British Virgin Islands) sit far right on pass-through investment.",
)

encounters = root_causes.dropna(subset=["fdi_per_capita_usd", "southwest_encounters_per_100k"])
st.header("FDI and Southwest border encounters")
if encounters.empty:
    ui.no_rows("economies with both FDI per person and border encounters (CBP names only some citizenships)")
else:
    enc_year = year if year in set(encounters["year"]) else int(encounters["year"].max())
    enc_in_year = encounters.loc[encounters["year"] == enc_year]
    enc_base = alt.Chart(enc_in_year).encode(
        x=alt.X(
            "fdi_per_capita_usd:Q",
            title="FDI inflows per person, US$ (symmetric log scale)",
            scale=alt.Scale(type="symlog"),
            axis=alt.Axis(values=ui.symlog_ticks(enc_in_year["fdi_per_capita_usd"]), format=",.0f"),
        ),
        y=alt.Y("southwest_encounters_per_100k:Q", title="encounters per 100,000"),
        tooltip=[
            alt.Tooltip("country_name:N", title="economy"),
            alt.Tooltip("fdi_per_capita_usd:Q", title="FDI per person, US$", format=",.0f"),
            alt.Tooltip("southwest_encounters_per_100k:Q", title="encounters per 100k", format=",.0f"),
        ],
    )
    ui.chart(
        (
            enc_base.mark_circle(size=90).encode(color=alt.Color("subregion:N", title="subregion"))
            + enc_base.mark_text(align="left", dx=7, fontSize=11).encode(text="country_iso3:N")
        ).properties(
            title=f"FDI inflows per person against Southwest border encounters, {enc_year} (US$; per 100,000)"
        ),
        height=380,
    )
    ui.caption(
        "US CBP Nationwide Encounters; World Bank WDI; UNCTADstat",
        pub.vintage_of("cbp_encounters", "wdi", "unctad"),
        "Encounters are events, not people, for calendar years the CBP file covers in full and citizenships CBP "
        f"names (others are published as OTHER). {'' if enc_year == year else f'No encounters for {year}.'}",
    )

st.header("How closely FDI tracks migration pressure across the region")
correlations = data_access.query(
    """
    select year, corr_fdi_push_pressure, economies_fdi_push_pressure, corr_fdi_remittance_dependence,
           economies_fdi_remittance_dependence, corr_fdi_encounters, economies_fdi_encounters,
           high_fdi_high_encounters, high_fdi_low_encounters, low_fdi_high_encounters, low_fdi_low_encounters
    from marts.mart_fdi_vs_migration
    order by year
    """
)
CORRELATIONS = {
    "corr_fdi_push_pressure": "with push-pressure score",
    "corr_fdi_remittance_dependence": "with remittances, % of GDP",
    "corr_fdi_encounters": "with border encounters per 100,000",
}
long_corr = (
    correlations.melt(id_vars=["year"], value_vars=list(CORRELATIONS), var_name="measure", value_name="correlation")
    .dropna(subset=["correlation"])
    .assign(measure=lambda f: f["measure"].map(CORRELATIONS))
)
ui.chart(
    alt.Chart(long_corr, title="Correlation of FDI per person with migration pressures, by year (Pearson r)")
    .mark_line(point=True)
    .encode(
        x=alt.X("year:O", title="year"),
        y=alt.Y("correlation:Q", title="Pearson r", scale=alt.Scale(domain=[-1, 1])),
        color=alt.Color("measure:N", title="FDI per person"),
        tooltip=["measure:N", "year:O", alt.Tooltip("correlation:Q", format=".2f")],
    )
)
ui.caption(
    "World Bank WDI, World Bank WGI, UNCTADstat, World Bank/KNOMAD, US CBP",
    pub.vintage_of("wdi", "wgi", "unctad", "knomad", "cbp_encounters"),
    "Across all Western Hemisphere economies with both values (not filtered by country); null with fewer than 3.",
)

quadrants = correlations.loc[correlations["high_fdi_high_encounters"].notna()]
if not quadrants.empty:
    st.subheader("Economies by quadrant: FDI per person and encounters, each split at the year's median")
    st.dataframe(
        quadrants[
            [
                "year",
                "high_fdi_high_encounters",
                "high_fdi_low_encounters",
                "low_fdi_high_encounters",
                "low_fdi_low_encounters",
            ]
        ],
        hide_index=True,
        column_config={
            "year": st.column_config.NumberColumn("year", format="%d"),
            "high_fdi_high_encounters": "high FDI, high encounters",
            "high_fdi_low_encounters": "high FDI, low encounters",
            "low_fdi_high_encounters": "low FDI, high encounters",
            "low_fdi_low_encounters": "low FDI, low encounters",
        },
    )

st.subheader(f"Root causes by economy, {year}")
st.dataframe(
    root_causes.loc[root_causes["year"] == year].drop(columns=["year"]),
    hide_index=True,
    column_config={
        "country_iso3": "ISO3",
        "country_name": "economy",
        "gdp_per_capita_usd": st.column_config.NumberColumn("GDP per person, US$", format="%,.0f"),
        "unemployment_pct": st.column_config.NumberColumn("unemployment, %", format="%.1f"),
        "inflation_pct": st.column_config.NumberColumn("inflation, %", format="%.1f"),
        "rule_of_law": st.column_config.NumberColumn("rule of law (WGI)", format="%.2f"),
        "political_stability": st.column_config.NumberColumn("political stability (WGI)", format="%.2f"),
        "remittances_pct_gdp": st.column_config.NumberColumn("remittances, % GDP", format="%.1f"),
        "fdi_inflows_usd": st.column_config.NumberColumn("FDI inflows, US$", format="compact"),
        "fdi_per_capita_usd": st.column_config.NumberColumn("FDI per person, US$", format="%,.0f"),
        "push_pressure_score": st.column_config.NumberColumn("push pressure, z", format="%.2f"),
        "southwest_encounters_per_100k": st.column_config.NumberColumn("encounters per 100k", format="%,.0f"),
        "fdi_rank": st.column_config.NumberColumn("FDI rank", format="%d"),
    },
)
ui.caption(
    "World Bank WDI, World Bank WGI, UNCTADstat, World Bank/KNOMAD, US CBP",
    pub.vintage_of("wdi", "wgi", "unctad", "knomad", "cbp_encounters"),
)
