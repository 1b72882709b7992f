"""How big the generated sample is: a scale factor for load tests, and what grows with it.

Scale 1 is the bundled sample. A larger scale grows each publisher's file along the dimensions its
real layout already has (more years, more indicators, more economies), so the parsers, checks and
models meet the same formats at 10x or 100x the volume. Every row stays a sample row: the landing
zone marks it ``sample`` whatever the scale.

Economies are the one dimension that needs new codes. The real World Bank files list 217 economies,
some of them unknown to UN M49 and Census (Channel Islands, Kosovo). The extra sample economies are
of that kind: World Bank economies only, with ISO3 codes from the user-assigned range ``QMA``-``QZZ``
that ISO 3166 will never give to a country, so they cannot collide with a real code. Publishers that
name economies in words (KNOMAD, WITS, UNCTAD, WTO, CBP) keep the bundled list: their reviewed name
maps are for real names only.
"""

from __future__ import annotations

import os
import string
import zlib
from dataclasses import replace

from sources._common.sample_countries import SAMPLE_ECONOMIES, SampleEconomy

SCALE_ENV = "HEMI_SAMPLE_SCALE"
# The World Bank's economy count: the extra economies stop growing once the sample has them all.
WORLD_BANK_ECONOMIES = 217
EXTRA_ECONOMIES_PER_SCALE_STEP = 20


def scale_from_env() -> int:
    """The scale in ``HEMI_SAMPLE_SCALE`` (default 1); anything but a positive integer is an error."""
    text = os.environ.get(SCALE_ENV, "").strip()
    if not text:
        return 1
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"{SCALE_ENV} must be a positive integer, not {text!r}")
    return int(text)


def checked_scale(scale: int) -> int:
    if isinstance(scale, bool) or not isinstance(scale, int) or scale < 1:
        raise ValueError(f"sample scale must be a positive integer, not {scale!r}")
    return scale


def years_back(first: int, last: int, scale: int, *, per_step: int, earliest: int, step: int = 1) -> tuple[int, ...]:
    """Years ``first..last`` at scale 1, reaching ``per_step`` further back per scale step, never before
    ``earliest`` (where the publisher's own series starts)."""
    start = max(earliest, first - per_step * (checked_scale(scale) - 1))
    return tuple(range(start, last + 1, step))


def world_bank_economies(scale: int) -> tuple[SampleEconomy, ...]:
    """The bundled economies plus, above scale 1, World Bank-only economies up to the real count."""
    room = WORLD_BANK_ECONOMIES - len(SAMPLE_ECONOMIES)
    wanted = min(room, EXTRA_ECONOMIES_PER_SCALE_STEP * (checked_scale(scale) - 1))
    return SAMPLE_ECONOMIES + tuple(_extra_economy(k) for k in range(max(wanted, 0)))


# Copies of the largest economies (scaled up to 1.4x) would push US$ aggregates such as the goods
# balance past the registry's plausible bounds: real economies that size are already in the sample.
_TEMPLATES = tuple(e for e in SAMPLE_ECONOMIES if e.population_m * 1e6 * e.gdp_per_capita < 1e12)


def _extra_economy(k: int) -> SampleEconomy:
    letters = string.ascii_uppercase
    second = "MNOPQRSTUVWXYZ"
    iso3 = f"Q{second[k // 26]}{letters[k % 26]}"
    # Region, income group and magnitudes come from a bundled economy, so the values stay plausible
    # for every indicator's bounds; the jitter keeps the copies from being identical.
    template = _TEMPLATES[k % len(_TEMPLATES)]
    jitter = 0.6 + 0.8 * zlib.crc32(iso3.encode()) / 2**32
    return replace(
        template,
        iso3=iso3,
        iso2="",
        m49="",
        m49_region="",
        m49_subregion="",
        m49_intermediate="",
        name=f"Sample economy {iso3}",
        census_code="",
        population_m=round(template.population_m * jitter, 3),
        gdp_per_capita=round(template.gdp_per_capita * jitter, 0),
    )
