"""The terminal's stage lines (orchestration/console.py), read from Dagster's log records through public
names only, print one line per stage, check and message, as `hemi refresh` always has."""

import re

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    DagsterInstance,
    Definitions,
    asset,
    asset_check,
    define_asset_job,
    in_process_executor,
)

from orchestration.console import stage_lines


@asset(key=["raw", "good"])
def good(context):
    context.log.info("landed 3 files")
    return 1


@asset(key=["raw", "bad"], deps=[good])
def bad(context):
    try:
        raise ValueError("inner cause names the file x.csv row 3")
    except ValueError as exc:
        raise RuntimeError("outer") from exc


@asset(key=["raw", "after"], deps=[bad])
def after():
    return 1


@asset_check(asset=good, name="passes")
def passes():
    return AssetCheckResult(passed=True)


@asset_check(asset=good, name="warns")
def warns():
    return AssetCheckResult(passed=False, severity=AssetCheckSeverity.WARN, description="a warning, rows 2")


@asset_check(asset=good, name="fails")
def fails():
    return AssetCheckResult(passed=False, description="a failure, rows 5")


def test_every_kind_of_line_prints(capsys) -> None:
    defs = Definitions(
        assets=[good, bad, after],
        asset_checks=[passes, warns, fails],
        jobs=[define_asset_job("j")],
        loggers={"console": stage_lines},
        executor=in_process_executor,
    )
    defs.resolve_job_def("j").execute_in_process(
        instance=DagsterInstance.ephemeral(), raise_on_error=False, run_config={"loggers": {"console": {}}}
    )
    printed = re.sub(r"\(\d+\.\d+s\)", "(Ns)", capsys.readouterr().err).splitlines()
    assert printed == [
        "▶ raw__good",
        "    landed 3 files",
        "✓ raw__good (Ns)",
        "▶ raw__bad",
        "✗ raw__bad: ValueError: inner cause names the file x.csv row 3",  # the innermost cause
        "    raw__after did not run: an upstream step or blocking check failed (above)",
        "▶ raw__good_fails",
        "    check raw/good:fails FAILED a failure, rows 5",
        "✓ raw__good_fails (Ns)",
        "▶ raw__good_passes",
        "    check raw/good:passes passed",
        "✓ raw__good_passes (Ns)",
        "▶ raw__good_warns",
        "    check raw/good:warns WARNING a warning, rows 2",
        "✓ raw__good_warns (Ns)",
    ]
