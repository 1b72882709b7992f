"""A non-blocking check per source: is the publisher's next release overdue?

It looks at the vintages of the source's last complete landing, so it runs after every landing and,
from the daily ``freshness`` schedule, against today's date without landing anything. It reads the
landing zone directly rather than through the Warehouse resource, which would take the writer lock.
The checks of all sources share one step (a multi-asset check): each takes milliseconds, and a step
apiece cost more in Dagster's bookkeeping than the checks themselves.
"""


from collections.abc import Iterable, Iterator, Sequence

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
    nothing about the release; only when no file of the source is dated (M49, WITS, the WTO export)
    does the download date stand in, since that is as recent as we know the data to be.
    """
    files = list(files)  # (vintage, retrieved_at) pairs
    dated = [vintage for vintage, _ in files if vintage]
    return dated or [f"retrieved {retrieved_at[:10]}" for _, retrieved_at in files]


def _freshness_spec(spec: SourceSpec) -> AssetCheckSpec:
    release = RELEASE_CALENDAR[spec.name]
    return AssetCheckSpec(
        CHECK_NAME,
        asset=landing_key(spec),
        blocking=False,
        description=(
            f"Warns when {spec.publisher}'s next release is overdue: {release.due_reason}. Next release "
            f"expected {release.due_after.days} days after the newest vintage's date."
        ),
    )


def _freshness_result(spec: SourceSpec) -> AssetCheckResult:
    release = RELEASE_CALENDAR[spec.name]
    files = LandingZone(hemi_home() / "raw").last_complete(spec.name)
    state = freshness(spec.name, landed_vintages((f.vintage, f.retrieved_at) for f in files))
    return AssetCheckResult(
        asset_key=landing_key(spec),
        check_name=CHECK_NAME,
        passed=not state.late and (state.vintage_date is not None or state.is_sample),
        severity=AssetCheckSeverity.WARN,
        description=state.summary(),
        metadata={
            "newest_vintage": state.newest_vintage or "none",
            "vintage_date": str(state.vintage_date or "unknown"),
            "next_due": str(state.due or "unknown"),
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
