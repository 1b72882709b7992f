"""`make bench`: the refresh against the physical floor, and how its cost grows with the data.

Prints a markdown table of medians over N runs (N = --repeat, default 3; one run for the 100x
scale) and writes every run's figures as JSON beside it. It measures and reports; it never
asserts a timing. Each refresh runs in a child process (bench/refresh_once.py) in a fresh home
under /tmp, so its peak RSS is its own:

- full refresh of the real snapshot (`../shared/data`) into a new home: wall time, peak RSS, time per
  stage. dbt parses the whole project there, since its partial-parse state is per home (the
  warehouse path in the profile is part of it);
- a refresh with nothing new: a second refresh of the same snapshot into the same home;
- a full rebuild in that home (`--force`): every source parsed and checked and every model rebuilt,
  as a refresh with new data everywhere would be, with dbt's partial parsing warm;
- the floor (bench/floor.py): DuckDB alone loading the same files (WDI's data CSVs through DuckDB's
  own CSV reader) and running the marts' SQL, each run in its own process with its peak RSS;
- the sample written at each scale (1x, 10x, 100x), then refreshed from that folder and put through
  the floor: time, peak RSS and raw rows, so time per million rows shows whether cost grows faster
  than the data, refresh / floor says what the stack costs at that size, and refresh minus floor at
  the smallest scale is the fixed overhead;
- at the scales of --spark-scales (1x and 10x), the same models and tests on Apache Spark
  (bench/spark_build.py in .venv-spark, from that scale's DuckDB build) beside DuckDB's dbt step:
  what the dbt step costs on each engine as the data grows.

Every figure carries the 1-minute load average it was measured under: on a busy machine only
figures measured side by side compare.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
PYTHON = sys.executable
STAGE_COLUMNS = ("startup_s", "land_s", "parse_load_s", "checks_s", "dbt_s", "publish_s", "between_steps_s")


def fresh_home(name: str, root: Path) -> Path:
    home = root / name
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    return home


def refresh(home: Path, snapshot: Path | None, force: bool = False) -> dict:
    env = {**os.environ, "HEMI_HOME": str(home), "DAGSTER_HOME": str(home / "dagster")}
    command = [PYTHON, str(REPO / "bench" / "refresh_once.py")]
    if snapshot is not None:
        command += ["--snapshot", str(snapshot)]
    if force:
        command += ["--force"]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=REPO)
    if done.returncode != 0:
        raise RuntimeError(f"refresh in {home} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["measured_wall_s"] = round(time.perf_counter() - started, 3)
    # Other work on the machine slows every figure; the 1-minute load average says how much there was.
    result["load_average"] = round(os.getloadavg()[0], 2)
    if not result["published"]:  # published, or found nothing new and kept the published warehouse
        raise RuntimeError(f"refresh in {home} did not publish: {result['failure']}")
    return result


def floor(snapshot: Path, workdir: Path, repeat: int, origin_flag: str = "--snapshot") -> list[dict]:
    """The floor in a child process per run, so each run's peak RSS is its own."""
    runs = []
    for _ in range(repeat):
        command = [PYTHON, str(REPO / "bench" / "floor.py"), origin_flag, str(snapshot), "--workdir", str(workdir),
                   "--reuse-compiled"]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
        if done.returncode != 0:
            raise RuntimeError(f"floor on {snapshot} failed ({done.returncode}):\n{done.stderr[-3000:]}")
        runs += json.loads(done.stdout)["runs"]
    return runs


def spark_unavailable(python: Path) -> str:
    """Why Spark cannot be measured here, or ''."""
    if shutil.which("java") is None:
        return "no Java on PATH"
    if not python.exists():
        return f"{python} missing (make test installs .venv-spark)"
    return ""


def spark_build(python: Path, home: Path, work: Path) -> dict:
    """bench/spark_build.py on a DuckDB build: its step timings and whether Spark's marts equal DuckDB's."""
    report = work.parent / "spark_report.json"
    command = [str(python), str(REPO / "bench" / "spark_build.py"), "--warehouse", str(home / "hemisphere.duckdb"),
               "--work", str(work), "--duckdb-run-results", str(home / "dbt_target" / "run_results.json"),
               "--report", str(report)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=3600)
    if not report.exists():
        raise RuntimeError(f"bench/spark_build.py failed ({done.returncode}):\n{done.stdout[-3000:]}")
    found = json.loads(report.read_text())
    return {
        "wall_s": round(time.perf_counter() - started, 3),
        "timings_s": found["timings_s"],
        "equal": not found["unequal_tables"] and not found["tables_on_one_side_only"] and found["dbt_build_succeeded"],
        "load_average": round(os.getloadavg()[0], 2),
    }


def write_scaled_sample(scale: int, folder: Path) -> dict:
    """Every source's sample at ``scale`` in a folder laid out like shared/data; seconds and bytes."""
    from orchestration.catalog import SOURCES

    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    written = [path for spec in SOURCES for path in spec.write_sample(folder, scale=scale)]
    return {
        "write_s": round(time.perf_counter() - started, 3),
        "files": len(written),
        "bytes": sum(path.stat().st_size for path in written),
    }


def median(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the refresh against the DuckDB-only floor.")
    parser.add_argument("--snapshot", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (the 100x scale always runs once)")
    parser.add_argument("--quick", action="store_true", help="one run per figure and scales 1x and 10x only")
    parser.add_argument("--scales", default="1,10,100", help="comma-separated sample scales ('' for none)")
    parser.add_argument("--root", type=Path, default=Path("/tmp/hemi_bench"), help="where the homes go")
    parser.add_argument("--output", type=Path, default=None, help="JSON of every run (default: ROOT/results.json)")
    parser.add_argument("--scales-only", action="store_true", help="skip the real snapshot and the floor")
    parser.add_argument("--spark-scales", default="1,10", help="scales also built on Spark ('' for none)")
    parser.add_argument("--spark-python", type=Path, default=REPO / ".venv-spark" / "bin" / "python",
                        help="a Python with the .[spark] extra (make test installs .venv-spark)")
    args = parser.parse_args()
    repeat = 1 if args.quick else args.repeat
    scales = [int(s) for s in ("1,10" if args.quick else args.scales).split(",") if s.strip()]
    spark_scales = {int(s) for s in args.spark_scales.split(",") if s.strip()}
    spark_missing = spark_unavailable(args.spark_python) if spark_scales else ""
    if spark_missing:
        print(f"[bench] no Spark figures: {spark_missing}", file=sys.stderr)
    snapshot = args.snapshot.resolve()
    args.root.mkdir(parents=True, exist_ok=True)
    results: dict = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "repeat": repeat, "cpus": os.cpu_count()}

    def say(message: str) -> None:
        print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    output = args.output or args.root / "results.json"

    def save() -> None:
        # After every figure, so that a long run interrupted half-way still leaves what it measured.
        output.write_text(json.dumps(results, indent=1))

    full, noop, rebuild = [], [], []
    for i in range(0 if args.scales_only else repeat):
        home = fresh_home(f"real_{i}", args.root)
        say(f"full refresh of {snapshot} into a new home ({i + 1}/{repeat})")
        full.append(refresh(home, snapshot))
        say(f"refresh with nothing new ({i + 1}/{repeat})")
        noop.append(refresh(home, snapshot))
        say(f"full rebuild in the same home ({i + 1}/{repeat})")
        rebuild.append(refresh(home, snapshot, force=True))
    results["full"], results["noop"], results["rebuild"] = full, noop, rebuild
    if not args.scales_only:
        say(f"floor x{repeat}")
        results["floor"] = floor(snapshot, args.root / "floor", repeat)
        save()

    results["scales"] = {}
    for scale in scales:
        folder = args.root / f"scale_{scale}_files"
        say(f"writing the sample at {scale}x")
        written = write_scaled_sample(scale, folder)
        runs = []
        scale_repeat = 1 if scale >= 100 else repeat
        for i in range(scale_repeat):
            say(f"refresh of the {scale}x sample ({i + 1})")
            runs.append(refresh(fresh_home(f"scale_{scale}", args.root), folder))
        say(f"floor on the {scale}x sample x{scale_repeat}")
        floor_runs = floor(folder, args.root / "floor", scale_repeat, "--sample")
        results["scales"][scale] = {"sample": written, "runs": runs, "floor": floor_runs}
        if scale in spark_scales and not spark_missing:
            say(f"the {scale}x build's models and tests on Spark")
            home = args.root / f"scale_{scale}"
            results["scales"][scale]["spark"] = spark_build(args.spark_python, home, args.root / "spark")
        save()
        shutil.rmtree(folder, ignore_errors=True)

    print(report(results))
    print(f"\nEvery run: {output}")


def report(results: dict) -> str:
    full, floor_runs = results["full"], results.get("floor", [])
    lines = []
    if full:
        lines += real_snapshot_report(results, floor_runs)
    if results["scales"]:
        lines += scale_report(results["scales"])
        lines += spark_report(results["scales"])
    return "\n".join(lines)


def spark_report(scales: dict) -> list[str]:
    measured = {scale: entry for scale, entry in scales.items() if entry.get("spark")}
    if not measured:
        return []
    lines = [
        "",
        "| sample scale | DuckDB dbt step s | Spark: sources to Parquet s | Spark start + dbt build + export s "
        "| Spark's marts equal DuckDB's | load avg |",
        "|---|---|---|---|---|---|",
    ]
    for scale, entry in measured.items():
        spark = entry["spark"]
        timings = spark["timings_s"]
        lines.append(
            f"| {scale}x | {median(entry['runs'], 'dbt_s'):.1f} | {timings['sources to parquet']:.1f} "
            f"| {timings['spark start, dbt build and export']:.1f} | {'yes' if spark['equal'] else 'NO'} "
            f"| {spark['load_average']:.1f} |"
        )
    return lines


def real_snapshot_report(results: dict, floor_runs: list[dict]) -> list[str]:
    full, noop, rebuild = results["full"], results["noop"], results["rebuild"]
    every = full + noop + rebuild
    lines = [
        f"Medians of {results['repeat']} run(s), {results['date']}, {results['cpus']} CPUs, load average "
        f"during the refreshes {min(r['load_average'] for r in every):.1f}-"
        f"{max(r['load_average'] for r in every):.1f}.",
        "",
        "| figure | wall s | peak RSS MB | child MB | " + " | ".join(c[:-2] for c in STAGE_COLUMNS) + " | load avg |",
        "|---|---|---|---|" + "---|" * len(STAGE_COLUMNS) + "---|",
    ]
    figures = (
        ("full refresh, real snapshot, new home", full),
        ("full rebuild, same home (--force)", rebuild),
        ("refresh with nothing new", noop),
    )
    for name, runs in figures:
        stages = " | ".join(f"{median(runs, c):.1f}" for c in STAGE_COLUMNS)
        lines.append(
            f"| {name} | {median(runs, 'measured_wall_s'):.1f} | {median(runs, 'peak_rss_mb'):.0f} "
            f"| {median(runs, 'children_peak_rss_mb'):.0f} | {stages} | {load_range(runs)} |"
        )
    floor_total = median(floor_runs, "total_s")
    lines.append(
        f"| floor: DuckDB alone | {floor_total:.1f} | {median(floor_runs, 'peak_rss_mb'):.0f} | | | | "
        f"load {median(floor_runs, 'load_s'):.1f} | | models {median(floor_runs, 'models_s'):.1f} | | |"
    )
    lines += [
        "",
        f"Ratio full refresh / floor: {median(full, 'measured_wall_s') / floor_total:.1f}x in a new home, "
        f"{median(rebuild, 'measured_wall_s') / floor_total:.1f}x rebuilding in the same home",
        "",
    ]
    return lines


def scale_report(scales: dict) -> list[str]:
    lines = []
    if scales:
        lines += [
            "| sample scale | files | MB | raw rows | write s | refresh s | s per million rows "
            "| peak RSS MB | largest child's peak RSS MB (dbt or GX) | load avg "
            "| floor s (load + models) | floor peak RSS MB | floor load avg | refresh / floor |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for scale, entry in scales.items():
            runs, sample, floor_runs = entry["runs"], entry["sample"], entry.get("floor", [])
            wall, rows = median(runs, "measured_wall_s"), median(runs, "raw_rows")
            line = (
                f"| {scale}x | {sample['files']:,} | {sample['bytes'] / 1e6:.1f} | {rows:,.0f} "
                f"| {sample['write_s']:.1f} "
                f"| {wall:.1f} | {wall / max(rows / 1e6, 1e-9):.1f} | {median(runs, 'peak_rss_mb'):.0f} "
                f"| {median(runs, 'children_peak_rss_mb'):.0f} | {load_range(runs)} "
            )
            if floor_runs:
                total = median(floor_runs, "total_s")
                line += (
                    f"| {total:.1f} ({median(floor_runs, 'load_s'):.1f} + {median(floor_runs, 'models_s'):.1f}) "
                    f"| {median(floor_runs, 'peak_rss_mb'):.0f} | {load_range(floor_runs)} | {wall / total:.1f}x |"
                )
            else:
                line += "| | | | |"
            lines.append(line)
        # Fixed overhead: what the refresh costs beyond the floor on the smallest data.
        smallest = min(scales, key=int)
        if scales[smallest].get("floor"):
            overhead = median(scales[smallest]["runs"], "measured_wall_s") - median(
                scales[smallest]["floor"], "total_s"
            )
            lines += ["", f"Fixed overhead (refresh minus floor at {smallest}x): {overhead:.1f} s"]
    return lines


def load_range(runs: list[dict]) -> str:
    """The 1-minute load averages the runs saw: other work on the machine slows every figure."""
    loads = [run["load_average"] for run in runs if "load_average" in run]
    if not loads:
        return ""
    return f"{min(loads):.1f}" if min(loads) == max(loads) else f"{min(loads):.1f}-{max(loads):.1f}"


if __name__ == "__main__":
    main()
