"""A compact Dagster logger for the terminal: one line per stage, check and message.

A Dagster logger (``@logger``) receives Python ``logging`` records. Dagster puts what it knows of a
record in the record's ``dagster_meta`` mapping (the ``dagster_meta`` key of its own
``json_console_logger`` output): the step key, the message as logged, and the ``DagsterEvent``,
read here through its public properties.
"""

from __future__ import annotations

import logging
import sys
import time

from dagster import DagsterEvent, DagsterEventType, logger
from rich.console import Console
from rich.markup import escape

from orchestration.faults import readable_error

# Piped or captured (a log file, CI): one event per line, never wrapped mid-line.
_console = Console(stderr=True, highlight=False, soft_wrap=not sys.stderr.isatty())
_started: dict[str, float] = {}


class StageLineHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None)
        if not isinstance(meta, dict):
            return  # not from a Dagster run
        event = meta.get("dagster_event")
        step = meta.get("step_key") or ""
        if not isinstance(event, DagsterEvent):
            if record.levelno >= logging.INFO and step and not step.startswith("hemisphere_dbt"):
                message = str(meta.get("orig_message", record.getMessage()))
                if message.startswith("Dependencies for step"):
                    # Dagster lists every upstream output by name (about 90 after a dbt check fails);
                    # the failing check is already on its own line above.
                    message = f"{step} did not run: an upstream step or blocking check failed (above)"
                _console.print(f"    [dim]{escape(message)}[/dim]")
            return
        kind = event.event_type
        if event.is_step_start:
            _started[step] = time.monotonic()
            _console.print(f"[bold]▶ {step}[/bold]")
        elif event.is_step_success:
            took = time.monotonic() - _started.get(step, time.monotonic())
            _console.print(f"[green]✓ {step}[/green] [dim]({took:.1f}s)[/dim]")
        elif event.is_step_failure:
            error = event.step_failure_data.error if event.step_failure_data else None
            if error and error.cls_name == "DagsterAssetCheckFailedError":
                _console.print(f"[red]✗ {step}[/red]")  # the check line above says why
                return
            message = readable_error(error) if error else "failed"  # names the source, file and row
            _console.print(f"[red]✗ {step}: {escape(message)}[/red]")
        elif event.is_step_skipped:
            _console.print(f"[yellow]- {step} skipped (an upstream step or blocking check failed)[/yellow]")
        elif kind == DagsterEventType.ASSET_CHECK_EVALUATION:
            evaluation = event.event_specific_data
            if evaluation.check_name == "vintage_freshness":
                return  # a fact about the publisher's calendar: `hemi refresh` shows it in its freshness table
            key = "/".join(evaluation.asset_key.path)
            if evaluation.passed:
                if not key.startswith(("staging/", "marts/", "intermediate/", "raw/plan")):
                    _console.print(f"    [green]check {key}:{evaluation.check_name} passed[/green]")
            else:
                description = escape(evaluation.description or "")
                if evaluation.severity.value == "WARN":
                    _console.print(f"    [yellow]check {key}:{evaluation.check_name} WARNING[/yellow] {description}")
                else:
                    _console.print(f"    [red]check {key}:{evaluation.check_name} FAILED[/red] {description}")


@logger(description="One line per stage and check, for `hemi refresh` and the dagster dev terminal.")
def stage_lines(init_context) -> logging.Logger:
    log = logging.getLogger("hemisphere")
    log.setLevel(logging.DEBUG)  # step events arrive at DEBUG; the handler picks what to show
    if not any(isinstance(h, StageLineHandler) for h in log.handlers):
        log.addHandler(StageLineHandler())
    log.propagate = False
    return log
