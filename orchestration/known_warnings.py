"""Third-party warnings that fire on every clean run and ask nothing of anyone, silenced by message.

Each entry says why it is not a fact someone must act on. The filters go into this process and, through
PYTHONWARNINGS, into every Python process it starts (the Great Expectations workers, dbt), since
they are read when an interpreter starts. Installed by ``configure_environment`` (the CLI, `make dev`),
never at import.
"""

from __future__ import annotations

import builtins
import os
import re
import warnings

# (message prefix, category name). A prefix, as PYTHONWARNINGS matches the start of the message.
KNOWN = (
    # pyspark 4 at import, whenever pandas 3 is installed. Only the `.[spark]` extra installs pyspark,
    # and Great Expectations imports it wherever it is; Spark itself runs in dbt's process (the `spark`
    # target), which hands pyspark no pandas frame. tests/spark checks that Spark's marts equal DuckDB's.
    ("PySpark does not yet fully support pandas >= 3", "FutureWarning"),
)


def silence_known_warnings() -> None:
    entries = [f"ignore:{message}:{category}" for message, category in KNOWN]
    present = [entry for entry in os.environ.get("PYTHONWARNINGS", "").split(",") if entry]
    os.environ["PYTHONWARNINGS"] = ",".join(present + [e for e in entries if e not in present])
    for message, category in KNOWN:
        warnings.filterwarnings("ignore", message=re.escape(message), category=getattr(builtins, category))
