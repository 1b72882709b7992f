"""Tag parsed rows with the file they came from, so every published value can be traced."""

from __future__ import annotations

import pandas as pd

from sources._common.landing import LandedFile


def vintage_label(landed: LandedFile) -> str:
    """The publisher's vintage, or the retrieval date for files that carry none inside."""
    return landed.vintage or f"retrieved {landed.retrieved_at[:10]}"


def tag_rows(frame: pd.DataFrame, landed: LandedFile) -> pd.DataFrame:
    tagged = frame.copy()
    tagged["source_vintage"] = vintage_label(landed)
    tagged["raw_sha256"] = landed.sha256
    return tagged
