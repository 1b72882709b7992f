"""What an operator sees when the machine is at fault, when SQL reaches for files, and on a clean refresh.

Faults of the machine (a full disk, a home or build folder that cannot be written) end in one readable
line and an entry in the refresh history, never a traceback alone; `hemi query` reads the warehouse and
nothing else; `hemi status` fits 120 columns; a clean refresh of the real snapshot prints no warning.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from orchestration.cli import main
from orchestration.history import HISTORY_FILE
from sources._common.errors import SourceError
from sources._common.landing import LandingZone

HEMI = str(Path(sys.executable).parent / "hemi")


def _env(home: Path) -> dict[str, str]:
    return {"HEMI_HOME": str(home), "DAGSTER_HOME": str(home / "dagster")}


def _history(home: Path) -> list[dict]:
    return [json.loads(line) for line in (home / HISTORY_FILE).read_text().splitlines() if line.strip()]


def _one_readable_line(result, *fragments: str) -> str:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    failed = [line for line in result.output.splitlines() if line.startswith("refresh failed:")]
    assert len(failed) == 1, result.output
    for fragment in fragments:
        assert fragment in failed[0], failed[0]
    return failed[0]


def test_a_full_disk_ends_in_one_readable_line_and_is_in_the_history(tmp_path, monkeypatch):
    def disk_full(self, path, **kwargs):  # the landing zone's write boundary, as a full disk answers it
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.root / "part.tmp"))

    monkeypatch.setattr(LandingZone, "land_file", disk_full)
    home = tmp_path / "home"
    result = CliRunner().invoke(main, ["refresh", "--sample", "--only", "wits"], env=_env(home))
    line = _one_readable_line(result, "the disk is full", "hemi gc")
    assert "[Errno 28]" not in line
    newest = _history(home)[-1]
    assert not newest["published"] and "the disk is full" in newest["failure"]


def test_a_build_folder_that_cannot_be_created_names_it_and_says_what_to_do(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "build").write_text("a file where the build folder goes")
    result = CliRunner().invoke(main, ["refresh", "--sample"], env=_env(home))
    line = _one_readable_line(result, str(home / "build"), "a file is in the way")
    assert "FileExistsError" not in line and line.count("a file is in the way") == 1
    assert "a file is in the way" in _history(home)[-1]["failure"]


def test_a_home_that_cannot_be_written_ends_in_one_line_without_a_traceback(tmp_path):
    home = tmp_path / "not_a_folder"
    home.write_text("HEMI_HOME points at a file")
    finished = subprocess.run(
        [HEMI, "refresh", "--sample"], env={**os.environ, **_env(home)}, capture_output=True, text=True, timeout=120
    )
    assert finished.returncode == 1
    assert "Traceback" not in finished.stderr, finished.stderr
    failed = [line for line in finished.stderr.splitlines() if line.startswith("refresh failed:")]
    assert len(failed) == 1 and str(home) in failed[0] and "a file is in the way" in failed[0], finished.stderr
    # Nowhere to record it: it says so, rather than pretending.
    assert "could not be recorded" in finished.stderr
    debug = subprocess.run(
        [HEMI, "--debug", "refresh", "--sample"], env={**os.environ, **_env(home)}, capture_output=True, text=True,
        timeout=120,
    )
    assert debug.returncode == 1 and "Traceback" in debug.stderr


BLOCKED = {
    "copy to a file": "copy (select 1 as x) to '{out}'",
    "read any file": "select * from read_csv('/etc/passwd')",
    "read text": "select * from read_text('/etc/hostname')",
    "attach another database": "attach '{other}' as other",
    "install an extension": "install httpfs",
    "load an extension": "load httpfs",
    "turn external access back on": "set enable_external_access = true",
    "export the database": "export database '{folder}'",
}


@pytest.mark.parametrize("case", list(BLOCKED))
def test_hemi_query_reads_the_warehouse_and_no_other_file(case, sample_warehouse, tmp_path):
    sql = BLOCKED[case].format(out=tmp_path / "out.csv", other=tmp_path / "other.duckdb", folder=tmp_path / "dump")
    result = CliRunner().invoke(main, ["query", sql], env={"HEMI_HOME": str(sample_warehouse.home)})
    assert result.exit_code != 0, f"{case}: {result.output}"
    assert "disabled by configuration" in result.output or "disabled through configuration" in result.output \
        or "configuration has been locked" in result.output
    assert "warehouse only" in result.output or "locked" in result.output
    assert not list(tmp_path.iterdir()), f"{case} wrote {list(tmp_path.iterdir())}"


def test_hemi_query_still_answers_sql_and_says_what_it_cannot_do(sample_warehouse):
    env = {"HEMI_HOME": str(sample_warehouse.home)}
    answered = CliRunner().invoke(main, ["query", "select count(*) as n from marts.dim_country", "--format", "csv"],
                                  env=env)
    assert answered.exit_code == 0 and answered.output.splitlines()[0] == "n"
    helped = CliRunner().invoke(main, ["query", "--help"])
    assert "external access off" in helped.output and "configuration" in helped.output


def test_the_dashboard_reads_no_other_file(sample_warehouse, monkeypatch):
    import duckdb

    from dashboard import data_access

    monkeypatch.setenv("HEMI_HOME", str(sample_warehouse.home))
    assert len(data_access.country_options()) > 0
    with pytest.raises(duckdb.PermissionException):
        data_access.query("select * from read_csv('/etc/passwd')")


def test_hemi_status_fits_120_columns(sample_warehouse):
    result = CliRunner().invoke(main, ["status"], env={"HEMI_HOME": str(sample_warehouse.home)})
    assert result.exit_code == 0, result.output
    tables = [line for line in result.output.splitlines() if line[:1] in "┏┃┡│└"]
    assert tables and max(len(line) for line in tables) <= 120, max(tables, key=len)
    assert "Freshness" in result.output and "Published tables" in result.output


def test_a_sample_refresh_ends_by_saying_it_is_synthetic_and_how_to_build_the_real_one(sample_warehouse):
    finished = subprocess.run(
        [HEMI, "refresh", "--sample"], env={**os.environ, **_env(sample_warehouse.home)}, capture_output=True,
        text=True, timeout=300, cwd=Path(HEMI).parents[2],
    )
    assert finished.returncode == 0, finished.stderr
    tail = finished.stdout.strip().splitlines()[-6:]
    text = "\n".join(tail)
    assert "synthetic sample" in text and ".venv/bin/hemi refresh --snapshot" in text and "--live" in text


def test_a_clean_real_refresh_prints_no_warning_and_a_freshness_table(shared_data, tmp_path):
    home = tmp_path / "home"
    finished = subprocess.run(
        [HEMI, "refresh", "--snapshot", str(shared_data)], env={**os.environ, **_env(home)}, capture_output=True,
        text=True, timeout=900,
    )
    output = finished.stdout + finished.stderr
    assert finished.returncode == 0, output[-3000:]
    assert "warning" not in output.lower(), [line for line in output.splitlines() if "warning" in line.lower()]
    assert "Freshness" in finished.stderr and "download it and refresh" in finished.stderr
    # Piped output: one event per line, never wrapped mid-line (the wrap left 'landing/…' orphans).
    assert not [line for line in finished.stderr.splitlines() if line.startswith(("landing/", "'"))]


def test_a_damaged_refresh_history_never_breaks_status(tmp_path):
    from orchestration.history import last_failed_refresh

    record = '{"published": false, "failure": "disk full", "mode": "sample"}'
    (tmp_path / HISTORY_FILE).write_text(f"x,y\n1,2\n{record}\n[]\n")
    assert last_failed_refresh(tmp_path)["failure"] == "disk full"
    (tmp_path / HISTORY_FILE).write_text("a,b\n")  # what `copy ... to` once wrote over it
    assert last_failed_refresh(tmp_path) is None


def _landed_home(tmp_path: Path) -> tuple[Path, list]:
    """A home with two landings of WITS's sample (the second of different bytes) and a published
    warehouse whose lineage is the first."""
    import duckdb

    from orchestration.catalog import SOURCES

    spec = next(s for s in SOURCES if s.name == "wits")
    home = tmp_path / "home"
    zone = LandingZone(home / "raw")
    spec.write_sample(tmp_path / "release")
    paths = sorted((tmp_path / "release" / spec.snapshot_folder).glob("*"))
    good = [zone.land_file(p, source="wits", dataset=spec.datasets[0].name, origin="snapshot", batch="good")
            for p in paths]
    zone.mark_complete("wits", good)
    with duckdb.connect(str(home / "hemisphere.duckdb")) as con:
        con.execute("create schema meta")
        con.execute("create table meta.landed_files (run_id varchar, source varchar, dataset varchar, "
                    "original_name varchar, sha256 varchar, size bigint, url varchar, retrieved_at varchar, "
                    "vintage varchar, origin varchar)")
        con.executemany("insert into meta.landed_files values ('r', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [[f.source, f.dataset, f.original_name, f.sha256, f.size, f.url, f.retrieved_at, f.vintage,
                          f.origin] for f in good])
    return home, good


def test_a_failed_landing_is_quarantined_and_the_source_points_back_at_what_is_published(tmp_path):
    from orchestration.gc import quarantine_attempt

    home, good = _landed_home(tmp_path)
    zone = LandingZone(home / "raw")
    since = "2000-01-01T00:00:00+00:00"
    bad_path = tmp_path / "tr_xm_2022.xlsx"
    bad_path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(SourceError):  # refused at landing, but kept on disk and in the manifest
        zone.land_file(bad_path, source="wits", dataset=good[0].dataset, origin="snapshot", batch="bad")
    zone.mark_complete("wits", [f for f in zone.entries("wits") if f.batch == "bad"])
    folders = quarantine_attempt(home, ["wits"], since, "[wits] tr_xm_2022.xlsx: is not a valid Excel workbook")
    assert len(folders) == 1 and (folders[0] / "tr_xm_2022.xlsx").read_bytes() == bad_path.read_bytes()
    assert "not a valid Excel workbook" in (folders[0] / "REASON.txt").read_text()
    assert all(f.file.exists() for f in good), "a published file was quarantined"
    assert {f.sha256 for f in zone.last_complete("wits")} == {f.sha256 for f in good}
    assert not list((home / "raw" / "wits").glob("*/tr_xm_2022.xlsx")) or all(
        p.read_bytes() != bad_path.read_bytes() for p in (home / "raw" / "wits").glob("*/tr_xm_2022.xlsx"))


def test_gc_keeps_published_and_recent_landings_and_says_what_it_would_delete(tmp_path):
    import time

    from orchestration.gc import apply_gc, plan_gc

    home, good = _landed_home(tmp_path)
    zone = LandingZone(home / "raw")
    stale = tmp_path / "an_old_landing.txt"
    stale.write_bytes(b"an old landing nobody uses")
    orphan = zone.land_file(stale, source="wits", dataset=good[0].dataset, origin="snapshot", batch="old")
    (home / "quarantine" / "wits" / "20200101T000000Z").mkdir(parents=True)
    (home / "quarantine" / "wits" / "20200101T000000Z" / "REASON.txt").write_text("old")
    (home / "raw" / "wits" / ".landing-killed").write_bytes(b"half a file")

    planned = plan_gc(home, keep_landings=3, quarantine_days=30, now=time.time() + 31 * 86400)
    paths = {item.path for item in planned}
    assert orphan.file.parent in paths and home / "quarantine" / "wits" / "20200101T000000Z" in paths
    assert home / "raw" / "wits" / ".landing-killed" in paths
    assert not any(Path(f.path).parent in paths for f in good)
    assert orphan.file.exists(), "planning deleted something"
    result = CliRunner().invoke(main, ["gc"], env={"HEMI_HOME": str(home)})
    assert result.exit_code == 0 and "Dry run" in result.output and "bytes" in result.output, result.output
    assert orphan.file.exists()
    freed = apply_gc(home, planned)
    assert freed == sum(item.size for item in planned) and not orphan.file.exists()
    assert all(f.file.exists() for f in good)
