"""A refresh to the DuckLake against the same refresh to the embedded file, side by side in one run.

Starts a throwaway PostgreSQL for the catalog (tests/servers.py; Debian's postgresql) and keeps the
data files in a local folder, or on moto's S3 server with --s3. Each refresh is bench/refresh_once.py in
a child process and a fresh home under /tmp/hemi_bench_lake: the file target first, then the lake.
Prints per target the wall time, the publish step and the 1-minute load average it ran under; on a busy
machine only figures measured side by side compare.

    .venv/bin/python bench/lake.py                 # the sample, data files in a folder
    .venv/bin/python bench/lake.py --s3            # data files on moto's S3 server
    .venv/bin/python bench/lake.py --snapshot ../shared/data
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

ROOT = Path("/tmp/hemi_bench_lake")
CHILD_TIMEOUT_S = 3600


def refresh_once(home: Path, env: dict[str, str], snapshot: Path | None) -> dict:
    command = [sys.executable, str(REPO / "bench" / "refresh_once.py")]
    if snapshot:
        command += ["--snapshot", str(snapshot)]
    child_env = {**env, "HEMI_HOME": str(home), "DAGSTER_HOME": str(home / "dagster")}
    done = subprocess.run(command, env=child_env, capture_output=True, text=True, timeout=CHILD_TIMEOUT_S)
    if done.returncode != 0:
        raise SystemExit(f"refresh into {home} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["load_1m"] = os.getloadavg()[0]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--snapshot", type=Path, help="a folder laid out like shared/data (default: the sample)")
    parser.add_argument("--s3", action="store_true", help="data files on moto's S3 server instead of a folder")
    args = parser.parse_args()
    from tests.servers import postgres_server, s3_server

    shutil.rmtree(ROOT, ignore_errors=True)
    ROOT.mkdir(parents=True)
    base = {k: v for k, v in os.environ.items() if not k.startswith(("HEMI_WAREHOUSE", "HEMI_LAKE"))}
    results = {"file": refresh_once(ROOT / "file_home", base, args.snapshot)}
    with contextlib.ExitStack() as stack:
        pg = stack.enter_context(postgres_server("bench_lake"))
        lake_env = {
            **base,
            "HEMI_WAREHOUSE": f"ducklake:postgres:dbname=bench_lake host={pg.host} port={pg.port} user={pg.user}",
            "HEMI_LAKE_DATA_PATH": str(ROOT / "lake_data"),
        }
        if args.s3:
            s3 = stack.enter_context(s3_server())
            s3.client().create_bucket(Bucket="bench")
            lake_env.update(
                HEMI_LAKE_DATA_PATH="s3://bench/hemisphere/", AWS_ACCESS_KEY_ID=s3.key_id,
                AWS_SECRET_ACCESS_KEY=s3.secret, HEMI_S3_ENDPOINT=s3.endpoint,
            )  # fmt: skip
        results["lake"] = refresh_once(ROOT / "lake_home", lake_env, args.snapshot)
    print(f"{'target':<6} {'wall s':>8} {'publish s':>10} {'dbt s':>7} {'load 1m':>8}  published")
    for name, result in results.items():
        print(
            f"{name:<6} {result['wall_s']:>8.1f} {result['publish_s']:>10.1f} {result['dbt_s']:>7.1f} "
            f"{result['load_1m']:>8.1f}  {result['published']}"
        )
    wall = results["lake"]["wall_s"] - results["file"]["wall_s"]
    publish = results["lake"]["publish_s"] - results["file"]["publish_s"]
    print(f"lake - file: {wall:+.1f} s wall, {publish:+.1f} s in the publish step")


if __name__ == "__main__":
    main()
