"""Debate facts (P5): headline numbers a reader can quote, each with its source and vintage."""

from __future__ import annotations

import altair as alt
import streamlit as st

import data_access
import ui

st.title("Debate facts")
st.markdown(
    "Plan point 5 asks to inform domestic debates with facts rather than slogans. Every statement below is "
    "computed from the warehouse at build time, never typed in, and carries its source and vintage."
)

facts = data_access.query(
    """
    select fact_key, statement, value, unit, year, source, source_vintage
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
            st.caption(f"Source: {fact.source}. Vintage: {fact.source_vintage}. Year {fact.year}; unit: {fact.unit}.")

st.header("Southwest border encounters by citizenship")
selected = ui.selected_countries()
where, params = data_access.in_countries("citizenship_iso3", selected)
encounters = data_access.query(
    f"""
    select fiscal_year, fiscal_year_is_complete,
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
        fy=lambda f: f["fiscal_year"].astype(str) + f["fiscal_year_is_complete"].map({True: "", False: " (partial)"})
    )
    ui.chart(
        alt.Chart(
            encounters, title="US CBP Southwest land border encounters by fiscal year and citizenship (encounters)"
        )
        .mark_bar()
        .encode(
            x=alt.X("fy:O", title="federal fiscal year (October to September)"),
            y=alt.Y("encounters:Q", title="encounters", stack=True),
            color=alt.Color("citizenship:N", title="citizenship", sort="-y"),
            tooltip=["citizenship:N", "fy:O", alt.Tooltip("encounters:Q", format=",")],
        )
    )
    ui.caption(
        "US CBP Nationwide Encounters",
        data_access.vintages_in(encounters),
        "A partial fiscal year covers only the months CBP has published."
        + (" All citizenships; pick countries in the sidebar to compare a few." if not selected else ""),
    )

    monthly = data_access.query(
        f"""
        select month_start, coalesce(c.country_name, 'Other (not named by CBP)') as citizenship,
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
    ui.chart(
        alt.Chart(monthly, title="US CBP Southwest land border encounters per month (encounters)")
        .mark_line(point=True)
        .encode(
            x=alt.X("yearmonth(month_start):T", title="month"),
            y=alt.Y("encounters:Q", title="encounters"),
            color=alt.Color("citizenship:N", title="citizenship"),
            tooltip=["citizenship:N", alt.Tooltip("yearmonth(month_start):T", title="month"), "encounters:Q"],
        )
    )
    ui.caption("US CBP Nationwide Encounters", data_access.vintages_in(monthly), "Encounters are events, not people.")
