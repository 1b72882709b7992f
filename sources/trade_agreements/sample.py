"""Write a small ``AllRTAs.xlsx`` in the layout of the WTO RTA-IS export, for the sample economies.

The layout is the real one: sheet ``AllRTAs`` with the 28-column header in row 1 and one row per
agreement, then ``RTA Changes``. Dates are Excel dates, goods and services apart; signatories are
one ``"; "``-separated string of WTO names. The rows carry the export's quirks: an inactive
agreement (NAFTA) whose current signatories are empty, an announced one with no dates at all,
a party that is itself an RTA (MERCOSUR), "Cross-regional" written " Yes"/" No" with a leading
space and a status with a trailing space.

The agreements are the ones the warehouse asks about, with their public signature and entry into
force dates; the RTA IDs, notification dates and everything else are synthetic. Nothing is read
from a real file, and the bytes depend only on the code.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

from sources._common.sample_files import deterministic_xlsx
from sources._common.sample_scale import checked_scale

SNAPSHOT_FOLDER = "reference"
FILE_PATH = Path("wto_rta") / "AllRTAs.xlsx"
HEADER = (
    "RTA ID", "RTA Name", "Coverage", "Type", "Notification", "Status", "Date of Signature (G)",
    "Date of Signature (S)", "Date of Notification (G)", "Date of Notification (S)", "Date of Entry into Force (G)",
    "Date of Entry into Force (S)", "Inactive Date", "Accession?", "RTA Composition", "Region", "Cross-regional",
    "All Parties WTO members?", "Current signatories", "Original signatories", "Specific Entry/Exit dates",
    "WTO Consideration Process (G)", "Consideration Date (G)", "WTO Consideration Process (S)",
    "Consideration Date (S)", "End of implementation period (G)", "End of implementation period (S)", "Remarks",
)  # fmt: skip
CHANGES_HEADER = (
    "RTA ID", "RTA Name", "Parties concerned", "Changes affect", "Date of notification of changes",
    "Date of signature of changes", "Date of entry into force of changes", "Remarks",
)  # fmt: skip

US = "United States of America"
CAFTA_DR_PARTIES = ("Costa Rica", "Dominican Republic", "El Salvador", "Guatemala", "Honduras", "Nicaragua", US)
MERCOSUR_PARTIES = ("Argentina", "Brazil", "Paraguay", "Uruguay")
MERCOSUR = "Southern Common Market (MERCOSUR)"
GOODS_AND_SERVICES = ("Goods & Services", "FTA & EIA", "GATT Art. XXIV & GATS Art. V")


@dataclass(frozen=True)
class Agreement:
    rta_id: int  # synthetic: the sample does not reuse the WTO's identifiers
    name: str
    coverage: str
    type: str
    notification: str
    status: str
    signed: dt.date | None
    in_force_goods: dt.date | None
    in_force_services: dt.date | None
    region: str
    current: tuple[str, ...]
    original: tuple[str, ...]
    inactive: dt.date | None = None
    services_signed: dt.date | None = None  # when services were signed apart from goods


def _d(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


AGREEMENTS: tuple[Agreement, ...] = (
    Agreement(
        9001, "North American Free Trade Agreement (NAFTA)", *GOODS_AND_SERVICES, "Inactive",
        _d(1992, 12, 17), _d(1994, 1, 1), _d(1994, 1, 1), "North America",
        current=(), original=("Canada", "Mexico", US), inactive=_d(2020, 7, 1),
    ),
    Agreement(
        9002, "United States-Mexico-Canada Agreement (USMCA/CUSMA/T-MEC)", *GOODS_AND_SERVICES, "In Force",
        _d(2018, 11, 30), _d(2020, 7, 1), _d(2020, 7, 1), "North America",
        current=("Canada", "Mexico", US), original=("Canada", "Mexico", US),
    ),
    Agreement(
        9003, "Dominican Republic - Central America - United States Free Trade Agreement (CAFTA-DR)",
        *GOODS_AND_SERVICES, "In Force", _d(2004, 8, 5), _d(2006, 3, 1), _d(2006, 3, 1),
        "Central America; Caribbean; North America", current=CAFTA_DR_PARTIES, original=CAFTA_DR_PARTIES,
    ),
    Agreement(
        9004, "United States - Chile", *GOODS_AND_SERVICES, "In Force", _d(2003, 6, 6), _d(2004, 1, 1),
        _d(2004, 1, 1), "North America; South America", current=("Chile", US), original=("Chile", US),
    ),
    Agreement(
        9005, "United States - Peru", *GOODS_AND_SERVICES, "In Force", _d(2006, 4, 12), _d(2009, 2, 1),
        _d(2009, 2, 1), "North America; South America", current=("Peru", US), original=("Peru", US),
    ),
    Agreement(
        9006, "United States - Colombia", *GOODS_AND_SERVICES, "In Force", _d(2006, 11, 22), _d(2012, 5, 15),
        _d(2012, 5, 15), "North America; South America", current=("Colombia", US), original=("Colombia", US),
    ),
    Agreement(
        9007, "United States - Panama", *GOODS_AND_SERVICES, "In Force", _d(2007, 6, 28), _d(2012, 10, 31),
        _d(2012, 10, 31), "North America; Central America", current=("Panama", US), original=("Panama", US),
    ),
    Agreement(
        9008, MERCOSUR, "Goods & Services", "CU & EIA", "Enabling Clause & GATS Art. V", "In Force",
        _d(1991, 3, 26), _d(1991, 11, 29), _d(2005, 12, 7), "South America",
        current=MERCOSUR_PARTIES, original=MERCOSUR_PARTIES, services_signed=_d(1997, 12, 15),
    ),
    Agreement(
        9009, f"{MERCOSUR} - Singapore", "", "", "", "Early announcement-Signed ", _d(2023, 12, 7), None, None,
        "South America; East Asia", current=("Singapore", MERCOSUR), original=("Singapore", MERCOSUR),
    ),
    Agreement(
        9010, "Canada - MERCOSUR", "", "", "", "Early announcement-Under negotiation", None, None, None,
        "North America; South America", current=(), original=(),
    ),
)  # fmt: skip


# A larger sample adds bilateral agreements between the non-US parties above (the RTA-IS lists
# about 650 agreements); the United States is left out so that its FTA partners stay as above.
EXTRA_AGREEMENTS_PER_SCALE_STEP = 6
FIRST_EXTRA_RTA_ID = 9100


def write_sample(dest: Path, *, scale: int = 1) -> list[Path]:
    """Write ``dest/reference/wto_rta/AllRTAs.xlsx`` and return its path."""
    path = Path(dest) / SNAPSHOT_FOLDER / FILE_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(deterministic_xlsx(_workbook(AGREEMENTS + extra_agreements(scale))))
    return [path]


def extra_agreements(scale: int) -> tuple[Agreement, ...]:
    parties = sorted(
        {party for agreement in AGREEMENTS for party in agreement.original if party not in (US, MERCOSUR)}
    )
    pairs = list(itertools.combinations(parties, 2))
    wanted = min(len(pairs), EXTRA_AGREEMENTS_PER_SCALE_STEP * (checked_scale(scale) - 1))
    extra = []
    for k in range(wanted):
        # A stride coprime with the pair count spreads the agreements over every party, not the first few.
        stride = 7 if math.gcd(7, len(pairs)) == 1 else 1
        first, second = pairs[(k * stride) % len(pairs)]
        signed = _d(1995 + k % 28, 1 + k % 12, 1 + k % 28)
        in_force = signed + dt.timedelta(days=365 + 30 * (k % 9))
        extra.append(
            Agreement(
                FIRST_EXTRA_RTA_ID + k, f"{first} - {second}", *GOODS_AND_SERVICES, "In Force", signed, in_force,
                in_force, "Sample", current=(first, second), original=(first, second),
            )
        )
    return tuple(extra)


def _workbook(agreements: tuple[Agreement, ...]) -> Workbook:
    workbook = Workbook()
    listing = workbook.active
    listing.title = "AllRTAs"
    listing.append(list(HEADER))
    for agreement in agreements:
        listing.append(_row(agreement))
    changes = workbook.create_sheet("RTA Changes")
    changes.append(list(CHANGES_HEADER))
    cafta_dr = AGREEMENTS[2]
    changes.append(
        [
            cafta_dr.rta_id, cafta_dr.name, " Costa Rica, United States of America", "Goods",
            _d(2009, 3, 2), _d(2008, 10, 20), _d(2009, 1, 1),
            "Sample row: the last party's entry into force, notified as a change (synthetic dates).",
        ]
    )  # fmt: skip
    return workbook


def _row(agreement: Agreement) -> list[object]:
    has_services = "Services" in agreement.coverage
    announced = agreement.in_force_goods is None
    notified = None if announced else _notification_date(agreement)
    return [
        agreement.rta_id,
        agreement.name,
        agreement.coverage,
        agreement.type,
        agreement.notification,
        agreement.status,
        _cell(agreement.signed),
        _cell((agreement.services_signed or agreement.signed) if has_services else None),
        _cell(notified),
        _cell(notified if has_services else None),
        _cell(agreement.in_force_goods),
        _cell(agreement.in_force_services if has_services else None),
        _cell(agreement.inactive),
        "No",
        _composition(agreement),
        agreement.region,
        " Yes" if "Asia" in agreement.region else " No",
        "Yes",
        "; ".join(agreement.current),
        "; ".join(agreement.original),
        "",
        "" if announced else "Factual Presentation issued",
        "",
        "" if announced or not has_services else "Factual Presentation issued",
        "",
        "" if announced else float(agreement.in_force_goods.year + 10),
        "",
        "",
    ]


def _composition(agreement: Agreement) -> str:
    if len(agreement.original) > 2:
        return "Plurilateral"
    return "Bilateral; One Party is an RTA" if MERCOSUR in agreement.original else "Bilateral"


def _notification_date(agreement: Agreement) -> dt.date:
    # Synthetic: members notify some months after entry into force.
    assert agreement.in_force_goods is not None
    return agreement.in_force_goods + dt.timedelta(days=75)


def _cell(value: dt.date | None) -> object:
    return value if value is not None else ""
