"""Overview: what the warehouse answers, where, and what it was built from."""

from __future__ import annotations

import streamlit as st

import data_access
import ui

st.title("Hemisphere: Western Hemisphere trade, FDI, remittances and migration")
st.markdown(
    "Each page answers plan points of two policy papers: *Reengaging with Latin American Partners* "
    "(P1-P5) and *What should Trump do next on trade* (T1-T4). Every figure is read from the published "
    "warehouse and carries its source and vintage."
)

PAGE_POINTS = {
    "views/trade_agreements.py": ("Trade agreements and tariffs", ["T1", "T2", "P3"]),
    "views/agriculture.py": ("Agriculture", ["P3", "T1"]),
    "views/nearshoring.py": ("Nearshoring", ["T3", "T4"]),
    "views/root_causes.py": ("Root causes and FDI", ["P4"]),
    "views/remittances.py": ("Remittance dependence", ["P4"]),
    "views/debate_facts.py": ("Debate facts", ["P5"]),
    "views/engagement_watchlist.py": ("Engagement watchlist and views of the US", ["P2"]),
}

plan_points = data_access.query("select plan_point, title, question from marts.dim_plan_point order by plan_point")
by_point = plan_points.set_index("plan_point")
for target, (label, points) in PAGE_POINTS.items():
    st.page_link(target, label=f"**{label}** ({', '.join(points)})")
    for point in points:
        if point in by_point.index:
            st.markdown(f"- {point}: {by_point.at[point, 'question']}")

st.subheader("What the published warehouse was built from")
loads = data_access.query(
    """
    select source, string_agg(distinct vintages, ', ' order by vintages) as vintages,
           sum(row_count) as rows_loaded, max(loaded_at)::varchar as loaded_at
    from meta.source_loads
    where vintages <> 'repository'
    group by source
    order by source
    """
)
loads.insert(1, "publisher", loads["source"].map(data_access.PUBLISHERS))
ui.table(loads)
st.caption(
    "Source: the warehouse's meta schema (meta.source_loads, meta.refreshes). "
    f"Vintage: {', '.join(sorted(set(', '.join(loads['vintages']).split(', '))))}."
)
