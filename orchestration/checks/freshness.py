"""A non-blocking check per source: is the publisher's next release overdue?

The check is for the Dagster UI and the schedules: it turns yellow on the landing asset while the
next release is overdue (or nothing dates the data). Lateness is a fact about the publisher's
release, not about a refresh, so `hemi refresh` and `hemi status` do not print it as a warning: they
show a freshness table that says what to download (``orchestration/cli.py``).

It looks at the vintages of the source's last complete landing, so it runs after every landing and,
from the daily ``freshness`` schedule, against today's date without landing anything. It reads the
landing zone directly rather than through the Warehouse resource, which would take the writer lock.
The checks of all sources share one step (a multi-asset check): each takes milliseconds, and a step
apiece cost more in Dagster's bookkeeping than the checks themselves.
"""


from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetCheckSpec,
    multi_asset_check,
)

from orchestration.assets.keys import landing_key
from orchestration.paths import hemi_home
from orchestration.release_calendar import RELEASE_CALENDAR, freshness
from sources._common.landing import LandingZone
from sources._common.spec import SourceSpec

CHECK_NAME = "vintage_freshness"


def landed_vintages(files: Iterable[tuple[str | None, str]]) -> list[str | None]:
    """The vintages that date a landing.

    Files that carry no vintage of their own (WDI's metadata CSVs beside dated indicator files) say
    nothing about the release. The download date never stands in: a file fetched today can hold data
    that is years old, so a source whose files carry no date is judged on its data's own period
    (``data_period``) or, failing that, its freshness is unknown.
    """
    return [vintage for vintage, _ in files if vintage]


def _wits_newest_year(paths: Sequence[Path]) -> str | None:
    from sources.wits.parse import parse_trade_summary

    years = [int(parse_trade_summary(path)["year"].max()) for path in paths]
    return str(max(years)) if years else None


def _wto_newest_date(paths: Sequence[Path]) -> str | None:
    """The newest notification or entry-into-force date that has passed (announced dates lie ahead)."""
    from sources.trade_agreements.parse import parse_all_rtas

    today = datetime.now(UTC).date()
    newest: date | None = None
    columns = ("notification_date_goods", "notification_date_services", "entry_into_force_goods",
               "entry_into_force_services")
    for path in paths:
        rtas = parse_all_rtas(path).rtas
        for column in columns:
            dates = [d for d in rtas[column].dropna() if d <= today]
            if dates and (newest is None or max(dates) > newest):
                newest = max(dates)
    return newest.isoformat() if newest else None


# Sources whose files carry no release date: their freshness is judged on the data's own period.
DATA_PERIOD: dict[str, Callable[[Sequence[Path]], str | None]] = {
    "wits": _wits_newest_year,
    "trade_agreements": _wto_newest_date,
}


def source_vintages(source: str, files: Iterable[tuple[str | None, str, Path]]) -> list[str | None]:
    """What dates ``source``'s landing for freshness: its vintages, or its data's period where the
    files carry no vintage. ``files`` are (vintage, retrieved_at, landed path) triples."""
    files = list(files)
    reader = DATA_PERIOD.get(source)
    if reader is not None and not any(vintage == "sample" for vintage, _, _ in files):
        paths = [path for _, _, path in files if Path(path).exists()]
        try:
            period = reader(paths) if paths else None
        except Exception:  # an unreadable file fails its parse, with its own message; here it dates nothing
            period = None
        return [period] if period else []
    return landed_vintages((vintage, retrieved_at) for vintage, retrieved_at, _ in files)


def _freshness_spec(spec: SourceSpec) -> AssetCheckSpec:
    release = RELEASE_CALENDAR[spec.name]
    return AssetCheckSpec(
        CHECK_NAME,
        asset=landing_key(spec),
        blocking=False,
        description=(
            f"Yellow when {spec.publisher}'s next release is overdue or nothing dates the data: "
            f"{release.due_reason}. "
            + (
                "No further release is expected."
                if release.due_after is None
                else f"Next release expected {release.due_after.days} days after the newest vintage."
            )
        ),
    )


def _freshness_result(spec: SourceSpec) -> AssetCheckResult:
    release = RELEASE_CALENDAR[spec.name]
    files = LandingZone(hemi_home() / "raw").last_complete(spec.name)
    state = freshness(spec.name, source_vintages(spec.name, ((f.vintage, f.retrieved_at, f.file) for f in files)))
    return AssetCheckResult(
        asset_key=landing_key(spec),
        check_name=CHECK_NAME,
        passed=not state.late and (state.vintage_date is not None or state.is_sample),
        severity=AssetCheckSeverity.WARN,
        description=state.summary(),
        metadata={
            "newest_vintage": state.newest_vintage or "none",
            "vintage_date": str(state.vintage_date or "unknown"),
            "next_due": "none expected" if state.final else str(state.due or "unknown"),
            "days_overdue": state.days_overdue,
            "cadence": spec.cadence,
            "rule": release.due_reason,
        },
    )


def build_freshness_checks(specs: Sequence[SourceSpec]) -> list[AssetChecksDefinition]:
    by_key = {_freshness_spec(spec).key: spec for spec in specs}

    # Subsettable: a landing of one source runs (and waits for) only that source's check.
    @multi_asset_check(specs=[_freshness_spec(spec) for spec in specs], name="vintage_freshness", can_subset=True)
    def vintage_freshness(context: AssetCheckExecutionContext) -> Iterator[AssetCheckResult]:
        for key in sorted(context.selected_asset_check_keys, key=lambda k: k.asset_key.to_user_string()):
            yield _freshness_result(by_key[key])

    return [vintage_freshness]
