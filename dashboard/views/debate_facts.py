"""Debate facts (P5): headline numbers a reader can quote, each with its source and vintage."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

import data_access
import ui

st.title("Debate facts")
st.markdown(
    "Plan point 5 asks to inform domestic debates with facts rather than slogans. Every statement below is "
    "computed from the warehouse at build time, never typed in, and carries its source and vintage, what it "
    "is and is not, and its caveats: the number of economies behind it, those left out, estimates and partial years."
)

facts = data_access.query(
    """
    select fact_key, statement, value, unit, year, source, source_vintage, description, value_ci_low,
           value_ci_high, n_economies, caveat_partial_year, caveat_estimate, excluded_economies, caveat
    from marts.mart_debate_facts
    order by fact_key
    """
)
if facts.empty:
    st.info("The published warehouse holds no debate facts: the loaded data support none of them.")
else:
    for fact in facts.itertuples(index=False):
        with st.container(border=True):
            st.markdown(fact.statement)
            details = [f"Year {fact.year}; unit: {fact.unit}."]
            if not pd.isna(fact.value_ci_low):
                details.append(f"95% CI {fact.value_ci_low:+.2f} to {fact.value_ci_high:+.2f}.")
            if not pd.isna(fact.n_economies):
                details.append(f"n = {int(fact.n_economies)} economies.")
            if ui.blank(fact.caveat):
                st.markdown(f"*Caveat:* {ui.blank(fact.caveat)}")
            if ui.blank(fact.description):
                st.markdown(f"*What it is and is not:* {ui.blank(fact.description)}")
            st.caption(f"Source: {fact.source}. Vintage: {fact.source_vintage}. {' '.join(details)}")
    with_caveat = facts.loc[facts["caveat"].fillna("").str.len() > 0]
    estimates = facts["caveat_estimate"].fillna(False).astype(bool)
    ui.answer(
        f"The warehouse publishes {len(facts)} facts to quote, {len(with_caveat)} of them with a caveat printed "
        f"beside them and {int(estimates.sum())} resting on estimates."
    )

st.header("Southwest border encounters by citizenship")
selected = ui.selected_countries()
where, params = data_access.in_countries("citizenship_iso3", selected)
encounters = data_access.query(
    f"""
    select fiscal_year, fiscal_year_is_complete, e.citizenship_iso3,
           case
               when citizenship_iso3 = 'OTHER' then 'Other (not named by CBP)'
               else coalesce(c.country_name, e.citizenship)
           end as citizenship,
           sum(encounters) as encounters, string_agg(distinct source_vintage, ', ') as source_vintage
    from marts.fct_border_encounters_monthly as e
    left join marts.dim_country as c on c.country_iso3 = e.citizenship_iso3
    where border_region = 'Southwest Land Border' and {where}
    group by all
    order by fiscal_year, citizenship
    """,
    params,
)
if encounters.empty:
    ui.no_rows("Southwest border encounters (CBP names only some citizenships; the rest are OTHER)")
else:
    encounters = encounters.assign(
        fy=lambda f: f["fiscal_year"].astype(str) + f["fiscal_year_is_complete"].map({True: "", False: " (partial)"}),
        # CBP's OTHER (citizenships it does not name) joins the "Other" of the stacked chart.
        citizenship_iso3=lambda f: f["citizenship_iso3"].fillna(ui.OTHER).replace("OTHER", ui.OTHER),
    )
    # A dozen stacked citizenships are unreadable: the largest eight, the rest summed as "Other".
    stacked = ui.top_plus_other(
        encounters, "citizenship_iso3", "citizenship", "encounters", by=["fiscal_year", "fy"], top=8
    )
    ui.chart(
        alt.Chart(stacked, title="US CBP Southwest land border encounters by fiscal year and citizenship (encounters)")
        .mark_bar()
        .encode(
            x=alt.X("fy:O", title="federal fiscal year (October to September)"),
            y=alt.Y("encounters:Q", title="encounters", stack=True),
            color=ui.economy_color(stacked, "citizenship_iso3", "citizenship", title="citizenship"),
            tooltip=["citizenship:N", "fy:O", alt.Tooltip("encounters:Q", format=",")],
        )
    )
    complete_fy = encounters.loc[encounters["fiscal_year_is_complete"].astype(bool)]
    if not complete_fy.empty:
        fy = int(complete_fy["fiscal_year"].max())
        in_fy = complete_fy.loc[complete_fy["fiscal_year"] == fy].groupby("citizenship")["encounters"].sum()
        named = in_fy.drop("Other (not named by CBP)", errors="ignore")
        ui.answer(
            f"In fiscal year {fy}, the latest complete, CBP recorded {int(in_fy.sum()):,} Southwest land border "
            f"encounters of the citizenships shown"
            + (
                f"; the most were of citizens of {named.idxmax()} "
                f"({int(named.max()):,}, {named.max() / in_fy.sum():.0%})"
                if not named.empty
                else ""
            )
            + ". Encounters are events, not people."
        )
    ui.caption(
        "US CBP Nationwide Encounters",
        data_access.vintages_in(encounters),
        "A partial fiscal year covers only the months CBP has published."
        + (" All citizenships; pick countries in the sidebar to compare a few." if not selected else ""),
    )

    monthly = data_access.query(
        f"""
        select month_start, e.citizenship_iso3, coalesce(c.country_name, 'Other (not named by CBP)') as citizenship,
               sum(encounters) as encounters, string_agg(distinct source_vintage, ', ') as source_vintage
        from marts.fct_border_encounters_monthly as e
        left join marts.dim_country as c on c.country_iso3 = e.citizenship_iso3
        where border_region = 'Southwest Land Border' and {where}
        group by all
        order by month_start
        """,
        params,
    )
    if not selected:
        # Without a selection the debate is about the total, not a dozen overlapping lines.
        monthly = monthly.groupby("month_start", as_index=False).agg(
            encounters=("encounters", "sum"), source_vintage=("source_vintage", "first")
        )
        monthly["citizenship"] = "All citizenships"
        monthly["citizenship_iso3"] = "all citizenships"
    ui.chart(
        alt.Chart(monthly, title="US CBP Southwest land border encounters per month (encounters)")
        .mark_line(point=True)
        .encode(
            x=alt.X("yearmonth(month_start):T", title="month"),
            y=alt.Y("encounters:Q", title="encounters"),
            color=ui.economy_color(monthly, "citizenship_iso3", "citizenship", title="citizenship"),
            tooltip=["citizenship:N", alt.Tooltip("yearmonth(month_start):T", title="month"), "encounters:Q"],
        )
    )
    ui.caption("US CBP Nationwide Encounters", data_access.vintages_in(monthly), "Encounters are events, not people.")
