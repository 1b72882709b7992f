"""A compact Dagster logger for the terminal: one line per stage, check and message."""

from __future__ import annotations

import logging
import time

from dagster import logger
from dagster._core.log_manager import get_log_record_metadata, has_log_record_metadata
from rich.console import Console
from rich.markup import escape

_console = Console(stderr=True, highlight=False)
_started: dict[str, float] = {}


class StageLineHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        if not has_log_record_metadata(record):
            return
        meta = get_log_record_metadata(record)
        event = meta.get("dagster_event")
        step = meta.get("step_key") or ""
        if event is None:
            if record.levelno >= logging.INFO and step and not step.startswith("hemisphere_dbt"):
                _console.print(f"    [dim]{escape(str(meta.get('orig_message', record.getMessage())))}[/dim]")
            return
        kind = event.event_type_value
        if kind == "STEP_START":
            _started[step] = time.monotonic()
            _console.print(f"[bold]▶ {step}[/bold]")
        elif kind == "STEP_SUCCESS":
            took = time.monotonic() - _started.get(step, time.monotonic())
            _console.print(f"[green]✓ {step}[/green] [dim]({took:.1f}s)[/dim]")
        elif kind == "STEP_FAILURE":
            error = event.step_failure_data.error if event.step_failure_data else None
            if error and error.cls_name == "DagsterAssetCheckFailedError":
                _console.print(f"[red]✗ {step}[/red]")  # the check line above says why
                return
            while error is not None and error.cause is not None:
                error = error.cause  # the innermost error names the source, file and row
            message = error.message.strip().splitlines()[0] if error else "failed"
            _console.print(f"[red]✗ {step}: {escape(message)}[/red]")
        elif kind == "STEP_SKIPPED":
            _console.print(f"[yellow]- {step} skipped (an upstream step or blocking check failed)[/yellow]")
        elif kind == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
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
