"""A dbt process started with the run, imported and waiting for its command line.

Importing dbt-core and its DuckDB adapter took about 1.7 s of every dbt step on the 2-core
benchmark machine, on the critical path, while the second core sat idle through the landing,
parsing and raw checks before it. `HemisphereDbtCli` starts this script when a run sets up its
resources, so the import happens beside that work; the dbt step then hands it the command line
dagster-dbt built and reads its output exactly as it would read a fresh `dbt` process's.

Protocol: one JSON line on stdin, ``{"args": [...], "env": {...}, "cwd": "..."}``; from then on this
process is ``dbt <args>`` run in ``cwd`` with ``env``: the same output and the same exit code. End of
input without a request (a run that never reached dbt) exits 0.

Run as a file, not a module, so nothing of Hemisphere's (or Dagster's) is imported into dbt's process.
"""

import json
import os
import subprocess
import sys


def start() -> subprocess.Popen:
    """This script in a new process of the current interpreter, importing dbt; send it a request."""
    # -I: nothing from the environment or this folder on its path (the file sits beside our modules).
    return subprocess.Popen(
        [sys.executable, "-I", "-u", __file__],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def main() -> int:
    import dbt.adapters.duckdb  # noqa: F401  (about a third of the cost; dbt loads it by name later)
    from dbt.cli.main import cli  # the point: this import is what the dbt step no longer waits for

    line = sys.stdin.readline()
    if not line.strip():
        return 0
    request = json.loads(line)
    os.chdir(request["cwd"])
    # dbt reads its flags (DBT_TARGET_PATH, DBT_LOG_FORMAT...) and env_var() from the environment
    # when the command runs, not at import: this is the environment dagster-dbt built for it.
    os.environ.clear()
    os.environ.update(request["env"])
    sys.argv = ["dbt", *request["args"]]
    return cli()


if __name__ == "__main__":
    # As dbt's own console script does: click exits with dbt's code.
    sys.exit(main())
