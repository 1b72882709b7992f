"""A non-blocking check per source: is the publisher's next release overdue?

It looks at the vintages of the source's last complete landing, so it runs after every landing and,
from the daily ``freshness`` schedule, against today's date without landing anything. It reads the
landing zone directly rather than through the Warehouse resource, which would take the writer lock.
"""


from collections.abc import Iterable, Sequence

from dagster import AssetCheckResult, AssetChecksDefinition, AssetCheckSeverity, asset_check

from orchestration.assets.sources import landing_key
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


def build_freshness_check(spec: SourceSpec) -> AssetChecksDefinition:
    release = RELEASE_CALENDAR[spec.name]

    @asset_check(
        asset=landing_key(spec),
        name=CHECK_NAME,
        blocking=False,
        description=(
            f"Warns when {spec.publisher}'s next release is overdue: {release.due_reason}. Next release "
            f"expected {release.due_after.days} days after the newest vintage's date."
        ),
    )
    def vintage_freshness() -> AssetCheckResult:
        files = LandingZone(hemi_home() / "raw").last_complete(spec.name)
        state = freshness(spec.name, landed_vintages((f.vintage, f.retrieved_at) for f in files))
        return AssetCheckResult(
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

    return vintage_freshness


def build_freshness_checks(specs: Sequence[SourceSpec]) -> list[AssetChecksDefinition]:
    return [build_freshness_check(spec) for spec in specs]
