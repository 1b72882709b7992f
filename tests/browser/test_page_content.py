"""What each page says, without a browser: Streamlit's AppTest runs every page over the sample warehouse.

The browser sees the grid as a canvas and a tooltip only on hover, so what they would show is checked here,
in the data each element receives: no table cell and no tooltip field is missing (a grid draws a null as
'None', Vega a null tooltip as 'null'), every page states an answer computed from the marts, and one
economy has one colour on every page.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from orchestration.paths import REPO_ROOT
from orchestration.warehouse import WarehouseFiles

AppTest = pytest.importorskip("streamlit.testing.v1").AppTest

DASHBOARD = REPO_ROOT / "dashboard"
VIEWS = sorted(p.name for p in (DASHBOARD / "views").glob("*.py"))
MISSING_SHOWN = re.compile(r"\b(None|nan|NaN|null|NaT)\b")


@pytest.fixture
def run_page(dashboard_home: Path, monkeypatch):
    monkeypatch.setenv("HEMI_HOME", str(dashboard_home))
    monkeypatch.setenv("DAGSTER_HOME", str(dashboard_home / "dagster"))
    monkeypatch.syspath_prepend(str(DASHBOARD))
    # AppTest runs the page as sys.modules["__main__"] and leaves it there; a process the rest of the
    # session spawns (the Great Expectations worker) would then run the page as its main module and die.
    monkeypatch.setitem(sys.modules, "__main__", sys.modules["__main__"])

    def run(view: str) -> AppTest:
        app = AppTest.from_file(str(DASHBOARD / "app.py"), default_timeout=120)
        app.run()
        app.switch_page(f"views/{view}")
        app.run()
        assert not app.exception, [e.value for e in app.exception]
        return app

    return run


def _answers(app: AppTest) -> list[str]:
    return [m.value.removeprefix("**Answer:** ") for m in app.markdown if m.value.startswith("**Answer:**")]


def _chart_frames(app: AppTest) -> list[tuple[dict, list]]:
    """(spec, its datasets as DataFrames) for every Vega-Lite chart of the page."""
    charts = []
    for element in app.get("vega_lite_chart"):
        spec = json.loads(element.proto.spec)
        frames = [pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in element.proto.datasets]
        charts.append((spec, frames))
    return charts


def _encodings(spec: dict) -> list[dict]:
    found = [spec.get("encoding", {})]
    for layer in spec.get("layer", []):
        found += _encodings(layer)
    return found


@pytest.mark.parametrize("view", VIEWS)
def test_no_missing_value_reaches_a_cell_a_tooltip_or_a_sentence(run_page, view):
    app = run_page(view)
    for table in app.dataframe:
        frame = table.value
        missing = frame.columns[frame.isna().any()].tolist()
        assert not missing, f"{view}: table columns with missing cells, drawn as 'None': {missing}"
    for spec, frames in _chart_frames(app):
        title = spec.get("title", {})
        for encoding in _encodings(spec):
            tooltip = encoding.get("tooltip", [])
            fields = [t["field"] for t in (tooltip if isinstance(tooltip, list) else [tooltip]) if "field" in t]
            for frame in frames:
                for field in [f for f in fields if f in frame]:
                    assert not frame[field].isna().any(), f"{view}: {title}: tooltip {field!r} has missing values"
    texts = [m.value for m in app.markdown] + [c.value for c in app.caption] + [i.value for i in app.info]
    shown = [t for t in texts if MISSING_SHOWN.search(t)]
    assert not shown, f"{view}: text shows a missing value: {shown}"


@pytest.mark.parametrize("view", [v for v in VIEWS if v != "overview.py"])
def test_every_page_states_its_answer_with_figures(run_page, view):
    answers = _answers(run_page(view))
    assert answers, f"{view} states no answer"
    for answer in answers:
        assert re.search(r"\d", answer) and answer.endswith("."), answer


def test_the_trade_answer_is_computed_from_the_scorecard(run_page, dashboard_home: Path):
    with duckdb.connect(str(WarehouseFiles(dashboard_home).published), read_only=True) as con:
        year, surpluses, partners, largest = con.execute(
            """
            select year, count(*) filter (where has_us_surplus), count(*), arg_max(partner_name, balance_usd)
            from marts.mart_fta_partner_scorecard
            where year = (select max(year) from marts.mart_fta_partner_scorecard where is_complete_year)
            group by year
            """
        ).fetchone()
    first = _answers(run_page("trade_agreements.py"))[0]
    assert first.startswith(f"In {year} the US ran a goods surplus with {surpluses} of the {partners} FTA partners")
    assert f"the largest was with {largest}" in first


def test_the_tariff_answer_says_who_pays_and_that_the_share_of_gdp_is_an_upper_bound(run_page):
    answers = _answers(run_page("trade_agreements.py"))
    tariff = next(a for a in answers if "levy" in a)
    assert "paid by US importers" in tariff and "at most" in tariff


def test_an_economy_has_one_colour_on_every_page(run_page):
    """Every chart colouring economies by name takes its colours from the one map in ui.py."""
    colours: dict[str, set[str]] = {}
    for view in VIEWS:
        for spec, _ in _chart_frames(run_page(view)):
            for encoding in _encodings(spec):
                scale = encoding.get("color", {}).get("scale", {})
                for name, colour in zip(scale.get("domain", []), scale.get("range", []), strict=False):
                    colours.setdefault(name, set()).add(colour)
    assert "Mexico" in colours, "no chart coloured Mexico"
    clashes = {name: found for name, found in colours.items() if len(found) > 1}
    assert not clashes, f"one name, several colours: {clashes}"
