"""The README's worked queries run, read-only, on the sample and the real warehouse; `hemi query` only reads."""

from __future__ import annotations

import csv
import re

import duckdb
import pytest
from click.testing import CliRunner

from orchestration.cli import main
from orchestration.paths import DBT_PROJECT_DIR, REPO_ROOT
from orchestration.warehouse import WarehouseFiles
from tests.integration.conftest import sha256_of

SECTION_TITLE = "## Worked queries, one per plan point"
PLAN_POINTS = [row["plan_point"] for row in csv.DictReader((DBT_PROJECT_DIR / "seeds" / "plan_points.csv").open())]
PLAN_POINT_CODE = re.compile(r"\b(?:" + "|".join(PLAN_POINTS) + r")\b")


def _section() -> str:
    readme = (REPO_ROOT / "README.md").read_text()
    assert SECTION_TITLE in readme, f"README.md has no section {SECTION_TITLE!r}"
    after = readme.split(SECTION_TITLE, 1)[1]
    return after.split("\n## ", 1)[0]


def _worked_queries() -> list[tuple[str, str]]:
    """(the prose line before the block, the SQL) for every ```sql block of the section."""
    section = _section()
    queries = []
    for match in re.finditer(r"```sql\n(.*?)```", section, re.DOTALL):
        paragraph = section[: match.start()].rstrip().split("\n\n")[-1]
        queries.append((" ".join(paragraph.split()), match.group(1)))
    return queries


QUERIES = _worked_queries()


def test_every_plan_point_has_a_worked_query():
    assert PLAN_POINTS, "the plan_points seed lists no plan points"
    named = {code for prose, _ in QUERIES for code in PLAN_POINT_CODE.findall(prose.split(":", 1)[0])}
    assert set(PLAN_POINTS) <= named, f"no worked query introduced by {sorted(set(PLAN_POINTS) - named)}"


def test_every_query_is_introduced_by_its_plan_point_and_question():
    for prose, sql in QUERIES:
        assert PLAN_POINT_CODE.search(prose) and "?" in prose, f"no plan point and question before:\n{sql}"


@pytest.mark.parametrize("warehouse", ["sample_warehouse", "real_warehouse"])
@pytest.mark.parametrize(("prose", "sql"), QUERIES, ids=[f"query{i}" for i in range(len(QUERIES))])
def test_worked_query_returns_rows(request, warehouse, prose, sql):
    built = request.getfixturevalue(warehouse)
    try:
        rows = built.con.execute(sql).fetchall()
    except duckdb.Error as exc:
        pytest.fail(f"{prose}\n{exc}")
    assert rows, f"no rows on the {warehouse}: {prose}"


def test_hemi_query_opens_the_published_warehouse_read_only(sample_warehouse):
    published = WarehouseFiles(sample_warehouse.home).published
    before = sha256_of(published)
    runner = CliRunner()
    env = {"HEMI_HOME": str(sample_warehouse.home)}
    # The fixture holds the file open read-only in this process: DuckDB refuses a second connection
    # to it with another access mode, so this succeeds only if `hemi query` also opens it read-only.
    reading = runner.invoke(main, ["query", "select count(*) as n from marts.dim_plan_point"], env=env)
    assert reading.exit_code == 0, reading.output
    assert f"{len(PLAN_POINTS)} " in reading.output
    for statement in ("create table marts.scratch as select 1", "delete from marts.dim_plan_point"):
        writing = runner.invoke(main, ["query", statement], env=env)
        assert writing.exit_code != 0 and "read-only" in writing.output, writing.output
    assert sha256_of(published) == before
