"""The Hemisphere dashboard: `make dashboard`, or `streamlit run dashboard/app.py`.

This entry script runs on every page view: it checks that a warehouse is published, draws the
country filter and the sample banner once for all pages, then runs the page. Drawing the filter
here (rather than in each page) keeps its selection when the reader moves between pages.

The page scripts live in views/, not pages/: a pages/ folder beside the entry script switches
Streamlit to its older multipage mode, where a link straight to /nearshoring runs that script alone,
without this frame (no country filter, no sample banner).
"""

from __future__ import annotations

import streamlit as st

import data_access
import ui

st.set_page_config(page_title="Hemisphere", page_icon=":material/public:", layout="wide")

PAGES = [
    st.Page("views/overview.py", title="Overview", icon=":material/public:", default=True),
    st.Page("views/trade_agreements.py", title="Trade agreements and tariffs", url_path="trade_agreements"),
    st.Page("views/agriculture.py", title="Agriculture", url_path="agriculture"),
    st.Page("views/nearshoring.py", title="Nearshoring", url_path="nearshoring"),
    st.Page("views/root_causes.py", title="Root causes and FDI", url_path="root_causes"),
    st.Page("views/remittances.py", title="Remittance dependence", url_path="remittances"),
    st.Page("views/debate_facts.py", title="Debate facts", url_path="debate_facts"),
    st.Page("views/engagement_watchlist.py", title="Engagement watchlist", url_path="engagement_watchlist"),
]

page = st.navigation(PAGES)

path = data_access.warehouse_label()
if not data_access.is_published():
    st.title("Hemisphere")
    st.info(
        f"No warehouse is published yet at `{path}`.\n\n"
        "Build one with `make run` (the bundled sample, offline) or "
        "`.venv/bin/hemi refresh --snapshot ../shared/data`, then reload this page. "
        "Set `HEMI_HOME` to read a warehouse elsewhere.",
        icon="ℹ️",
    )
    st.stop()

pub = data_access.publication()
ui.country_filter(data_access.country_options())
st.sidebar.caption(
    f"Warehouse `{path}`, published {pub.published_at or 'at an unknown time'} ({pub.mode or '?'} mode)."
)
ui.sample_banner(pub)
page.run()
