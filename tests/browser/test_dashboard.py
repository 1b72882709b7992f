"""The dashboard in a real browser: every page renders its charts with titles, units and sources over
the sample warehouse, says the data are a sample, and the sidebar's country filter changes what is shown.

A screenshot of each page goes to test-artifacts/browser/ for a person to look at.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from orchestration.warehouse import WarehouseFiles

APP = '[data-testid="stApp"]'
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"][data-test-connection-state="CONNECTED"]'
CHART = '[data-testid="stVegaLiteChart"]'
TABLE = '[data-testid="stDataFrame"]'
# A unit in parentheses ends every chart title: "(US$ billions)", "(% of GDP)", "(Pearson r)".
TITLE_WITH_UNIT = re.compile(r".+\(.+\)\s*$")


# Text a missing value must never show as: pandas' and Python's names for it, and Vega's.
MISSING_SHOWN = re.compile(r"\b(None|nan|NaN|null|NaT)\b")


@dataclass(frozen=True)
class Page:
    path: str  # url path; '' is the overview
    title: str  # its h1
    charts: int
    tables: int = 0
    answers: int = 1  # sentences under a chart that state the page's answer, "Answer: ..."


PAGES = [
    Page("", "Hemisphere: Western Hemisphere trade", charts=0, tables=1, answers=0),
    Page("trade_agreements", "Trade agreements and tariff exposure", charts=3, tables=2, answers=4),
    Page("agriculture", "Agriculture", charts=2, answers=2),
    Page("nearshoring", "Nearshoring", charts=4, answers=1),
    Page("root_causes", "Root causes of migration and foreign direct investment", charts=3, tables=2, answers=2),
    Page("remittances", "Remittance dependence", charts=3, answers=3),
    Page("debate_facts", "Debate facts", charts=2, answers=2),
    Page("engagement_watchlist", "Engagement watchlist", charts=5, answers=3),
]


def open_page(page, target: Page) -> None:
    """Reach a page through the sidebar, wait for its script to finish and its charts to draw."""
    link = page.locator(f'[data-testid="stSidebarNav"] a[href$="/{target.path}"]').first
    link.click()
    page.locator("h1", has_text=target.title).first.wait_for()
    page.wait_for_selector(IDLE)
    page.wait_for_function(
        "([chart, n]) => [...document.querySelectorAll(chart)].filter(c => c.querySelector('svg, canvas')).length >= n",
        arg=[CHART, target.charts],
    )
    # Tables draw on their own schedule, after the script has finished (seen on a cold first page).
    page.wait_for_function("([table, n]) => document.querySelectorAll(table).length >= n", arg=[TABLE, target.tables])


def chart_texts(page) -> list[list[str]]:
    """Every text of each chart's SVG: tick labels, axis titles, legend entries and the title."""
    return page.locator(CHART).evaluate_all(
        "charts => charts.map(c => [...c.querySelectorAll('text')].map(t => t.textContent.trim()).filter(Boolean))"
    )


def chart_titles(page) -> list[str]:
    return page.locator(CHART).evaluate_all(
        "charts => charts.map(c => [...c.querySelectorAll('.role-title-text text, .role-title text')]"
        ".map(t => t.textContent.trim()).join(' '))"
    )


def screenshot(page, path: Path) -> None:
    """The whole page: Streamlit scrolls inside its own container, so the viewport is grown to fit it."""
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], [data-testid=stAppViewContainer]')]"
        ".map(e => e.scrollHeight))"
    )
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": min(max(height, size["height"]), 12_000)})
    page.wait_for_timeout(300)  # the charts re-lay out to the new size
    page.screenshot(path=str(path))
    page.set_viewport_size(size)


@pytest.mark.parametrize("target", PAGES, ids=[p.path or "overview" for p in PAGES])
def test_page_shows_titled_charts_with_sources_and_the_sample_banner(dashboard_page, target: Page, artifacts_dir):
    page = dashboard_page
    open_page(page, target)

    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, exceptions.first.inner_text()
    assert page.locator('[data-testid="stAlert"]', has_text="Sample data").count() == 1

    assert page.locator(CHART).count() >= target.charts
    assert page.locator(TABLE).count() >= target.tables
    for title, texts in zip(chart_titles(page), chart_texts(page), strict=True):
        assert TITLE_WITH_UNIT.match(title), f"chart title without a unit: {title!r}"
        # Tick labels and axis titles are drawn: the chart holds data, not an empty frame.
        assert len(texts) > 5, f"chart {title!r} draws almost nothing: {texts}"

    captions = page.locator('[data-testid="stCaptionContainer"]').all_inner_texts()
    sourced = [c for c in captions if "Source:" in c and "Vintage:" in c]
    assert len(sourced) >= max(target.charts, 1), captions
    assert any("sample" in c for c in sourced), "captions should name the 'sample' vintage"

    # The answer in one sentence under the chart, with the figures filled in from the marts.
    answers = [
        t for t in page.locator('[data-testid="stMarkdownContainer"]').all_inner_texts() if t.startswith("Answer:")
    ]
    assert len(answers) >= target.answers, f"expected {target.answers} answers, found {answers}"
    for answer in answers:
        assert re.search(r"\d", answer), f"an answer without a figure: {answer!r}"

    # Missing values show blank: in the text, the charts' labels and the tables' cells.
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert not MISSING_SHOWN.search(text), MISSING_SHOWN.findall(text)
    for texts in chart_texts(page):
        shown = [t for t in texts if MISSING_SHOWN.search(t)]
        assert not shown, f"a chart labels a missing value: {shown}"
    cells = page.locator(f"{TABLE} td").all_inner_texts()
    assert not [c for c in cells if MISSING_SHOWN.search(c)]

    screenshot(page, artifacts_dir / f"{target.path or 'overview'}.png")


def test_country_filter_changes_what_is_shown(dashboard_page, dashboard_home: Path, artifacts_dir):
    with duckdb.connect(str(WarehouseFiles(dashboard_home).published), read_only=True) as con:
        partners = con.execute(
            """
            select partner_iso3, partner_name from marts.mart_fta_partner_scorecard
            where year = (select max(year) from marts.mart_fta_partner_scorecard where is_complete_year)
            order by partner_name
            """
        ).fetchall()
    assert len(partners) > 2, "the sample should have several FTA partners"
    chosen_iso3, chosen_name = partners[0]
    others = [name for _, name in partners[1:]]

    page = dashboard_page
    trade = next(p for p in PAGES if p.path == "trade_agreements")
    open_page(page, trade)
    table = page.locator(TABLE).first
    balance_chart = page.locator(CHART).first
    assert table.locator("[aria-rowcount]").first.get_attribute("aria-rowcount") == str(len(partners) + 1)
    assert set(others) <= set(chart_texts(page)[0])

    page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').click()
    page.keyboard.type(chosen_name)
    page.locator('[role="option"]', has_text=f"({chosen_iso3})").first.click()
    page.keyboard.press("Escape")

    # One partner left: the table has its header and one row, and the chart names no other partner.
    page.wait_for_function(
        "([table]) => document.querySelector(table + ' [aria-rowcount]')?.getAttribute('aria-rowcount') === '2'",
        arg=[TABLE],
    )
    page.wait_for_selector(IDLE)
    labels = set(balance_chart.evaluate("c => [...c.querySelectorAll('text')].map(t => t.textContent.trim())"))
    assert chosen_name in labels
    assert not labels & set(others), f"the filter left other partners on the chart: {labels & set(others)}"
    assert any("1 partner:" in c for c in page.locator('[data-testid="stCaptionContainer"]').all_inner_texts())

    # The selection follows the reader to the next page.
    remittances = next(p for p in PAGES if p.path == "remittances")
    open_page(page, remittances)
    bar_labels = set(chart_texts(page)[0])
    assert chosen_name in bar_labels and not bar_labels & set(others)
    screenshot(page, artifacts_dir / f"remittances_filtered_{chosen_iso3}.png")


def test_a_link_straight_to_a_page_opens_it_inside_the_dashboard_frame(browser_context, dashboard_url: str):
    # A bookmarked or shared page URL must still get the country filter and the sample banner.
    page = browser_context.new_page()
    try:
        page.goto(f"{dashboard_url}/nearshoring")
        page.locator("h1", has_text="Nearshoring").first.wait_for()
        page.wait_for_selector(IDLE)
        assert page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').count() == 1
        assert page.locator('[data-testid="stAlert"]', has_text="Sample data").count() == 1
        nav = page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()
        assert "Trade agreements and tariffs" in nav and "app" not in nav
    finally:
        page.close()


def test_a_swapped_warehouse_shows_at_the_next_render(dashboard_page, dashboard_home: Path):
    """A refresh publishes with os.replace; the open dashboard must show the new file, without a restart."""
    published = WarehouseFiles(dashboard_home).published
    original = published.with_name("original.duckdb")
    staged = published.with_name("staged.duckdb")
    shutil.copyfile(published, original)
    shutil.copyfile(published, staged)
    with duckdb.connect(str(staged)) as con:
        # What a snapshot refresh records: no source is the sample any more.
        con.execute("update meta.source_loads set vintages = 'through 2099-01' where vintages = 'sample'")
        con.execute("insert into meta.refreshes values ('swap-test', 'snapshot', 'all', now() + interval 1 hour)")

    page = dashboard_page
    overview = next(p for p in PAGES if p.path == "")
    open_page(page, overview)
    banner = page.locator('[data-testid="stAlert"]', has_text="Sample data")
    assert banner.count() == 1
    try:
        os.replace(staged, published)
        open_page(page, next(p for p in PAGES if p.path == "nearshoring"))
        open_page(page, overview)
        assert banner.count() == 0
        assert any("through 2099-01" in c for c in page.locator('[data-testid="stCaptionContainer"]').all_inner_texts())
    finally:
        os.replace(original, published)
    open_page(page, next(p for p in PAGES if p.path == "nearshoring"))
    assert banner.count() == 1
