"""Live download of the two DataWeb reports through DataWeb's query API (``runReport``).

The API takes a query object (the same one the web application builds in its eight steps) and
answers with the report as JSON; it needs a DataWeb account's bearer token, read from
``HEMI_USITC_DATAWEB_API_KEY`` by :meth:`HttpClient.post_json` and never logged. The queries are the
ones the snapshot's Query_Parameters files state: annual full years, every country broken out,
every HTS chapter (two digits) broken out, programs, rate provision codes and districts aggregated.
The answer is landed as it came and parsed by ``parse.parse_report_json``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

from sources._common.errors import FetchError
from sources._common.http import HttpClient
from sources._common.spec import Download
from sources.usitc_dataweb.settings import FIRST_YEAR, RUN_REPORT_URL

SOURCE = "usitc_dataweb"
# dataset -> (trade flow, measure, file name). The measure codes are DataWeb's: FAS_VALUE is the
# f.a.s. export value; GEN_CHARGES_INS_FREIGHT is "General Import Charges", the freight, insurance
# and other charges of bringing general imports to the first US port (duties excluded).
REPORTS = {
    "exports": ("TotExp", "FAS_VALUE", "DataWeb-Query-Export__FAS_Value.json"),
    "import_charges": ("GenImp", "GEN_CHARGES_INS_FREIGHT", "DataWeb-Query-Import__General_Import_Charges.json"),
}
QUERY_FILES = {
    "exports": "DataWeb-Query-Export__Query_Parameters.json",
    "import_charges": "DataWeb-Query-Import__Query_Parameters.json",
}


def fetch_reports(client: HttpClient, *, today: datetime | None = None) -> Iterator[Download]:
    years = [str(year) for year in range(FIRST_YEAR, (today or datetime.now(UTC)).year)]
    for dataset, (trade_type, measure, file_name) in REPORTS.items():
        query = report_query(trade_type, measure, years)
        body = client.post_json(RUN_REPORT_URL, dataset, query)
        require_report(body, dataset)
        yield Download(dataset=dataset, file_name=file_name, url=RUN_REPORT_URL, content=body)
        # The query sent, kept beside the answer as the export's Query_Parameters file is (no secret in it).
        yield Download(
            dataset=f"{dataset}_query_parameters",
            file_name=QUERY_FILES[dataset],
            url=RUN_REPORT_URL,
            content=json.dumps(query, indent=1, sort_keys=True).encode("utf-8"),
        )


def report_query(trade_type: str, measure: str, years: list[str]) -> dict:
    """DataWeb's query object for one measure by HTS chapter and country, annual, full years."""
    return {
        "savedQueryName": "",
        "savedQueryDesc": "",
        "isOwner": True,
        "runMonthly": False,
        "reportOptions": {"tradeType": trade_type, "classificationSystem": "HTS"},
        "searchOptions": {
            "MiscGroup": {
                "districts": {
                    "aggregation": "Aggregate District",
                    "districtGroups": {"userGroups": []},
                    "districts": [],
                    "districtsExpanded": [{"name": "All Districts", "value": "all"}],
                    "districtsSelectType": "all",
                },
                "importPrograms": {"aggregation": None, "importPrograms": [], "programsSelectType": "all"},
                "extImportPrograms": {
                    "aggregation": "Aggregate CSC",
                    "extImportPrograms": [],
                    "extImportProgramsExpanded": [],
                    "programsSelectType": "all",
                },
                "provisionCodes": {
                    "aggregation": "Aggregate RPCODE",
                    "provisionCodesSelectType": "all",
                    "rateProvisionCodes": [],
                    "rateProvisionCodesExpanded": [],
                },
            },
            "commodities": {
                "aggregation": "Break Out Commodities",
                "codeDisplayFormat": "YES",
                "commodities": [],
                "commoditiesExpanded": [],
                "commoditiesManual": "",
                "commodityGroups": {"systemGroups": [], "userGroups": []},
                "commoditySelectType": "all",
                "granularity": "2",
                "groupGranularity": None,
                "searchGranularity": None,
            },
            "componentSettings": {
                "dataToReport": [measure],
                "scale": "1",
                "timeframeSelectType": "fullYears",
                "years": years,
                "startDate": None,
                "endDate": None,
                "startMonth": None,
                "endMonth": None,
                "yearsTimeline": "Annual",
            },
            "countries": {
                "aggregation": "Break Out Countries",
                "countries": [],
                "countriesExpanded": [{"name": "All Countries", "value": "all"}],
                "countriesSelectType": "all",
                "countryGroups": {"systemGroups": [], "userGroups": []},
            },
        },
        "sortingAndDataFormat": {
            "DataSort": {"columnOrder": [], "fullColumnOrder": [], "sortOrder": []},
            "reportCustomizations": {
                "exportCombineTables": False,
                "showAllSubtotal": True,
                "subtotalRecords": "",
                "totalRecords": "20000",
                "exportRawData": False,
            },
        },
    }


def require_report(body: bytes, dataset: str) -> None:
    """DataWeb answers a bad query, an expired token or its "data load mode" with status 200 and no table."""
    try:
        dto = json.loads(body)["dto"]
        tables = dto.get("tables") or []
    except (ValueError, KeyError, TypeError, AttributeError):
        raise FetchError(
            SOURCE, f"dataset {dataset!r}: {RUN_REPORT_URL} did not return a report ({body[:80]!r})"
        ) from None
    errors = dto.get("errors") or []
    if errors or not tables:
        raise FetchError(SOURCE, f"dataset {dataset!r}: DataWeb returned no table: {errors or 'no tables'}")
