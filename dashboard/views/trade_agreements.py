"""Trade agreements and tariff exposure (T1, T2, P3): surpluses with FTA partners and what a tariff would levy."""

from __future__ import annotations

import altair as alt
import streamlit as st

import data_access
import ui

st.title("Trade agreements and tariff exposure")
st.markdown(
    "Is the US running goods surpluses with its Latin American free-trade partners (T1), how have flows "
    "changed since each agreement entered into force for each partner, against the growth of all US trade "
    "(P3), and what duty would the 10% tariff the trade paper discusses levy on its nine partners' goods (T2)?"
)

selected = ui.selected_countries()
pub = data_access.publication()
census = data_access.PUBLISHERS["census_trade"]

where, params = data_access.in_countries("partner_iso3", selected)
scorecard = data_access.query(
    f"""
    select partner_iso3, partner_name, year, exports_usd, imports_usd, balance_usd, has_us_surplus,
           share_of_us_trade, agreement_name, entry_into_force, growth_base_year, exports_growth_since_entry,
           imports_growth_since_entry, us_exports_growth_since_entry, first_agreement_name,
           first_growth_base_year, exports_growth_since_first_entry, us_exports_growth_since_first_entry,
           months_reported, is_complete_year, source_vintage
    from marts.mart_fta_partner_scorecard
    where {where}
    order by year, partner_name
    """,
    params,
)

st.header("US goods balance with free-trade partners")
year = ui.latest_year(scorecard)
if year is None:
    ui.no_rows("US free-trade partners")
else:
    in_year = scorecard.loc[scorecard["year"] == year].assign(
        balance_busd=lambda f: f["balance_usd"] / ui.BILLION,
        position=lambda f: f["has_us_surplus"].map({True: "US surplus", False: "US deficit"}),
    )
    ui.chart(
        alt.Chart(in_year, title=f"US goods trade balance with each FTA partner, {year} (US$ billions)")
        .mark_bar()
        .encode(
            x=alt.X("balance_busd:Q", title="US exports minus imports, US$ billions (positive = US surplus)"),
            y=alt.Y("partner_name:N", sort="-x", title=None),
            color=ui.economy_color(in_year, "partner_iso3", "partner_name", legend=None),
            tooltip=[
                alt.Tooltip("partner_name:N", title="partner"),
                alt.Tooltip("agreement_name:N", title="agreement"),
                alt.Tooltip("position:N", title="position"),
                alt.Tooltip("balance_busd:Q", title="balance, US$ bn", format=",.2f"),
                alt.Tooltip("share_of_us_trade:Q", title="share of US trade", format=".2%"),
            ],
        ),
        rows=len(in_year),
    )
    surplus = in_year.loc[in_year["has_us_surplus"].astype(bool)]
    deficit = in_year.loc[~in_year["has_us_surplus"].astype(bool)]
    sentence = f"In {year} the US ran a goods surplus with {len(surplus)} of the {len(in_year)} FTA partners shown"
    if not surplus.empty:
        top = surplus.nlargest(1, "balance_usd").iloc[0]
        sentence += f"; the largest was with {top['partner_name']} ({ui.busd(top['balance_usd'])})"
    if not deficit.empty:
        low = deficit.nsmallest(1, "balance_usd").iloc[0]
        sentence += f", and the largest deficit with {low['partner_name']} ({ui.busd(-low['balance_usd'])})"
    ui.answer(sentence + ".")
    plural = "" if len(in_year) == 1 else "s"
    ui.caption(
        census,
        data_access.vintages_in(in_year),
        f"Latest complete year. {len(in_year)} partner{plural}: the current members of every US agreement in force "
        "in the hemisphere (WTO RTA-IS), each from its own entry into force (USTR).",
    )

    table = in_year.assign(
        entry=lambda f: f["entry_into_force"].astype(str),
        first_agreement=lambda f: f["first_agreement_name"].where(
            f["first_agreement_name"] != f["agreement_name"], None
        ),
    )[
        [
            "partner_name",
            "agreement_name",
            "entry",
            "exports_usd",
            "imports_usd",
            "balance_usd",
            "share_of_us_trade",
            "growth_base_year",
            "exports_growth_since_entry",
            "us_exports_growth_since_entry",
            "imports_growth_since_entry",
            "first_agreement",
            "first_growth_base_year",
            "exports_growth_since_first_entry",
            "us_exports_growth_since_first_entry",
        ]
    ]
    ui.table(
        table.rename(
            columns={
                "partner_name": "partner",
                "agreement_name": "agreement in force",
                "entry": "entry into force (this partner)",
                "exports_usd": "US exports, US$ bn",
                "imports_usd": "US imports, US$ bn",
                "balance_usd": "balance, US$ bn",
                "share_of_us_trade": "share of US trade",
                "growth_base_year": "base year",
                "exports_growth_since_entry": "exports growth since base",
                "us_exports_growth_since_entry": "all US exports, same years",
                "imports_growth_since_entry": "imports growth since base",
                "first_agreement": "first US agreement",
                "first_growth_base_year": "its base year",
                "exports_growth_since_first_entry": "exports growth since first base",
                "us_exports_growth_since_first_entry": "all US exports, same years (first)",
            }
        ),
        formats={
            "US exports, US$ bn": lambda v: f"{v / ui.BILLION:,.2f}",
            "US imports, US$ bn": lambda v: f"{v / ui.BILLION:,.2f}",
            "balance, US$ bn": lambda v: f"{v / ui.BILLION:,.2f}",
            "share of US trade": "{:.2%}",
            "base year": "{:.0f}",
            "its base year": "{:.0f}",
            "exports growth since base": "{:+.0%}",
            "all US exports, same years": "{:+.0%}",
            "imports growth since base": "{:+.0%}",
            "exports growth since first base": "{:+.0%}",
            "all US exports, same years (first)": "{:+.0%}",
        },
    )
    grown = in_year.dropna(subset=["exports_growth_since_entry", "us_exports_growth_since_entry"])
    faster = grown.loc[grown["exports_growth_since_entry"] > grown["us_exports_growth_since_entry"]]
    sentence = (
        f"Since the year before each agreement entered into force for it, US exports grew faster than all US "
        f"exports over the same years to {len(faster)} of the {len(grown)} partners with a complete base year"
    )
    mexico = in_year.loc[in_year["partner_iso3"] == "MEX"].dropna(subset=["exports_growth_since_first_entry"])
    if not mexico.empty:
        mex = mexico.iloc[0]
        sentence += (
            f"; to Mexico they grew {mex['exports_growth_since_first_entry']:+.0%} since "
            f"{int(mex['first_growth_base_year'])}, before {mex['first_agreement_name']}, against "
            f"{mex['us_exports_growth_since_first_entry']:+.0%} for all US exports"
        )
    ui.answer(sentence + " (current dollars; a change since entry, not the agreement's effect).")

st.header("US goods balance with blocs over time")
BLOCS = ["us_fta_wh", "us_fta_wh_ex_usmca", "tariff_paper_partners", "cafta_dr", "usmca", "south_america"]
blocs = data_access.query(
    """
    select bloc_code, bloc, year, exports_usd, imports_usd, balance_usd, member_count, part_year_member_iso3s,
           months_reported, is_complete_year, source_vintage
    from marts.agg_us_goods_trade_by_bloc
    where bloc_code in (select unnest(?::varchar[]))
    order by bloc_code, year
    """,
    [BLOCS],
)
complete = blocs.loc[blocs["is_complete_year"]].assign(
    balance_busd=lambda f: f["balance_usd"] / ui.BILLION,
    part_year=lambda f: ui.text_column(f["part_year_member_iso3s"]),
)
if complete.empty:
    ui.no_rows("bloc totals")
else:
    ui.chart(
        alt.Chart(
            complete, title="US goods trade balance by bloc, complete years (US$ billions; positive = US surplus)"
        )
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title="year"),
            y=alt.Y("balance_busd:Q", title="US$ billions"),
            color=ui.bloc_color(complete),
            tooltip=[
                "bloc:N",
                "year:O",
                alt.Tooltip("balance_busd:Q", title="balance, US$ bn", format=",.1f"),
                alt.Tooltip("member_count:Q", title="members counted"),
                alt.Tooltip("part_year:N", title="members for part of the year"),
            ],
        )
    )
    bloc_year = int(complete["year"].max())
    latest = complete.loc[complete["year"] == bloc_year].set_index("bloc_code")
    parts = []
    for code in ("us_fta_wh", "us_fta_wh_ex_usmca", "tariff_paper_partners"):
        if code in latest.index:
            row = latest.loc[code]
            side = "surplus" if row["balance_usd"] > 0 else "deficit"
            parts.append(
                f"a {side} of {ui.busd(abs(row['balance_usd']))} with {row['bloc']} "
                f"({int(row['member_count'])} counted)"
            )
    if parts:
        ui.answer(f"In {bloc_year} the US ran {ui.join_names(parts)}.")
    ui.caption(
        census,
        data_access.vintages_in(blocs),
        "Sum of member economies' rows; an FTA partner counts only from its agreement's entry into force for it "
        "(member_count per year); the country filter does not apply to blocs. "
        f"{ui.partial_year_note(blocs)} Partial years are left out of the chart.",
    )

st.header("A 10% tariff on the trade paper's nine partners")
where, params = data_access.in_countries("partner_iso3", selected)
exposure = data_access.query(
    f"""
    select partner_iso3, partner_name, year, imports_usd, tariff_rate, tariff_rate_source, estimated_duty_usd,
           gdp_usd, duty_share_of_partner_gdp, wits_ahs_weighted_avg_pct, import_charges_usd,
           import_charges_rate, months_reported, is_complete_year, source_vintage
    from marts.mart_tariff_exposure
    where {where} and is_tariff_paper_partner
    order by year, partner_name
    """,
    params,
)
year = ui.latest_year(exposure.dropna(subset=["duty_share_of_partner_gdp"]))
if year is None:
    ui.no_rows("tariff scenario figures (the paper's nine partners, complete years with WDI GDP)")
else:
    in_year = exposure.loc[exposure["year"] == year].assign(
        duty_pct_gdp=lambda f: 100 * f["duty_share_of_partner_gdp"],
        duty_busd=lambda f: f["estimated_duty_usd"] / ui.BILLION,
        rate=lambda f: ui.text_column(f["tariff_rate"], "{:.0%}"),
    )
    shown = in_year.dropna(subset=["duty_pct_gdp"])
    ui.chart(
        alt.Chart(
            shown,
            title=f"Upper bound on exporters' loss: scenario duty on each partner's US sales, {year} (% of its GDP)",
        )
        .mark_bar()
        .encode(
            x=alt.X("duty_pct_gdp:Q", title="duty US importers would pay, percent of the exporter's GDP (upper bound)"),
            y=alt.Y("partner_name:N", sort="-x", title=None),
            color=ui.economy_color(shown, "partner_iso3", "partner_name", legend=None),
            tooltip=[
                alt.Tooltip("partner_name:N", title="economy"),
                alt.Tooltip("rate:N", title="scenario rate"),
                alt.Tooltip("duty_busd:Q", title="duty, US$ bn", format=",.2f"),
                alt.Tooltip("duty_pct_gdp:Q", title="% of GDP, upper bound", format=".2f"),
            ],
        ),
        rows=len(shown),
    )
    total = in_year["estimated_duty_usd"].sum()
    top = shown.nlargest(1, "duty_share_of_partner_gdp").iloc[0]
    rates = sorted({ui.blank(r, "{:.0%}") for r in in_year["tariff_rate"]})
    sentence = (
        f"At {' / '.join(rates)}, the tariff on US imports of {year} from the {len(in_year)} partners shown would "
        f"levy {ui.busd(total)} in duties, paid by US importers; the most exposed is {top['partner_name']}, where "
        f"it would be at most {top['duty_pct_gdp']:.2f}% of GDP if its exporters bore the whole duty"
    )
    applied = in_year.dropna(subset=["wits_ahs_weighted_avg_pct"])
    if applied.empty:
        applied_all = exposure.dropna(subset=["wits_ahs_weighted_avg_pct"])
        if not applied_all.empty:
            applied_year = int(applied_all["year"].max())
            applied = applied_all.loc[applied_all["year"] == applied_year]
    if not applied.empty:
        sentence += (
            f", against a US tariff already applied of {applied['wits_ahs_weighted_avg_pct'].min():.2f}% to "
            f"{applied['wits_ahs_weighted_avg_pct'].max():.2f}% (WITS, import-weighted, {int(applied['year'].max())})"
        )
    ui.answer(sentence + ".")
    ui.caption(
        f"{census}; {data_access.PUBLISHERS['wdi']} (GDP, NY.GDP.MKTP.CD); World Bank WITS; USITC DataWeb",
        f"Census {data_access.vintages_in(in_year)}; {pub.vintage_of('wdi', 'wits', 'usitc_dataweb')}",
        "Static: imports x the seeded rate per partner (seeds/tariff_scenario_rates.csv, or the dbt var "
        "tariff_rate), no behavioural response. The duty is paid by US importers; as a share of the partner's "
        "GDP it is an upper bound on its exporters' loss, not a cost to its GDP. Nicaragua faced another rate "
        "and is not one of the paper's partners.",
    )
    ui.table(
        in_year[
            [
                "partner_name",
                "rate",
                "imports_usd",
                "estimated_duty_usd",
                "duty_pct_gdp",
                "wits_ahs_weighted_avg_pct",
                "import_charges_usd",
                "import_charges_rate",
            ]
        ].rename(
            columns={
                "partner_name": "partner",
                "rate": "scenario rate",
                "imports_usd": "US imports, US$ bn",
                "estimated_duty_usd": "scenario duty, US$ bn",
                "duty_pct_gdp": "duty, % of partner GDP (upper bound)",
                "wits_ahs_weighted_avg_pct": "US tariff applied, % (WITS AHS)",
                "import_charges_usd": "import charges, US$ bn (freight and insurance, not duties)",
                "import_charges_rate": "import charges, % of customs value",
            }
        ),
        formats={
            "US imports, US$ bn": lambda v: f"{v / ui.BILLION:,.2f}",
            "scenario duty, US$ bn": lambda v: f"{v / ui.BILLION:,.2f}",
            "duty, % of partner GDP (upper bound)": "{:.2f}",
            "US tariff applied, % (WITS AHS)": "{:.2f}",
            "import charges, US$ bn (freight and insurance, not duties)": lambda v: f"{v / ui.BILLION:,.2f}",
            "import charges, % of customs value": "{:.2%}",
        },
    )
    st.caption(
        "Source: US Census Bureau, World Bank WITS, USITC DataWeb. "
        f"Vintage: {pub.vintage_of('census_trade', 'wits', 'usitc_dataweb')}. USITC's import charges are the "
        "freight, insurance and other costs of bringing the goods to the first US port; they exclude duties, so "
        "their rate is a transport-cost rate, not an effective tariff. The warehouse holds no duties collected "
        "by partner; the WITS applied rate (2017-2022) is the measure of the tariff already paid."
    )
