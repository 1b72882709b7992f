"""What every page shares: the country filter, the sample banner, captions and chart defaults."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from data_access import Publication

COUNTRY_KEY = "countries"
BILLION = 1e9


def selected_countries() -> list[str]:
    """ISO3 codes picked in the sidebar; empty means every economy."""
    return list(st.session_state.get(COUNTRY_KEY, []))


def country_filter(options: pd.DataFrame) -> list[str]:
    names = dict(zip(options["country_iso3"], options["country_name"], strict=True))
    return st.sidebar.multiselect(
        "Countries",
        options=list(options["country_iso3"]),
        format_func=lambda iso3: f"{names.get(iso3, iso3)} ({iso3})",
        key=COUNTRY_KEY,
        placeholder="All economies",
        help="Western Hemisphere economies and the comparators (China, Southeast Asia). "
        "Leave empty to show every economy; bloc and region totals are not filtered.",
    )


def sample_banner(pub: Publication) -> None:
    if not pub.is_sample:
        return
    sources = ", ".join(pub.sample_sources) or "every source"
    st.warning(
        f"**Sample data.** This warehouse was built from the bundled synthetic sample "
        f"(source_vintage = 'sample' for {sources}): the numbers exercise the pipeline and are not real. "
        "Run `hemi refresh --snapshot DIR` or `--live` for publishers' data.",
        icon="⚠️",
    )


def caption(source: str, vintage: str, note: str = "") -> None:
    text = f"Source: {source}. Vintage: {vintage}."
    st.caption(f"{text} {note}".strip())


def no_rows(what: str) -> None:
    st.info(f"No {what} for the selected countries. Clear or widen the country filter in the sidebar.")


def chart(spec: alt.Chart | alt.LayerChart, rows: int = 0, row_height: int = 26, height: int = 300) -> None:
    """Draw an Altair chart across the page.

    A bar chart of `rows` categories gets room for each label. The element's height is set
    explicitly: with Streamlit's "content" height, a layered chart loses its title.
    """
    if rows:
        height = max(120, rows * row_height)
    spec = (
        spec.properties(height=height)
        .configure_axis(labelLimit=260, titleFontWeight="normal")
        .configure_legend(labelLimit=320)
        .configure_title(anchor="start", fontSize=15)
        # Streamlit's default palette puts light and dark shades of one hue side by side.
        .configure_range(category={"scheme": "tableau10"})
    )
    st.altair_chart(spec, width="stretch", height=height + 110)


def symlog_ticks(values: pd.Series) -> list[float]:
    """Round ticks (0, ±10, ±30, ±100...) for a symmetric-log axis, which Vega would otherwise crowd."""
    ticks = [0.0] + [sign * step * 10.0**power for power in range(1, 7) for step in (1, 3) for sign in (1, -1)]
    low, high = min(float(values.min()), 0.0), max(float(values.max()), 0.0)
    return sorted(t for t in ticks if low * 1.05 <= t <= high * 1.05)


def well_covered_year(frame: pd.DataFrame, key: str = "country_iso3", share: float = 0.8) -> int | None:
    """The newest year with at least `share` of the best-covered year's economies.

    The newest year is often an estimate for a few economies only (WDI and WGI lag by a year or two).
    """
    if frame.empty:
        return None
    coverage = frame.groupby("year")[key].nunique()
    return int(coverage[coverage >= share * coverage.max()].index.max())


def partial_year_note(frame: pd.DataFrame) -> str:
    """Names the years whose totals cover only the months Census has published."""
    if "is_complete_year" not in frame:
        return ""
    partial = frame.loc[~frame["is_complete_year"].astype(bool)]
    if partial.empty:
        return ""
    years = ", ".join(
        f"{int(y)} ({int(m)} months)" for y, m in partial[["year", "months_reported"]].drop_duplicates().to_numpy()
    )
    return f"Partial years cover only the months published so far: {years}."


def latest_year(frame: pd.DataFrame, complete_only: bool = True) -> int | None:
    rows = frame.loc[frame["is_complete_year"].astype(bool)] if complete_only and "is_complete_year" in frame else frame
    return None if rows.empty else int(rows["year"].max())
