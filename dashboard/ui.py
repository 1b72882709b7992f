"""What every page shares: the country filter, the sample banner, captions and chart defaults."""

from __future__ import annotations

import colorsys
import hashlib

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


# One colour per economy and per bloc, the same on every page and in every chart: a reader who has learnt
# that Mexico is this orange on one page must not find it blue on the next. Named colours for the
# economies and blocs the papers discuss most; every other ISO3 gets a hue derived from its code alone,
# so the colour does not depend on which other economies a chart happens to show.
OTHER = "Other"
OTHER_COLOUR = "#b0b0b0"
ECONOMY_COLOURS = {
    "MEX": "#e15759",
    "CAN": "#4e79a7",
    "CHN": "#9c2f2f",
    "GTM": "#59a14f",
    "HND": "#76b7b2",
    "SLV": "#f28e2b",
    "NIC": "#b07aa1",
    "CRI": "#edc948",
    "PAN": "#ff9da7",
    "DOM": "#9c755f",
    "COL": "#1f77b4",
    "CHL": "#8c564b",
    "PER": "#17becf",
    "CUB": "#d62728",
    "VEN": "#bcbd22",
    "BRA": "#2ca02c",
    "ARG": "#7f7f7f",
    "ECU": "#aec7e8",
    "HTI": "#ff7f0e",
    "JAM": "#98df8a",
    "VNM": "#c5b0d5",
    "THA": "#c49c94",
    "MYS": "#f7b6d2",
    "IDN": "#dbdb8d",
    "PHL": "#9edae5",
}
BLOC_COLOURS = {
    "us_fta_wh": "#1b9e77",
    "us_fta_wh_ex_usmca": "#66a61e",
    "tariff_paper_partners": "#d95f02",
    "cafta_dr": "#e7298a",
    "usmca": "#7570b3",
    "lac": "#e6ab02",
    "lac_ex_mex": "#a6761d",
    "south_america": "#1f78b4",
    "southeast_asia": "#6a3d9a",
    "china": ECONOMY_COLOURS["CHN"],
}


def economy_colour(iso3: str) -> str:
    if iso3 in ECONOMY_COLOURS:
        return ECONOMY_COLOURS[iso3]
    if iso3 == OTHER:
        return OTHER_COLOUR
    seed = int(hashlib.sha256(iso3.encode()).hexdigest()[:8], 16)
    hue = (seed * 0.618033988749895) % 1.0
    lightness = 0.42 + 0.12 * ((seed >> 8) % 3) / 2
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, 0.62)
    return f"#{round(255 * red):02x}{round(255 * green):02x}{round(255 * blue):02x}"


def bloc_colour(bloc_code: str) -> str:
    return BLOC_COLOURS.get(bloc_code, OTHER_COLOUR if bloc_code == OTHER else economy_colour(bloc_code))


def _colour_scale(pairs: pd.DataFrame, colour_of) -> alt.Scale:
    pairs = pairs.drop_duplicates(subset=[pairs.columns[1]]).sort_values(pairs.columns[1])
    # "Other" last, so the legend reads top economies first.
    pairs = pd.concat([pairs.loc[pairs.iloc[:, 0] != OTHER], pairs.loc[pairs.iloc[:, 0] == OTHER]])
    return alt.Scale(domain=list(pairs.iloc[:, 1]), range=[colour_of(str(key)) for key in pairs.iloc[:, 0]])


def economy_color(
    frame: pd.DataFrame, iso3: str = "country_iso3", name: str = "country_name", title: str | None = "economy", **kw
) -> alt.Color:
    """The Altair colour of an economy, from the shared map, labelled by its name."""
    return alt.Color(f"{name}:N", title=title, scale=_colour_scale(frame[[iso3, name]], economy_colour), **kw)


def bloc_color(
    frame: pd.DataFrame, code: str = "bloc_code", name: str = "bloc", title: str | None = "bloc", **kw
) -> alt.Color:
    """The Altair colour of a bloc (or region), from the shared map keyed by bloc_code."""
    return alt.Color(f"{name}:N", title=title, scale=_colour_scale(frame[[code, name]], bloc_colour), **kw)


def top_plus_other(frame: pd.DataFrame, key: str, name: str, value: str, by: list[str], top: int = 8) -> pd.DataFrame:
    """Keep the `top` keys with the largest total `value`; sum the rest per `by` into one "Other" row."""
    largest = frame.loc[frame[key] != OTHER].groupby(key)[value].sum().nlargest(top).index
    kept = frame.loc[frame[key].isin(largest), [*by, key, name, value]]
    rest = frame.loc[~frame[key].isin(largest)]
    if rest.empty:
        return kept
    other = rest.groupby(by, as_index=False)[value].sum().assign(**{key: OTHER, name: OTHER})
    return pd.concat([kept, other], ignore_index=True)


def answer(sentence: str) -> None:
    """The page's answer, in one sentence under its chart, computed from the marts."""
    st.markdown(f"**Answer:** {sentence}")


def blank(value: object, fmt: str = "{}") -> str:
    """A value as text for a sentence or tooltip; missing values are blank, never 'None' or 'nan'."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return fmt.format(value)


def text_column(series: pd.Series, fmt: str = "{}") -> pd.Series:
    """A column formatted for tooltips: missing values are an empty string, not null (drawn as 'null')."""
    return series.map(lambda value: blank(value, fmt))


def yes_no(series: pd.Series, yes: str = "yes", no: str = "") -> pd.Series:
    return series.map(lambda value: "" if value is None or pd.isna(value) else (yes if bool(value) else no))


def table(frame: pd.DataFrame, formats: dict[str, object] | None = None, **kw) -> None:
    """st.dataframe with missing values blank.

    st.dataframe draws a null as a grey 'None', whatever a Styler says, so every column holding a
    missing value goes to the grid as text, formatted here, with '' for the missing ones; numbers
    stay right-aligned.
    """
    formats = formats or {}
    shown = frame.copy()
    config = {}
    for column in shown.columns:
        values = shown[column]
        fmt = formats.get(column)
        numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
        if fmt is None and not values.isna().any():
            continue
        if fmt is None:
            fmt = "{:g}" if numeric else "{}"
        format_one = fmt if callable(fmt) else fmt.format
        shown[column] = values.map(lambda v, f=format_one: "" if v is None or pd.isna(v) else f(v))
        if numeric:
            config[column] = st.column_config.TextColumn(column, alignment="right")
    st.dataframe(shown, hide_index=True, column_config=config, **kw)


def join_names(names: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def pct(fraction: float, digits: int = 1) -> str:
    return f"{100 * fraction:.{digits}f}%"


def busd(value: float) -> str:
    return f"US${value / BILLION:,.1f} billion"


def is_true(value: object) -> bool:
    """True for a true boolean (Python or NumPy); false for false and for missing values."""
    return value is not None and not pd.isna(value) and bool(value)


def codes(listed: object) -> list[str]:
    """The items of a mart's comma-separated list column ('' or null: none)."""
    return [item.strip() for item in blank(listed).split(",") if item.strip()]
