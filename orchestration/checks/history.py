"""History checks: each value of a raw table against its own series.

A value ten times its neighbours passes every fixed bound when the neighbours are far from the
bounds; only the series itself says it is out of place. Each raw table that holds series declares
them (``RawTable.history``: the series columns, the period and the value columns, which rows are
rates, and the table's two thresholds). Every value is scored against the series' past, the way it
would be scored had it been the newest of a release:

- annual series, year on year: the change from the previous period the series has;
- monthly series: the change from the median of the 12 values before (published, non-zero), and
  from the same month a year before; a value is only as odd as the smaller of the two (a season or
  a trend break moves one reference, a wrong value both).

Values are compared on ``asinh(value / c)``: a log ratio well above ``c``, a difference near zero,
so zeros, negative values and sign changes need no special case. For levels (US$, persons) ``c`` is
a tenth of the series' median |value|; for rates (percent, points) and for levels that change sign
(FDI, net migration) it is the median |value| itself. Zero in a level is "no data" and skipped. Each
change becomes a robust z-score against the series' own changes, (change - median) / (1.4826 MAD),
the scale floored so that a near-constant series does not turn rounding into an outlier. A series
with fewer than ``MIN_CHANGES`` changes has no history to judge by and is not scored.

The whole table is scored at every refresh (DuckDB window functions and per-series aggregates), so
a faulty value anywhere in a re-published history is caught. The thresholds are calibrated on every
period of the real snapshot and of the bundled sample: no clean value reaches a table's
``warn_above`` (README, "History checks").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import duckdb
import pandas as pd

from sources._common.spec import History, RawTable

# Fewer changes than this and a series' median and MAD say nothing about it.
MIN_CHANGES = 5
# Values are compared as asinh(value / c): log ratios well above c, differences near and below it.
# Levels: c is a tenth of the series' median |value|; rates, and levels that change sign (FDI, net
# migration, balances): the median |value| itself, so that a value moving within its usual range
# moves in points, and hyperinflation in ratios.
LEVEL_ZERO_SHARE = 0.1
RATE_ZERO_SHARE = 1.0
# Floors of the robust scale: a level that moves less than about 5% a period is judged as if it did;
# a rate (or a level that changes sign) that moves less than a quarter of its usual magnitude, too.
# Model-based series (UN population estimates behind WDI's net migration) are smooth for years and
# then turn; without the floor their own tiny MAD would make every turn an outlier.
LEVEL_MIN_SCALE = 0.05
RELATIVE_MIN_SCALE = 0.25
# A month needs this many of the 12 before it for their median to be a reference.
MIN_RECENT = 3
# Rows listed in a failure or warning message.
ROWS_SHOWN = 10

RULE_ANNUAL = "year on year"
RULE_MONTHLY = "month against the 12 months before and the same month a year before"


@dataclass(frozen=True)
class HistoryFindings:
    scored: int  # values that had enough history to be scored
    series: int  # series scored
    max_score: float
    rule: str
    warn_above: float
    block_above: float
    rows: pd.DataFrame  # the values scoring warn_above or more, worst first

    @property
    def blocking(self) -> pd.DataFrame:
        return self.rows[self.rows["score"] >= self.block_above]

    @property
    def warning(self) -> pd.DataFrame:
        return self.rows[self.rows["score"] < self.block_above]


def is_monthly(history: History) -> bool:
    return len(history.period) == 2


def describe(history: History) -> str:
    rule = RULE_MONTHLY if is_monthly(history) else RULE_ANNUAL
    return f"{rule}; series {', '.join(history.series)}; values {', '.join(history.values)}"


# Values scored per query. median() and mad() hold each group's values in memory and do not spill,
# so a big table (WDI: 2.7 million values at the 10x sample, 24 million at 100x) is scored in slices
# of whole series that fit the refresh's DuckDB memory cap (256 MB). A WDI-shaped slice takes about
# 200 bytes a value: slices of 1.3 million values ran out of memory at 10x; 500,000 leave room, and
# the 10x table scored in 3.8 s against 3.3 s in slices of 800,000 (each slice scans the table).
VALUES_PER_SLICE = 500_000


def scores_sql(table: str, history: History, slices: int = 1, slice_index: int = 0) -> str:
    """The values of raw.<table> that score ``$1`` (warn_above) or more, and the table's largest score.

    Series are numbered by a hash of their columns and value column, and rows are carried by rowid:
    the windows sort narrow rows, and only the rows returned are looked up again (``score_table``).
    With ``slices`` > 1, only the series whose hash falls in slice ``slice_index`` are scored.
    """
    series_columns = ", ".join(f'"{c}"' for c in history.series)
    if is_monthly(history):
        year, month = history.period
        period = f'cast("{year}" as bigint) * 12 + cast("{month}" as bigint) - 1'
    else:
        period = f'cast("{history.period[0]}" as bigint)'
    values_long = "\n        union all\n".join(
        f"""
        select
            rowid as row_id, hash({series_columns}, {index}) as series_id, {index} as value_index,
            {period} as period, cast("{value}" as double) as value, ({history.is_rate}) as is_rate,
        from raw."{table}"
        where ({history.where}) and "{value}" is not null and isfinite(cast("{value}" as double))
            and hash({series_columns}, {index}) % {slices} = {slice_index}
        """
        for index, value in enumerate(history.values)
    )
    if is_monthly(history):
        # The 12 values before (published, non-zero), and the value of the same month a year before.
        changes = f"""
            case
                when count(transformed.x) over recent >= {MIN_RECENT}
                    then transformed.x - median(transformed.x) over recent
            end as change,
            transformed.x - last_year.x as change_year,
            last_year.x as reference_year_x,
            median(transformed.x) over recent as reference_x,
        """
        frames = "recent as (partition by series_id order by period rows between 12 preceding and 1 preceding)"
        last_year = """
            left join (select series_id, period + 12 as period, x from transformed) as last_year
                using (series_id, period)
        """
    else:
        changes = """
            x - lag(x) over by_period as change,
            cast(null as double) as change_year,
            cast(null as double) as reference_year_x,
            lag(x) over by_period as reference_x,
        """
        frames = "by_period as (partition by series_id order by period)"
        last_year = ""
    # Annual series have no same-month-a-year-before change: skip its two sorts per series.
    year_stats = (
        """
            median(change_year) as change_year_median,
            1.4826 * mad(change_year) as change_year_spread,
        """
        if is_monthly(history)
        else "cast(null as double) as change_year_median, cast(null as double) as change_year_spread,"
    )
    return f"""
    with values_long as ({values_long}),
    -- Zero in a level is the publishers' "no data" (KNOMAD's early years, a Census code before it
    -- existed) or no flow at all: a series starting or stopping is not an outlier.
    kept as (select * from values_long where is_rate or value <> 0),
    series_stats as (
        select
            series_id,
            any_value(value_index) as value_index,
            bool_or(is_rate) as is_rate,
            bool_or(is_rate) or (min(value) < 0 and max(value) > 0) as is_relative,
            greatest(
                case when is_relative then {RATE_ZERO_SHARE} else {LEVEL_ZERO_SHARE} end * median(abs(value)),
                {history.noise_floor}
            ) as zero_scale,
            case when is_relative then {RELATIVE_MIN_SCALE} else {LEVEL_MIN_SCALE} end as min_scale,
        from kept
        group by series_id
    ),
    -- Only what the window needs goes through its sort; the rest is per series, joined after.
    transformed as (
        select row_id, series_id, period, asinh(value / nullif(zero_scale, 0)) as x,
        from kept
        inner join series_stats using (series_id)
    ),
    changed as (
        select transformed.*, {changes}
        from transformed
        {last_year}
        where transformed.x is not null
        window {frames}
    ),
    change_stats as (
        select
            series_id,
            count(change) as changes,
            median(change) as change_median,
            1.4826 * mad(change) as change_spread,
            {year_stats}
        from changed
        group by series_id
        having count(change) >= {MIN_CHANGES}
    ),
    scored as (
        select
            changed.*, value_index, is_rate, zero_scale, change_median,
            zero_scale * sinh(x) as value,
            zero_scale * sinh(reference_x) as reference_value,
            zero_scale * sinh(reference_year_x) as reference_year_value,
            greatest(change_spread, min_scale) as change_scale,
            abs(change - change_median) / change_scale as score_recent,
            abs(change_year - change_year_median) / greatest(change_year_spread, min_scale) as score_year,
            least(score_recent, coalesce(score_year, score_recent)) as score,
        from changed
        inner join change_stats using (series_id)
        inner join series_stats using (series_id)
        where change is not null
    ),
    summary as (
        select
            count(*) as values_scored, coalesce(max(score), 0) as max_score,
            count(distinct series_id) as series_scored,
        from scored
    ),
    flagged as (
        select
            row_id, value_index, period, value, reference_value, reference_year_value, score, score_recent,
            score_year, is_rate, zero_scale, reference_x, change_median, change_scale,
        from scored
        where score >= $1
    )
    -- One row with the summary alone when nothing is flagged.
    select flagged.*, summary.* from summary left join flagged on true
    """


def _band(x_center: float, scale: float, score: float, zero_scale: float) -> tuple[float, float]:
    """The values that score below ``score``: the reference moved by the usual change, +- score scales."""
    low, high = x_center - score * scale, x_center + score * scale
    return zero_scale * math.sinh(low), zero_scale * math.sinh(high)


def score_table(con: duckdb.DuckDBPyConnection, table: RawTable) -> HistoryFindings | None:
    """Score raw.<table> against its own history; None when the table declares no series."""
    history = table.history
    if history is None:
        return None
    (rows_in_table,) = con.execute(f'select count(*) from raw."{table.name}"').fetchone()
    slices = max(1, math.ceil(rows_in_table * len(history.values) / VALUES_PER_SLICE))
    parts = [
        con.execute(scores_sql(table.name, history, slices, index), [history.warn_above]).df()
        for index in range(slices)
    ]
    scored = sum(int(part["values_scored"].iloc[0]) for part in parts)
    series = sum(int(part["series_scored"].iloc[0]) for part in parts)
    max_score = max(float(part["max_score"].iloc[0]) for part in parts)
    found = pd.concat(parts, ignore_index=True)
    rows = found[found["row_id"].notna()].sort_values("score", ascending=False).copy()
    rows["value_column"] = [history.values[int(index)] for index in rows["value_index"]]
    rows = rows.reset_index(drop=True)
    rows = _with_row_details(con, table.name, history, rows)
    bands = [
        _band(r.reference_x + r.change_median, r.change_scale, history.warn_above, r.zero_scale)
        for r in rows.itertuples()
    ]
    rows["expected_low"] = [b[0] for b in bands]
    rows["expected_high"] = [b[1] for b in bands]
    rule = RULE_MONTHLY if is_monthly(history) else RULE_ANNUAL
    return HistoryFindings(
        int(scored), int(series), float(max_score), rule, history.warn_above, history.block_above, rows
    )


def _with_row_details(con: duckdb.DuckDBPyConnection, table: str, history: History, rows: pd.DataFrame):
    """The flagged rows with their series, period, file and row, read back by rowid."""
    columns = ["series_key", "period_label", "source_file", "source_row"]
    if rows.empty:
        return rows.assign(**{column: pd.Series(dtype=object) for column in columns})
    series_label = " || ' / ' || ".join(f"coalesce(cast(\"{c}\" as varchar), '∅')" for c in history.series)
    if is_monthly(history):
        year, month = history.period
        period_label = f"cast(\"{year}\" as varchar) || '-' || lpad(cast(\"{month}\" as varchar), 2, '0')"
    else:
        period_label = f'cast("{history.period[0]}" as varchar)'
    details = con.execute(
        f"""
        select rowid as row_id, {series_label} as series_key, {period_label} as period_label, source_file, source_row
        from raw."{table}" where rowid in (select unnest($1))
        """,
        [[int(row_id) for row_id in rows["row_id"]]],
    ).df()
    return rows.merge(details, on="row_id", how="left")


def summarize(source: str, table: RawTable, found: HistoryFindings) -> str:
    """One line: source, table, files, rule, and the worst values with their expected band and row."""
    head = f"[{source}] raw.{table.name}"
    if found.rows.empty:
        return (
            f"{head}: history ({found.rule}): {found.scored:,} values in {found.series:,} series scored, "
            f"largest robust z {found.max_score:.1f} (warns at {found.warn_above:g})"
        )
    files = ", ".join(sorted({str(f) for f in found.rows["source_file"].dropna()}))
    blocking = len(found.blocking)
    verdict = (
        f"{blocking} value(s) at or above the blocking score {found.block_above:g}"
        if blocking
        else f"{len(found.rows)} value(s) at or above the warning score {found.warn_above:g}"
    )
    shown = "; ".join(_describe_row(row) for row in found.rows.head(ROWS_SHOWN).itertuples())
    more = f"; and {len(found.rows) - ROWS_SHOWN} more" if len(found.rows) > ROWS_SHOWN else ""
    return f"{head} in {files}: history rule '{found.rule}': {verdict}: {shown}{more}"


def _describe_row(row) -> str:
    reference = f"{row.reference_value:,.6g}"
    if row.reference_year_value == row.reference_year_value and row.reference_year_value is not None:
        reference += f", a year before {row.reference_year_value:,.6g}"
    return (
        f"{row.series_key} {row.value_column} {row.period_label} = {row.value:,.6g} "
        f"(expected {row.expected_low:,.6g} to {row.expected_high:,.6g}; recent {reference}; "
        f"robust z {row.score:.1f}) at {row.source_file} row {row.source_row}"
    )


def rows_markdown(rows: pd.DataFrame) -> str:
    columns = [
        "series_key", "value_column", "period_label", "value", "reference_value", "reference_year_value",
        "expected_low", "expected_high", "score", "source_file", "source_row",
    ]  # fmt: skip
    return rows[columns].head(50).to_markdown(index=False)
