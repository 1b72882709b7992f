"""Where the checkout and the runtime home (``HEMI_HOME``) are."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from orchestration.known_warnings import silence_known_warnings

REPO_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
DAGSTER_YAML = REPO_ROOT / "dagster.yaml"


def dbt_executable() -> str:
    """The dbt installed beside this interpreter, so `.venv/bin/hemi` works without activating the venv."""
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else shutil.which("dbt") or "dbt"


def hemi_home() -> Path:
    return Path(os.environ.get("HEMI_HOME") or REPO_ROOT / "var").resolve()


def configure_environment() -> Path:
    """Pin HEMI_HOME (and DAGSTER_HOME beneath it) in the environment and return HEMI_HOME.

    Called by ``hemi`` and ``make dev`` before Dagster starts, never at import.
    dbt runs as a subprocess and finds the warehouse through ``HEMI_HOME``, so the value must be
    absolute and exported before any run starts. The default DAGSTER_HOME (``HEMI_HOME/dagster``) is
    kept on the repo's dagster.yaml, which keeps every piece of instance storage under HEMI_HOME. A
    DAGSTER_HOME elsewhere is the operator's (a team's instance on PostgreSQL, docs/deploy.md): its
    dagster.yaml is written only when it has none, never replaced.
    """
    home = hemi_home()
    home.mkdir(parents=True, exist_ok=True)
    os.environ["HEMI_HOME"] = str(home)
    managed = (home / "dagster").resolve()
    dagster_home = Path(os.environ.get("DAGSTER_HOME") or managed).resolve()
    dagster_home.mkdir(parents=True, exist_ok=True)
    os.environ["DAGSTER_HOME"] = str(dagster_home)
    instance_yaml = dagster_home / "dagster.yaml"
    missing = not instance_yaml.exists()
    if missing or (dagster_home == managed and instance_yaml.read_bytes() != DAGSTER_YAML.read_bytes()):
        shutil.copyfile(DAGSTER_YAML, instance_yaml)
    # The `spark` dbt target runs Spark inside dbt's process, bound to 127.0.0.1 (profiles.yml); without
    # this its block manager looks up the machine's name and warns at every start. An operator's value wins.
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    silence_known_warnings()
    return home
