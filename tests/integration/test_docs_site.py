"""`make docs`: dbt's static documentation site, built read-only from the published warehouse."""

from __future__ import annotations

import json

import pytest

from orchestration.export import NoPublishedWarehouseError, build_docs_site
from orchestration.warehouse import WarehouseFiles
from tests.integration.conftest import sha256_of


def test_docs_site_is_one_static_page_describing_the_marts(sample_warehouse):
    published = WarehouseFiles(sample_warehouse.home).published
    before = sha256_of(published)
    page = build_docs_site(sample_warehouse.home)
    assert page == sample_warehouse.home / "dbt_docs" / "static_index.html"
    assert (page.parent / "index.html").exists()
    html = page.read_text()
    assert "mart_tariff_exposure" in html and "estimated_duty_usd" in html
    # The catalog comes from the warehouse itself: the mart's columns with their DuckDB types.
    catalog = json.loads((page.parent / "catalog.json").read_text())
    columns = catalog["nodes"]["model.hemisphere.mart_tariff_exposure"]["columns"]
    assert columns["estimated_duty_usd"]["type"].upper() == "DOUBLE"
    assert sha256_of(published) == before, "building the docs must not write the published warehouse"


def test_docs_site_needs_a_published_warehouse(tmp_path):
    with pytest.raises(NoPublishedWarehouseError, match="no published warehouse"):
        build_docs_site(tmp_path)
