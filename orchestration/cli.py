"""`hemi`: refresh the warehouse, query it read-only, and show what is published."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import click
import duckdb
from rich.console import Console
from rich.markdown import Markdown
from rich.markup import escape
from rich.table import Table

from orchestration.history import last_failed_refresh, record_refresh_attempt
from orchestration.paths import configure_environment, hemi_home
from orchestration.warehouse import WarehouseFiles

# Piped or captured output gets wide tables rather than truncated cells.
console = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, highlight=False, width=None if sys.stderr.isatty() else 200)

EXAMPLE_QUERIES = (
    # T1: is the US running a surplus with CAFTA-DR? (partial years are flagged, never passed off as full)
    "select year, exports_usd, imports_usd, balance_usd, is_complete_year from marts.agg_us_goods_trade_by_bloc "
    "where bloc = 'CAFTA-DR' order by year desc limit 5",
    # P4: root causes of migration against FDI in the Northern Triangle
    "select country_iso3, year, push_pressure_score, fdi_per_capita_usd, southwest_encounters_per_100k, fdi_rank "
    "from marts.mart_migration_root_causes where country_iso3 in ('GTM', 'HND', 'SLV') and year = 2022",
)


@click.group()
def main() -> None:
    """Hemisphere: Western Hemisphere trade, FDI, remittance and migration indicators."""


@main.command()
@click.option("--sample", "mode", flag_value="sample", default=True, help="Build from the bundled sample (default).")
@click.option("--snapshot", "snapshot_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Build from a folder laid out like shared/data.")
@click.option("--live", "mode", flag_value="live", help="Download from the publishers.")
@click.option("--only", "only", multiple=True, help="Refresh only these sources (repeatable).")
@click.option("--var", "dbt_vars", multiple=True, help="dbt var as NAME=VALUE, e.g. tariff_rate=0.25.")
@click.option("--force", is_flag=True, help="Re-parse and rebuild even the sources whose files did not change.")
def refresh(
    mode: str, snapshot_dir: Path | None, only: tuple[str, ...], dbt_vars: tuple[str, ...], force: bool
) -> None:
    """Land the sources, then parse, check and rebuild only what changed, and publish.

    Runs the same Dagster jobs the UI, schedules and sensors use (`land`, then `refresh` on what changed).
    """
    configure_environment()
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
    )
    outcome = run_refresh(request)
    record_refresh_attempt(hemi_home(), request, outcome)
    if outcome.plan is not None:
        for line in outcome.plan.describe():
            err.print(f"[dim]plan[/dim] {escape(line)}")
    if outcome.up_to_date:
        console.print(
            "[bold]Nothing new[/bold]: every source's files, the parsers and the dbt project match the published "
            f"warehouse, so nothing was parsed or rebuilt. {WarehouseFiles(hemi_home()).published} is unchanged "
            "(use --force to rebuild anyway)."
        )
        return
    _print_summary(outcome)
    if not outcome.published:
        err.print(f"[red bold]refresh failed:[/red bold] {escape(outcome.failure)}")
        for sample in outcome.failing_rows:
            err.print("\n[bold]Sample of the failing rows[/bold]")
            err.print(Markdown(sample))
        err.print(f"The published warehouse is unchanged: {WarehouseFiles(hemi_home()).published}")
        err.print(f"dbt's log: {outcome.log_file}; raw files stay in {hemi_home() / 'raw'}")
        sys.exit(1)
    _print_published()


@main.command()
@click.argument("sql")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
def query(sql: str, fmt: str) -> None:
    """Run read-only SQL on the published warehouse."""
    with _open_published() as con:
        try:
            cursor = con.execute(sql)
        except duckdb.Error as exc:
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
        result = export_marts(WarehouseFiles(hemi_home()).published, directory, fmt)
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
    """What is published: per source the vintage, raw sha256, row counts, checks and when it was refreshed."""
    files = WarehouseFiles(hemi_home())
    with _open_published() as con:
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
        landed = con.execute("select source, vintage, retrieved_at from meta.landed_files").fetchall()
    previous = _previous_vintages(files.previous)
    console.print(f"[bold]Published warehouse[/bold] {files.published}")
    if refreshes:
        run_id, mode, sources, published_at = refreshes[0]
        console.print(f"last refresh {published_at:%Y-%m-%d %H:%M:%S %Z} ({mode}, sources: {sources}, run {run_id})")
    table = Table("source", "table", "rows", "vintage", "previous vintage", "raw sha256", "refreshed", "checks")
    findings = []
    for source, name, rows, vintages, shas, loaded_at, passed, warnings, failures in loads:
        checks = f"[green]{passed} passed[/green]" if passed else "—"
        if warnings:
            checks += f", [yellow]{len(warnings)} warning(s)[/yellow]"
        if failures:
            checks += f", [red]{len(failures)} failed[/red]"
        findings += [f"[yellow]warning[/yellow] {escape(w)}" for w in warnings or []]
        findings += [f"[red]failed[/red] {escape(f)}" for f in failures or []]
        table.add_row(
            source, name, f"{rows:,}", vintages or "", previous.get((source, name), ""),
            _short_hashes(shas), f"{loaded_at:%Y-%m-%d %H:%M}", checks,
        )
    console.print(table)
    console.print(_freshness_table(landed))
    for finding in findings:  # in full, below the table, where long messages stay readable
        console.print(finding, soft_wrap=True)
    failed = last_failed_refresh(hemi_home())
    if failed:
        console.print(
            f"[red]Last refresh attempt failed[/red] at {failed['finished_at']} ({failed['mode']}, "
            f"run {failed['run_id']}): {escape(failed['failure'])}\nThe warehouse above is the last good one."
        )


def _freshness_table(landed: list[tuple[str, str | None, str]]) -> Table:
    """Per source: the newest published vintage and whether the publisher's next one is overdue."""
    from orchestration.checks.freshness import landed_vintages
    from orchestration.release_calendar import freshness

    by_source = defaultdict(list)
    for source, vintage, retrieved_at in landed:
        by_source[source].append((vintage, retrieved_at))
    table = Table("source", "newest vintage", "next release due", "freshness", title="Freshness")
    for source in sorted(by_source):
        state = freshness(source, landed_vintages(by_source[source]))
        if state.is_sample:
            verdict = "[dim]sample[/dim]"
        elif state.late:
            verdict = f"[yellow]late by {state.days_overdue} days[/yellow]"
        elif state.due is None:
            verdict = "[dim]undated[/dim]"
        else:
            verdict = "[green]fresh[/green]"
        table.add_row(source, state.newest_vintage or "", str(state.due or ""), verdict)
    return table


def _short_hashes(joined: str | None) -> str:
    hashes = [sha[:12] for sha in (joined or "").split(",") if sha]
    if len(hashes) <= 3:
        return ", ".join(hashes)
    return f"{len(hashes)} files ({hashes[0]}, {hashes[1]}, …; `hemi query` meta.landed_files)"


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
            if row.checks_failed:
                checks += f", [red]{row.checks_failed} failed[/red]"
            table.add_row(source, row.table, f"{row.rows:,}" if row.rows is not None else "—", checks)
    if outcome.warnings:
        err.print(f"[yellow]{len(outcome.warnings)} warning(s):[/yellow] " + escape(", ".join(outcome.warnings)))
    if outcome.dbt_checks_total:
        failed = outcome.dbt_checks_total - outcome.dbt_checks_passed
        table.add_row("dbt", "models and tests", "", f"[green]{outcome.dbt_checks_passed} passed[/green]"
                      + (f", [red]{failed} failed[/red]" if failed else ""))
    err.print(table)


def _print_published() -> None:
    files = WarehouseFiles(hemi_home())
    console.print(f"\n[bold green]Published[/bold green] {files.published}")
    with _open_published() as con:
        tables = con.execute(
            """
            select schema_name || '.' || table_name, estimated_size from duckdb_tables()
            where schema_name in ('marts', 'raw') order by schema_name desc, table_name
            """
        ).fetchall()
        table = Table("table", "rows")
        for name, _ in tables:
            rows = con.execute(f"select count(*) from {name}").fetchall()[0][0]
            table.add_row(name, f"{rows:,}")
    console.print(table)
    console.print("Try:")
    for sql in EXAMPLE_QUERIES:
        console.print(f'  hemi query "{sql}"', soft_wrap=True)


def _open_published() -> duckdb.DuckDBPyConnection:
    path = WarehouseFiles(hemi_home()).published
    if not path.exists():
        raise click.ClickException(f"no published warehouse at {path}; run `hemi refresh` first")
    return duckdb.connect(str(path), read_only=True)


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
