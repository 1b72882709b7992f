"""WTO Regional Trade Agreements (RTA-IS): every agreement notified to the WTO, with its signatories."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from sources._common.errors import SourceError
from sources._common.landing import LandedFile
from sources._common.lineage import tag_rows
from sources._common.spec import DatasetSpec, RawTable, SourceSpec
from sources.trade_agreements import settings
from sources.trade_agreements.fetch import fetch_all_rtas
from sources.trade_agreements.member_names import (
    map_member_names,
    map_western_hemisphere_members,
    member_iso3_map,
    western_hemisphere_rta_ids,
)
from sources.trade_agreements.parse import parse_all_rtas
from sources.trade_agreements.sample import write_sample

__all__ = [
    "SOURCE",
    "load",
    "map_member_names",
    "map_western_hemisphere_members",
    "member_iso3_map",
    "parse_all_rtas",
    "read_vintage",
    "western_hemisphere_rta_ids",
]


def read_vintage(path: Path) -> str | None:
    """None: the export carries no date (its document properties are empty), so lineage uses the retrieval date."""
    return None


def load(landed: list[LandedFile]) -> Mapping[str, pd.DataFrame]:
    """Agreements and signatories from the one landed export; fails on an unreviewed Western Hemisphere name."""
    unknown = [record.original_name for record in landed if record.dataset != "rta"]
    if unknown:
        raise SourceError("trade_agreements", f"unknown dataset for {unknown}; expected only 'rta'")
    if len(landed) != 1:
        names = [record.original_name for record in landed]
        raise SourceError("trade_agreements", f"expected exactly one AllRTAs export, got {len(landed)}: {names}")
    record = landed[0]
    tables = parse_all_rtas(record.file)
    map_western_hemisphere_members(tables.rtas, tables.members, file=record.file)
    # Every Western Hemisphere agreement's members are reviewed above; elsewhere a name the map
    # lacks stays without a code rather than failing the load.
    tables.members["member_iso3"] = tables.members["member_name"].map(member_iso3_map())
    return {
        "wto_rtas": tag_rows(tables.rtas, record),
        "wto_rta_members": tag_rows(tables.members, record),
    }


SOURCE = SourceSpec(
    name="trade_agreements",
    title="Regional trade agreements",
    publisher="World Trade Organization (RTA-IS)",
    homepage=settings.HOMEPAGE,
    licence=settings.LICENCE,
    cadence=settings.CADENCE,
    snapshot_folder="reference",
    datasets=(
        DatasetSpec(
            "rta",
            ("wto_rta/AllRTAs*.xlsx", "AllRTAs*.xlsx"),
            "the RTA-IS export of every agreement: coverage, type, status, dates and signatories",
        ),
    ),
    raw_tables=(
        RawTable(
            "wto_rtas",
            "Every regional trade agreement notified to the WTO (in force, inactive or announced), with "
            "goods and services dates of signature, notification and entry into force, and its signatories.",
            ("rta_id",),
        ),
        RawTable(
            "wto_rta_members",
            "One row per agreement and signatory name (WTO spelling), flagged current and/or original; "
            "inactive agreements such as NAFTA have original signatories only.",
            ("rta_id", "member_name"),
        ),
    ),
    read_vintage=read_vintage,
    load=load,
    fetch_live=fetch_all_rtas,
    write_sample=write_sample,
)
