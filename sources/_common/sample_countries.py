"""The economies the bundled sample covers: the Western Hemisphere plus the comparators.

Standard public codes (ISO 3166, UN M49, Census Schedule C), typed here so that every
sample writer builds its files from one list. Nothing in this module is read from a
publisher's file; the economic values the samples carry are synthetic.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SampleEconomy:
    iso3: str
    iso2: str
    m49: str
    name: str
    m49_region: str
    m49_subregion: str
    m49_intermediate: str  # "" where M49 has no intermediate region
    wb_region: str
    income_group: str
    census_code: str
    # Rough order of magnitude for synthetic values (population in millions, GDP per head in US$).
    population_m: float
    gdp_per_capita: float


_LAC = "Latin America & Caribbean"
_NAM = "North America"
_EAP = "East Asia & Pacific"
_AM = ("Americas", "Latin America and the Caribbean")

SAMPLE_ECONOMIES: tuple[SampleEconomy, ...] = (
    SampleEconomy("USA", "US", "840", "United States", "Americas", "Northern America", "", _NAM, "High income", "1000", 335.0, 80000),
    SampleEconomy("CAN", "CA", "124", "Canada", "Americas", "Northern America", "", _NAM, "High income", "1220", 40.0, 53000),
    SampleEconomy("MEX", "MX", "484", "Mexico", *_AM, "Central America", _LAC, "Upper middle income", "2010", 128.0, 13000),
    SampleEconomy("GTM", "GT", "320", "Guatemala", *_AM, "Central America", _LAC, "Upper middle income", "2050", 18.0, 5500),
    SampleEconomy("BLZ", "BZ", "084", "Belize", *_AM, "Central America", _LAC, "Upper middle income", "2080", 0.4, 7000),
    SampleEconomy("SLV", "SV", "222", "El Salvador", *_AM, "Central America", _LAC, "Upper middle income", "2110", 6.3, 5300),
    SampleEconomy("HND", "HN", "340", "Honduras", *_AM, "Central America", _LAC, "Lower middle income", "2150", 10.6, 3200),
    SampleEconomy("NIC", "NI", "558", "Nicaragua", *_AM, "Central America", _LAC, "Lower middle income", "2190", 6.9, 2600),
    SampleEconomy("CRI", "CR", "188", "Costa Rica", *_AM, "Central America", _LAC, "Upper middle income", "2230", 5.2, 16000),
    SampleEconomy("PAN", "PA", "591", "Panama", *_AM, "Central America", _LAC, "High income", "2250", 4.5, 18000),
    SampleEconomy("BHS", "BS", "044", "Bahamas, The", *_AM, "Caribbean", _LAC, "High income", "2360", 0.4, 35000),
    SampleEconomy("CUB", "CU", "192", "Cuba", *_AM, "Caribbean", _LAC, "Upper middle income", "2390", 11.0, 9500),
    SampleEconomy("JAM", "JM", "388", "Jamaica", *_AM, "Caribbean", _LAC, "Upper middle income", "2410", 2.8, 6500),
    SampleEconomy("HTI", "HT", "332", "Haiti", *_AM, "Caribbean", _LAC, "Lower middle income", "2450", 11.7, 1700),
    SampleEconomy("DOM", "DO", "214", "Dominican Republic", *_AM, "Caribbean", _LAC, "Upper middle income", "2470", 11.3, 10700),
    SampleEconomy("BRB", "BB", "052", "Barbados", *_AM, "Caribbean", _LAC, "High income", "2720", 0.3, 22000),
    SampleEconomy("TTO", "TT", "780", "Trinidad and Tobago", *_AM, "Caribbean", _LAC, "High income", "2740", 1.5, 19000),
    SampleEconomy("COL", "CO", "170", "Colombia", *_AM, "South America", _LAC, "Upper middle income", "3010", 52.0, 6900),
    SampleEconomy("VEN", "VE", "862", "Venezuela, RB", *_AM, "South America", _LAC, "Upper middle income", "3070", 28.0, 3500),
    SampleEconomy("GUY", "GY", "328", "Guyana", *_AM, "South America", _LAC, "High income", "3120", 0.8, 20000),
    SampleEconomy("SUR", "SR", "740", "Suriname", *_AM, "South America", _LAC, "Upper middle income", "3150", 0.6, 6000),
    SampleEconomy("ECU", "EC", "218", "Ecuador", *_AM, "South America", _LAC, "Upper middle income", "3310", 18.0, 6500),
    SampleEconomy("PER", "PE", "604", "Peru", *_AM, "South America", _LAC, "Upper middle income", "3330", 34.0, 7800),
    SampleEconomy("BOL", "BO", "068", "Bolivia", *_AM, "South America", _LAC, "Lower middle income", "3350", 12.4, 3700),
    SampleEconomy("CHL", "CL", "152", "Chile", *_AM, "South America", _LAC, "High income", "3370", 19.6, 17000),
    SampleEconomy("BRA", "BR", "076", "Brazil", *_AM, "South America", _LAC, "Upper middle income", "3510", 216.0, 10000),
    SampleEconomy("PRY", "PY", "600", "Paraguay", *_AM, "South America", _LAC, "Upper middle income", "3530", 6.9, 6200),
    SampleEconomy("URY", "UY", "858", "Uruguay", *_AM, "South America", _LAC, "High income", "3550", 3.4, 22000),
    SampleEconomy("ARG", "AR", "032", "Argentina", *_AM, "South America", _LAC, "Upper middle income", "3570", 46.0, 13000),
    SampleEconomy("CHN", "CN", "156", "China", "Asia", "Eastern Asia", "", _EAP, "Upper middle income", "5700", 1410.0, 12600),
    SampleEconomy("MMR", "MM", "104", "Myanmar", "Asia", "South-eastern Asia", "", _EAP, "Lower middle income", "5460", 54.0, 1200),
    SampleEconomy("THA", "TH", "764", "Thailand", "Asia", "South-eastern Asia", "", _EAP, "Upper middle income", "5490", 72.0, 7100),
    SampleEconomy("VNM", "VN", "704", "Viet Nam", "Asia", "South-eastern Asia", "", _EAP, "Lower middle income", "5520", 99.0, 4300),
    SampleEconomy("KHM", "KH", "116", "Cambodia", "Asia", "South-eastern Asia", "", _EAP, "Lower middle income", "5550", 17.0, 1900),
    SampleEconomy("MYS", "MY", "458", "Malaysia", "Asia", "South-eastern Asia", "", _EAP, "Upper middle income", "5570", 34.0, 11600),
    SampleEconomy("SGP", "SG", "702", "Singapore", "Asia", "South-eastern Asia", "", _EAP, "High income", "5590", 5.9, 84000),
    SampleEconomy("IDN", "ID", "360", "Indonesia", "Asia", "South-eastern Asia", "", _EAP, "Upper middle income", "5600", 278.0, 4900),
    SampleEconomy("PHL", "PH", "608", "Philippines", "Asia", "South-eastern Asia", "", _EAP, "Lower middle income", "5650", 117.0, 3700),
)

# World Bank aggregate codes the sample also writes, so aggregate handling is exercised.
SAMPLE_AGGREGATES: tuple[tuple[str, str], ...] = (
    ("WLD", "World"),
    ("LCN", "Latin America & Caribbean"),
    ("HIC", "High income"),
)
