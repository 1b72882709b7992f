"""`hemi`: refresh the warehouse, query it read-only, and show what is published."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections import defaultdict
from datetime import UTC
from decimal import Decimal
from pathlib import Path

import click
import duckdb
from rich.console import Console
from rich.markdown import Markdown
from rich.markup import escape
from rich.table import Table

from orchestration.faults import describe_fault
from orchestration.gc import DEFAULT_KEEP_LANDINGS, DEFAULT_QUARANTINE_DAYS, apply_gc, plan_gc
from orchestration.history import last_failed_refresh, record_fault, record_refresh_attempt
from orchestration.paths import configure_environment, hemi_home
from orchestration.reader import describe as published_label
from orchestration.warehouse import WarehouseFiles, set_aside_unreadable

# Piped or captured output (a log, CI): wide tables rather than truncated cells, and text lines never
# wrapped mid-line (soft wrap: one message, one line).
console = Console(highlight=False, width=None if sys.stdout.isatty() else 200, soft_wrap=not sys.stdout.isatty())
err = Console(stderr=True, highlight=False, width=None if sys.stderr.isatty() else 200,
              soft_wrap=not sys.stderr.isatty())
STATUS_WIDTH = 120  # `hemi status` tables fit this many columns
SNAPSHOTS_SHOWN = 10

EXAMPLE_QUERIES = (
    # T1: is the US running a surplus with CAFTA-DR? (partial years are flagged, never passed off as full)
    "select year, exports_usd, imports_usd, balance_usd, is_complete_year from marts.agg_us_goods_trade_by_bloc "
    "where bloc = 'CAFTA-DR' order by year desc limit 5",
    # P4: root causes of migration against FDI in the Northern Triangle
    "select country_iso3, year, push_pressure_score, fdi_per_capita_usd, southwest_encounters_per_100k, fdi_rank "
    "from marts.mart_migration_root_causes where country_iso3 in ('GTM', 'HND', 'SLV') and year = 2022",
)


@click.group()
@click.option("--debug", is_flag=True, help="On a fault, show the Python traceback as well as the one-line message.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Hemisphere: Western Hemisphere trade, FDI, remittance and migration indicators."""
    ctx.obj = {"debug": debug}


def _debug() -> bool:
    context = click.get_current_context(silent=True)
    root = context.find_root() if context else None
    return bool(root and root.obj and root.obj.get("debug"))


def _fault(message: str, exc: BaseException, recorded: str | None = None) -> None:
    """End a command on a fault of the machine or an unexpected error: one readable line, exit 1.

    The traceback only with `hemi --debug`.
    """
    if _debug():
        err.print_exception()
    err.print(f"[red bold]refresh failed:[/red bold] {escape(message)}")
    if recorded:
        err.print(f"[yellow]{escape(recorded)}[/yellow]")
    if not _debug():
        err.print("[dim](hemi --debug refresh ... shows the traceback)[/dim]")
    sys.exit(1)


@main.command()
@click.option("--sample", "mode", flag_value="sample", default=True, help="Build from the bundled sample (default).")
@click.option("--snapshot", "snapshot_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Build from a folder laid out like shared/data.")
@click.option("--live", "mode", flag_value="live", help="Download from the publishers.")
@click.option("--only", "only", multiple=True, help="Refresh only these sources (repeatable).")
@click.option("--var", "dbt_vars", multiple=True, help="dbt var as NAME=VALUE, e.g. tariff_rate=0.25.")
@click.option("--force", is_flag=True, help="Re-parse and rebuild even the sources whose files did not change.")
@click.option("--allow-sample-over-real", is_flag=True,
              help="Publish the synthetic sample even over a warehouse that holds real data (refused otherwise).")
@click.option("--dbt-target", envvar="HEMI_DBT_TARGET", default="", metavar="OUTPUT",
              help="profiles.yml output of the dbt step, e.g. spark (models and tests on Spark; needs .[spark]).")
def refresh(
    mode: str, snapshot_dir: Path | None, only: tuple[str, ...], dbt_vars: tuple[str, ...], force: bool,
    allow_sample_over_real: bool, dbt_target: str,
) -> None:
    """Land the sources, then parse, check and rebuild only what changed, and publish.

    Runs the same Dagster jobs the UI, schedules and sensors use (`land`, then `refresh` on what changed).
    """
    from orchestration.refresh import RefreshRequest, run_refresh

    if snapshot_dir is not None:
        mode = "snapshot"
        if not snapshot_dir.is_dir():
            raise click.UsageError(f"snapshot folder {snapshot_dir} does not exist")
    request = RefreshRequest(
        mode=mode,
        snapshot_dir=str(snapshot_dir.resolve()) if snapshot_dir else "",
        only=only,
        dbt_vars=dict(_parse_var(v) for v in dbt_vars),
        force=force,
        allow_sample_over_real=allow_sample_over_real,
        dbt_target=dbt_target,
    )
    home = hemi_home()
    try:
        configure_environment()
        for old, aside in set_aside_unreadable(home):
            err.print(
                f"[yellow]{escape(str(old))} was written by a newer DuckDB than this one ({duckdb.__version__}), "
                f"which cannot read it: renamed to {escape(aside.name)}, and this refresh rebuilds the "
                "warehouse from the landed files.[/yellow]"
            )
        outcome = run_refresh(request)
    except ValueError as exc:  # a request the catalog cannot serve (an unknown --only)
        raise click.UsageError(str(exc)) from None
    except Exception as exc:
        message = describe_fault(exc)
        _fault(message, exc, record_fault(home, request, message))
    not_recorded = record_refresh_attempt(home, request, outcome)
    if not_recorded:
        err.print(f"[yellow]{escape(not_recorded)}[/yellow]")
    if outcome.plan is not None:
        for line in outcome.plan.describe():
            err.print(f"[dim]plan[/dim] {escape(line)}")
    if outcome.up_to_date:
        console.print(
            "[bold]Nothing new[/bold]: every source's files, the parsers and the dbt project match the published "
            f"warehouse, so nothing was parsed or rebuilt. {published_label()} is unchanged "
            "(use --force to rebuild anyway)."
        )
        _print_if_sample()
        return
    _print_summary(outcome)
    _print_freshness(outcome.freshness)
    if not outcome.published:
        err.print(f"[red bold]refresh failed:[/red bold] {escape(outcome.failure)}")
        for sample in outcome.failing_rows:
            err.print("\n[bold]Sample of the failing rows[/bold]")
            err.print(Markdown(sample))
        err.print(f"The published warehouse is unchanged: {published_label()}")
        where = ", ".join(str(folder) for folder in outcome.quarantined)
        kept = f"the files it landed are in quarantine: {where}" if where else f"raw files in {hemi_home() / 'raw'}"
        err.print(f"dbt's log: {outcome.log_file}; {kept}")
        sys.exit(1)
    _print_published()
    _print_if_sample()


@main.command()
@click.argument("sql")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
@click.option("--as-of", "as_of", metavar="SNAPSHOT|TIMESTAMP",
              help="Read an earlier snapshot of a DuckLake warehouse: its id (hemi status lists them) or a time.")
def query(sql: str, fmt: str, as_of: str | None) -> None:
    """Run read-only SQL on the published warehouse, and nothing else.

    The warehouse is opened read-only with DuckDB's external access off and its configuration
    locked: SQL cannot read or write any other file (no COPY ... TO, read_csv('/any/file'), ATTACH,
    EXPORT DATABASE), install or load extensions, or turn these settings back on. To write results
    to a file use --format csv or json and redirect, or `hemi export`.
    """
    with _open_published(sandboxed=True, as_of=as_of) as con:
        try:
            cursor = con.execute(sql)
        except duckdb.PermissionException as exc:
            raise click.ClickException(
                f"{exc}\nhemi query reads the published warehouse only: no other file, no extension. "
                "Use --format csv|json and a redirect, or `hemi export`, to write results."
            ) from None
        except duckdb.Error as exc:
            if "configuration has been locked" in str(exc):
                raise click.ClickException(
                    f"{exc}\nhemi query's settings are locked (external access off, read-only)."
                ) from None
            raise click.ClickException(str(exc)) from None
        columns = [d[0] for d in cursor.description or []]
        rows = cursor.fetchall()
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        writer.writerows(rows)
        click.echo(buffer.getvalue(), nl=False)
    elif fmt == "json":
        click.echo(json.dumps([dict(zip(columns, row, strict=True)) for row in rows], default=str, indent=2))
    else:
        table = Table(show_lines=False)
        for index, name in enumerate(columns):
            # Figures line up on their digits only when right-aligned.
            numeric = all(_is_number(row[index]) for row in rows if row[index] is not None)
            table.add_column(name, justify="right" if numeric and rows else "left")
        for row in rows:
            table.add_row(*["" if v is None else escape(_fmt(v)) for v in row])
        console.print(table)
        console.print(f"[dim]{len(rows)} rows[/dim]")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv"]), default="parquet", show_default=True)
def export(directory: Path, fmt: str) -> None:
    """Write every marts table to DIRECTORY, one file each, with a Frictionless datapackage.json."""
    # Imported here so that `hemi query` does not pay for loading every source package.
    from orchestration.export import NoPublishedWarehouseError, export_marts

    try:
        result = export_marts(None, directory, fmt)
    except NoPublishedWarehouseError as exc:
        raise click.ClickException(str(exc)) from None
    table = Table("table", "rows", "file")
    for exported in result.tables:
        table.add_row(exported.name, f"{exported.rows:,}", str(exported.path))
    console.print(table)
    console.print(f"[bold green]Exported[/bold green] {len(result.tables)} tables; descriptor {result.descriptor}")
    if result.contains_sample_data:
        err.print("[yellow]The published warehouse holds the bundled synthetic sample (source_vintage = 'sample'); "
                  "the descriptor marks it so.[/yellow]")


@main.command()
def status() -> None:
    """What is published: per table its rows, vintage and checks; per source how fresh it is, and what to do.

    On a DuckLake, also the snapshots refreshes published, with their vintages (`hemi query --as-of`)."""
    from orchestration import lake

    files = WarehouseFiles(hemi_home())
    target = lake.lake_target()
    with _open_published() as con:
        snapshots = lake.snapshots(con) if target else []
        loads = con.execute(
            """
            select
                l.source, l.table_name, l.row_count, l.vintages, l.raw_sha256s, l.loaded_at,
                count(c.check_name) filter (where c.passed) as passed,
                list(c.summary) filter (where not c.passed and c.severity = 'WARN') as warnings,
                list(c.summary) filter (where not c.passed and c.severity = 'ERROR') as failures,
            from meta.source_loads l
            left join meta.check_results c using (source, table_name)
            group by all
            order by l.source, l.table_name
            """
        ).fetchall()
        refreshes = con.execute(
            "select run_id, mode, sources, published_at from meta.refreshes order by published_at desc limit 1"
        ).fetchall()
        landed = con.execute(
            "select source, vintage, retrieved_at, sha256, original_name from meta.landed_files"
        ).fetchall()
    previous = _previous_snapshot_vintages(snapshots) if target else _previous_vintages(files.previous)
    out = _status_console()
    out.print(f"[bold]Published warehouse[/bold] {escape(published_label())}", soft_wrap=True)
    if refreshes:
        run_id, mode, sources, published_at = refreshes[0]
        names = sources.split(",") if sources else []
        refreshed = ", ".join(names) if len(names) <= 3 else f"{len(names)} sources"
        out.print(f"last refresh {published_at:%Y-%m-%d %H:%M:%S %Z} ({mode}, {refreshed}, run {run_id})")
    table = Table("table", "rows", "vintage", "previous vintage", "loaded (UTC)", "checks", title="Published tables")
    for column in (2, 3):
        table.columns[column].max_width = 24
        table.columns[column].overflow = "ellipsis"
        table.columns[column].no_wrap = True
    findings = []
    current_source = None
    for source, name, rows, vintages, _shas, loaded_at, passed, warnings, failures in loads:
        if source != current_source:
            table.add_row(f"[bold]{source}[/bold]", "", "", "", "", "")
            current_source = source
        checks = f"[green]{passed} passed[/green]" if passed else "—"
        if warnings:
            checks += f", [yellow]{len(warnings)} warning(s)[/yellow]"
        if failures:
            checks += f", [red]{len(failures)} failed[/red]"
        findings += [f"[yellow]warning[/yellow] {escape(w)}" for w in warnings or []]
        findings += [f"[red]failed[/red] {escape(f)}" for f in failures or []]
        table.add_row(
            f"  {name}", f"{rows:,}", _vintage_range(vintages), _vintage_range(previous.get((source, name))),
            f"{loaded_at.astimezone(UTC):%Y-%m-%d %H:%M}", checks,
        )
    out.print(table)
    if snapshots:
        out.print(_snapshot_table(snapshots))
    out.print(f"[dim]Each file's sha256: {_hemi()} query "
              "\"select source, original_name, sha256 from meta.landed_files\"[/dim]")
    out.print(_freshness_table(_published_freshness(landed, files.home)))
    for finding in findings:  # in full, below the table, where long messages stay readable
        out.print(finding, soft_wrap=True)
    failed = last_failed_refresh(hemi_home())
    if failed:
        out.print(
            f"[red]Last refresh attempt failed[/red] at {failed['finished_at']} ({failed['mode']}, "
            f"run {failed['run_id'] or 'none'}): {escape(failed['failure'])}\n"
            "The warehouse above is the last good one.",
            soft_wrap=True,
        )


def _status_console() -> Console:
    """`hemi status` at most STATUS_WIDTH columns wide, narrower on a narrower terminal."""
    if sys.stdout.isatty():
        return Console(highlight=False, width=min(console.width, STATUS_WIDTH))
    return Console(highlight=False, width=STATUS_WIDTH, soft_wrap=True)


def _vintage_range(joined: str | None) -> str:
    """'2024' or, for many, '2026-02-24 +18 older': the newest, and how many more (meta.source_loads has all)."""
    vintages = sorted({v for v in (joined or "").split(",") if v})
    if len(vintages) <= 1:
        return vintages[0] if vintages else ""
    return f"{vintages[-1]} +{len(vintages) - 1} older"


def _published_freshness(landed: list[tuple[str, str | None, str, str, str]], home: Path) -> list:
    """Per source of the published warehouse, its freshness, judged as the freshness check judges it."""
    from orchestration.checks.freshness import source_vintages
    from orchestration.release_calendar import RELEASE_CALENDAR, freshness

    by_source = defaultdict(list)
    for source, vintage, retrieved_at, sha256, name in landed:
        by_source[source].append((vintage, retrieved_at, home / "raw" / source / sha256 / name))
    return [
        freshness(source, source_vintages(source, files))
        for source, files in sorted(by_source.items())
        if source in RELEASE_CALENDAR
    ]


def _freshness_table(states: list) -> Table:
    """Per source: the newest vintage, whether the publisher's next release is overdue, and what to do.

    Lateness is a fact about the publisher's release, not a fault of a refresh: it is shown here
    (and in the Dagster UI's vintage_freshness checks), never as a refresh warning.
    """
    table = Table("source", "newest vintage", "freshness", "what to do", title="Freshness (publishers' calendars)")
    styles = {"sample": "dim", "final": "green", "unknown": "yellow", "late": "yellow", "fresh": "green"}
    for state in states:
        verdict = state.verdict
        if verdict == "late":
            verdict = f"late {state.days_overdue} d"
        style = styles[state.verdict]
        table.add_row(state.source, state.newest_vintage or "none", f"[{style}]{verdict}[/{style}]",
                      escape(state.action()))
    return table


def _print_freshness(states: list) -> None:
    if states and not all(state.is_sample for state in states):
        err.print(_freshness_table(states))


def _snapshot_table(snapshots: list) -> Table:
    """The lake's snapshots that refreshes published, newest first, with the vintages each holds."""
    table = Table("snapshot", "committed (UTC)", "run", "vintages", title="DuckLake snapshots (hemi query --as-of)")
    table.columns[3].overflow = "fold"
    for snapshot in snapshots[:SNAPSHOTS_SHOWN]:
        vintages = "; ".join(
            f"{source} {_vintage_range(','.join(v))}"
            for source, v in sorted(snapshot.vintages.items())
        )
        table.add_row(str(snapshot.snapshot_id), f"{snapshot.committed_at.astimezone(UTC):%Y-%m-%d %H:%M:%S}",
                      escape(str(snapshot.info.get("run_id", ""))), escape(vintages))
    if len(snapshots) > SNAPSHOTS_SHOWN:
        table.caption = f"and {len(snapshots) - SNAPSHOTS_SHOWN} older"
    return table


def _previous_snapshot_vintages(snapshots: list) -> dict[tuple[str, str], str]:
    """Per table, the vintages of the lake's snapshot before the current one."""
    if len(snapshots) < 2:
        return {}
    with _open_published(as_of=str(snapshots[1].snapshot_id)) as con:
        try:
            rows = con.execute("select source, table_name, vintages from meta.source_loads").fetchall()
        except duckdb.Error:
            return {}
    return {(s, t): v for s, t, v in rows}


def _previous_vintages(path: Path) -> dict[tuple[str, str], str]:
    if not path.exists():
        return {}
    with duckdb.connect(str(path), read_only=True) as con:
        try:
            rows = con.execute("select source, table_name, vintages from meta.source_loads").fetchall()
            return {(s, t): v for s, t, v in rows}
        except duckdb.Error:
            return {}


def _print_summary(outcome) -> None:
    table = Table("source", "table", "rows landed", "checks", title="Refresh summary")
    by_source = defaultdict(list)
    for row in outcome.tables:
        by_source[row.source].append(row)
    for source in sorted(by_source):
        for row in by_source[source]:
            checks = f"[green]{row.checks_passed} passed[/green]"
            if row.checks_warned:
                checks += f", [yellow]{row.checks_warned} warned[/yellow]"
            if row.checks_failed:
                checks += f", [red]{row.checks_failed} failed[/red]"
            table.add_row(source, row.table, f"{row.rows:,}" if row.rows is not None else "—", checks)
    if outcome.warnings:
        err.print(f"[yellow]{len(outcome.warnings)} warning(s):[/yellow] " + escape(", ".join(outcome.warnings)))
    if outcome.dbt_checks_total:
        warned = outcome.dbt_checks_warned
        failed = outcome.dbt_checks_total - outcome.dbt_checks_passed - warned
        table.add_row("dbt", "models and tests", "", f"[green]{outcome.dbt_checks_passed} passed[/green]"
                      + (f", [yellow]{warned} warned[/yellow]" if warned else "")
                      + (f", [red]{failed} failed[/red]" if failed else ""))
    err.print(table)


def _print_published() -> None:
    console.print(f"\n[bold green]Published[/bold green] {published_label()}")
    with _open_published() as con:
        tables = con.execute(
            """
            select schema_name || '.' || table_name, estimated_size from duckdb_tables()
            where database_name = current_database() and schema_name in ('marts', 'raw')
            order by schema_name desc, table_name
            """
        ).fetchall()
        table = Table("table", "rows")
        for name, _ in tables:
            rows = con.execute(f"select count(*) from {name}").fetchall()[0][0]
            table.add_row(name, f"{rows:,}")
    console.print(table)
    console.print("Try:")
    for sql in EXAMPLE_QUERIES:
        console.print(f'  {_hemi()} query "{sql}"', soft_wrap=True)


def _hemi() -> str:
    """How this `hemi` was invoked, so printed commands can be pasted as they are (.venv/bin/hemi)."""
    invoked = Path(sys.argv[0]) if sys.argv and sys.argv[0] else Path("hemi")
    if invoked.name != "hemi":
        return "hemi"
    try:
        return str(invoked.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(invoked) if invoked.is_absolute() else "hemi"


def _print_if_sample() -> None:
    """After a refresh from the bundled sample: say so, and how to build the real warehouse."""
    from orchestration.reader import is_published

    if not is_published():
        return
    with _open_published(sandboxed=True) as con:
        try:
            modes = con.execute("select mode from meta.refreshes order by published_at desc limit 1").fetchall()
            sample_rows = con.execute(
                "select count(*) from meta.source_loads where vintages like '%sample%'"
            ).fetchall()[0][0]
        except duckdb.Error:
            return
    if not (modes and modes[0][0] == "sample") and not sample_rows:
        return
    hemi = _hemi()
    console.print(
        f"\n[yellow bold]This warehouse is a synthetic sample[/yellow bold] (source_vintage = 'sample' on every "
        "row): its figures are made up, for trying the project out. To build the real one from the publishers' "
        f"files:\n  {hemi} refresh --snapshot ../shared/data   # a folder laid out like shared/data\n"
        f"  {hemi} refresh --live                      # straight from the publishers\n"
        f"then `{hemi} status` shows what was published.",
        soft_wrap=True,
    )


@main.command()
@click.option("--dry-run/--apply", "dry_run", default=True, show_default=True,
              help="List what would be deleted (default), or delete it.")
@click.option("--keep-landings", default=DEFAULT_KEEP_LANDINGS, show_default=True, type=click.IntRange(min=1),
              help="Complete landings to keep per source, besides the files the published warehouse was built from.")
@click.option("--quarantine-days", default=DEFAULT_QUARANTINE_DAYS, show_default=True, type=click.IntRange(min=0),
              help="Delete quarantined landings older than this many days.")
def gc(dry_run: bool, keep_landings: int, quarantine_days: int) -> None:
    """Prune the landing zone and the quarantine by the retention rule; a dry run unless --apply.

    Keeps every file the published warehouse (and the one it replaced) was built from, and the files of
    the last --keep-landings complete landings of each source. Deletes other landed files, quarantined
    landings older than --quarantine-days, and temporary files left by an interrupted landing.
    """
    home = hemi_home()
    deletions = plan_gc(home, keep_landings=keep_landings, quarantine_days=quarantine_days)
    total = sum(item.size for item in deletions)
    if not deletions:
        console.print("Nothing to delete: every landed file is published or among the last "
                      f"{keep_landings} complete landings of its source.")
        return
    table = Table("path", "bytes", "why", title="Would delete" if dry_run else "Deleting")
    for item in deletions:
        table.add_row(str(item.path.relative_to(home)), f"{item.size:,}", item.why)
    console.print(table)
    if dry_run:
        console.print(f"[bold]Dry run[/bold]: would delete {len(deletions)} item(s), {total:,} bytes, under {home}. "
                      f"Run `{_hemi()} gc --apply` to delete them.")
        return
    try:
        freed = apply_gc(home, deletions)
    except Exception as exc:
        raise click.ClickException(describe_fault(exc, "delete from HEMI_HOME")) from None
    console.print(f"[bold green]Deleted[/bold green] {len(deletions)} item(s), {freed:,} bytes, under {home}.")


def _open_published(sandboxed: bool = False, as_of: str | None = None) -> duckdb.DuckDBPyConnection:
    """The published warehouse (the file, or the DuckLake HEMI_WAREHOUSE names) through the readers' one
    connect function, orchestration/reader.py; ``sandboxed``: SQL can read nothing else."""
    from orchestration import lake
    from orchestration.reader import NotPublishedError, open_published

    try:
        return open_published(sandboxed=sandboxed, as_of=as_of)
    except (NotPublishedError, lake.LakeConfigError, lake.LakeUnavailableError, lake.SnapshotNotFoundError) as exc:
        raise click.ClickException(str(exc)) from None


def _parse_var(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise click.BadParameter(f"--var takes NAME=VALUE, not {text!r}")
    return name.strip(), value.strip()


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.4f}".rstrip("0").rstrip(".") if abs(value) < 1e15 else f"{value:.6g}"
    return str(value)
