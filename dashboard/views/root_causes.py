"""Root causes versus FDI (P4): does foreign direct investment go where the pressures to emigrate are?"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

import data_access
import ui

st.title("Root causes of migration and foreign direct investment")
st.markdown(
    "Plan point 4 asks for sustained FDI to address the root causes of migration. Does FDI per person track "
    "the push-pressure score (income, jobs, prices, rule of law, stability, violence) and border encounters? "
    "Correlation is not causation."
)

pub = data_access.publication()
selected = ui.selected_countries()
where, params = data_access.in_countries("country_iso3", selected)
root_causes = data_access.query(
    f"""
    select country_iso3, country_name, subregion, year, gdp_per_capita_usd, unemployment_pct, inflation_pct,
           rule_of_law, political_stability, remittances_pct_gdp, fdi_inflows_usd, fdi_per_capita_usd,
           push_pressure_score, push_pressure_components, southwest_encounters_per_100k, fdi_rank,
           homicides_per_100k, push_pressure_year_components, push_pressure_missing_components,
           is_offshore_financial_centre, migrants_in_us, migrants_in_us_stock_year, migrant_stock_revision,
           remittances_is_estimate
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
in_year = with_both.loc[with_both["year"] == year].assign(
    components=lambda f: (
        f["push_pressure_components"].astype(int).astype(str)
        + " of "
        + f["push_pressure_year_components"].fillna("").map(lambda c: str(len([x for x in c.split(",") if x])))
    ),
    missing=lambda f: ui.text_column(f["push_pressure_missing_components"]),
    rank=lambda f: ui.text_column(f["fdi_rank"], "{:.0f}"),
    centre=lambda f: ui.yes_no(f["is_offshore_financial_centre"], "offshore financial centre"),
)
year_components = ui.blank(in_year["push_pressure_year_components"].dropna().iloc[0]) if len(in_year) else ""

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
        alt.Tooltip("components:N", title="components of the year's"),
        alt.Tooltip("missing:N", title="missing components"),
        alt.Tooltip("rank:N", title="FDI rank"),
        alt.Tooltip("centre:N", title="note"),
    ],
)
ui.chart(
    (
        scatter_base.mark_circle(size=90).encode(color=ui.economy_color(in_year, legend=None))
        + scatter_base.mark_text(align="left", dx=7, fontSize=11).encode(text="country_iso3:N")
    ).properties(title=f"FDI inflows per person against push-pressure score, {year} (US$; z-score)"),
    height=420,
)
ranked = in_year.loc[~in_year["is_offshore_financial_centre"].astype(bool)]
short = in_year.loc[in_year["missing"] != ""]
if len(ranked) >= 2:
    most = ranked.nlargest(1, "push_pressure_score").iloc[0]
    ui.answer(
        f"In {year}, of {len(ranked)} economies with both figures (offshore financial centres left out), the one "
        f"under the most push pressure, {most['country_name']}, ranked {ui.blank(most['fdi_rank'], '{:.0f}')} of "
        f"{len(ranked)} by FDI per person (US${most['fdi_per_capita_usd']:,.0f}); the score uses "
        f"{len(ui.codes(year_components))} components this year ({', '.join(ui.codes(year_components))})"
        + (f" and {len(short)} economies lack some of them." if len(short) else ".")
    )
ui.caption(
    "World Bank WDI (GDP per capita, unemployment, inflation, homicides, population, FDI), World Bank WGI, UNCTADstat",
    pub.vintage_of("wdi", "wgi", "unctad"),
    "Push pressure: mean of within-year z-scores of -ln(GDP per capita), unemployment, ln(1 + inflation), "
    "-rule of law, -political stability and ln(1 + homicides per 100,000), re-standardized; a component enters "
    "a year only when at least 10 economies have it, and an economy needs 3 of them. Offshore financial "
    "centres (Cayman, British Virgin Islands) sit far right on pass-through investment and are not ranked.",
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
            enc_base.mark_circle(size=90).encode(color=ui.economy_color(enc_in_year, legend=None))
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
    select *
    from marts.mart_fdi_vs_migration
    order by year
    """
)
MEASURES = {
    "fdi_push_pressure": "with push-pressure score",
    "fdi_remittance_dependence": "with remittances, % of GDP",
    "fdi_encounters": "with border encounters per 100,000",
}
rows = []
for key, label in MEASURES.items():
    for rec in correlations.itertuples(index=False):
        rec = rec._asdict()
        if pd.isna(rec[f"spearman_{key}"]):
            continue
        rows.append(
            {
                "year": int(rec["year"]),
                "measure": label,
                "spearman": rec[f"spearman_{key}"],
                "ci_low": rec[f"spearman_{key}_ci_low"],
                "ci_high": rec[f"spearman_{key}_ci_high"],
                "pearson": ui.blank(rec[f"corr_{key}"], "{:.2f}"),
                "n": int(rec[f"economies_{key}"]),
                "sufficient": "yes" if rec[f"economies_{key}_sufficient"] else "no (too few to quote)",
                "excluded": ui.blank(rec[f"excluded_{key}"]),
            }
        )
long_corr = pd.DataFrame(rows)
if long_corr.empty:
    ui.no_rows("years with enough economies for a correlation")
else:
    base = alt.Chart(long_corr).encode(
        x=alt.X("year:O", title="year"),
        color=alt.Color("measure:N", title="FDI per person"),
        tooltip=[
            "measure:N",
            "year:O",
            alt.Tooltip("spearman:Q", title="Spearman rho", format=".2f"),
            alt.Tooltip("ci_low:Q", title="95% CI low", format=".2f"),
            alt.Tooltip("ci_high:Q", title="95% CI high", format=".2f"),
            alt.Tooltip("pearson:N", title="Pearson r"),
            alt.Tooltip("n:Q", title="economies (n)"),
            alt.Tooltip("sufficient:N", title="enough economies"),
            alt.Tooltip("excluded:N", title="centres left out"),
        ],
    )
    ui.chart(
        (
            base.mark_errorbar().encode(
                y=alt.Y("ci_low:Q", title="Spearman rho, 95% CI", scale=alt.Scale(domain=[-1, 1])), y2="ci_high:Q"
            )
            + base.mark_line(point=True).encode(y="spearman:Q")
        ).properties(
            title="Rank correlation of FDI per person with migration pressures, by year (Spearman rho, 95% CI)"
        ),
    )
    quotable = [
        (key, label)
        for key, label in MEASURES.items()
        if correlations[f"economies_{key}_sufficient"].fillna(False).astype(bool).any()
    ]
    if quotable:
        key, label = quotable[0]
        rec = correlations.loc[correlations[f"economies_{key}_sufficient"].fillna(False).astype(bool)].iloc[-1]
        excluded = ui.codes(rec[f"excluded_{key}"])
        ui.answer(
            f"In {int(rec['year'])}, across {int(rec[f'economies_{key}'])} Western Hemisphere economies, FDI per "
            f"person's rank correlation {label} was {rec[f'spearman_{key}']:+.2f} (95% CI "
            f"{rec[f'spearman_{key}_ci_low']:+.2f} to {rec[f'spearman_{key}_ci_high']:+.2f}; Pearson "
            f"{ui.blank(rec[f'corr_{key}'], '{:+.2f}')})"
            + (f"; {len(excluded)} offshore financial centres left out ({', '.join(excluded)})" if excluded else "")
            + ": an association across economies, not an effect of FDI."
        )
    else:
        ui.answer("No year has enough economies (10) with both figures for a correlation to quote.")
    ui.caption(
        "World Bank WDI, World Bank WGI, UNCTADstat, World Bank/KNOMAD, US CBP",
        pub.vintage_of("wdi", "wgi", "unctad", "knomad", "cbp_encounters"),
        "Across Western Hemisphere economies with both values (not filtered by country), offshore financial "
        "centres left out; no coefficient below 4 economies, and fewer than 10 is not a fact to quote. Pearson r, "
        "sensitive to one extreme economy, is in the tooltip.",
    )

quadrants = correlations.loc[correlations["high_fdi_high_encounters"].notna()]
if not quadrants.empty:
    st.subheader("Economies by quadrant: FDI per person and encounters, each split at the year's median")
    ui.table(
        quadrants[
            [
                "year",
                "high_fdi_high_encounters",
                "high_fdi_low_encounters",
                "low_fdi_high_encounters",
                "low_fdi_low_encounters",
            ]
        ].rename(
            columns={
                "high_fdi_high_encounters": "high FDI, high encounters",
                "high_fdi_low_encounters": "high FDI, low encounters",
                "low_fdi_high_encounters": "low FDI, high encounters",
                "low_fdi_low_encounters": "low FDI, low encounters",
            }
        ),
        formats={"year": "{:d}"},
    )

st.subheader(f"Root causes by economy, {year}")
by_economy = root_causes.loc[root_causes["year"] == year].assign(
    remittances_estimate=lambda f: ui.yes_no(f["remittances_is_estimate"], "estimate"),
    centre=lambda f: ui.yes_no(f["is_offshore_financial_centre"], "yes"),
    migrants_in_us_note=lambda f: f.apply(
        lambda r: (
            ""
            if pd.isna(r["migrants_in_us"])
            else f"{int(r['migrants_in_us_stock_year'])} (UN DESA {ui.blank(r['migrant_stock_revision'], '{:.0f}')})"
        ),
        axis=1,
    ),
)
ui.table(
    by_economy[
        [
            "country_iso3",
            "country_name",
            "gdp_per_capita_usd",
            "unemployment_pct",
            "inflation_pct",
            "homicides_per_100k",
            "rule_of_law",
            "political_stability",
            "remittances_pct_gdp",
            "remittances_estimate",
            "fdi_per_capita_usd",
            "push_pressure_score",
            "push_pressure_components",
            "push_pressure_missing_components",
            "southwest_encounters_per_100k",
            "migrants_in_us",
            "migrants_in_us_note",
            "fdi_rank",
            "centre",
        ]
    ].rename(
        columns={
            "country_iso3": "ISO3",
            "country_name": "economy",
            "gdp_per_capita_usd": "GDP per person, US$",
            "unemployment_pct": "unemployment, %",
            "inflation_pct": "inflation, %",
            "homicides_per_100k": "homicides per 100k",
            "rule_of_law": "rule of law (WGI)",
            "political_stability": "political stability (WGI)",
            "remittances_pct_gdp": "remittances, % GDP",
            "remittances_estimate": "remittances estimate",
            "fdi_per_capita_usd": "FDI per person, US$",
            "push_pressure_score": "push pressure, z",
            "push_pressure_components": "components",
            "push_pressure_missing_components": "missing components",
            "southwest_encounters_per_100k": "encounters per 100k",
            "migrants_in_us": "migrants living in the US",
            "migrants_in_us_note": "stock year (revision)",
            "fdi_rank": "FDI rank",
            "centre": "offshore financial centre",
        }
    ),
    formats={
        "GDP per person, US$": "{:,.0f}",
        "unemployment, %": "{:.1f}",
        "inflation, %": "{:.1f}",
        "homicides per 100k": "{:.1f}",
        "rule of law (WGI)": "{:.2f}",
        "political stability (WGI)": "{:.2f}",
        "remittances, % GDP": "{:.1f}",
        "FDI per person, US$": "{:,.0f}",
        "push pressure, z": "{:.2f}",
        "components": "{:.0f}",
        "encounters per 100k": "{:,.0f}",
        "migrants living in the US": "{:,.0f}",
        "FDI rank": "{:.0f}",
    },
)
ui.caption(
    "World Bank WDI, World Bank WGI, UNCTADstat, World Bank/KNOMAD, US CBP, UN DESA",
    pub.vintage_of("wdi", "wgi", "unctad", "knomad", "cbp_encounters", "undesa_migrant_stock"),
    f"The year's push-pressure components: {', '.join(ui.codes(year_components))}. Migrants living in the US: "
    "UN DESA's origin x destination estimate for the latest stock year at or before this year.",
)
