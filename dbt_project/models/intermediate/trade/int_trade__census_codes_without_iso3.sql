-- Census Schedule C country codes that no dim_country economy carries, each with the reason.
-- Their trade stays in the facts (it is part of Census's World total) with a null partner_iso3.
-- A country code that is neither here nor in dim_country fails the refresh
-- (tests/singular/trade/assert_every_census_country_code_is_mapped_or_listed.sql): review it and
-- either fix the country dimension or add it here with its reason.
with codes_without_iso3 as (
    select * from (
        values
            ('2771', 'Netherlands Antilles', 'Dissolved in 2010; ISO retired ANT. Curacao, Sint Maarten and the Caribbean Netherlands have their own codes from 2011.'),
            ('4350', 'Czechoslovakia', 'Dissolved in 1993; Czech Republic (4351) and Slovakia (4359) follow.'),
            ('4610', 'USSR', 'Dissolved in 1991; each successor state has its own code from 1992.'),
            ('4790', 'Yugoslavia (former)', 'SFR Yugoslavia, dissolved in 1992; no ISO3 today.'),
            ('4799', 'Serbia and Montenegro', 'State union 1992-2006; ISO retired SCG. Serbia (4801) and Montenegro (4804) follow.'),
            ('4802', 'Serbia', 'Serbia including Kosovo, 2007-2008, before Census gave Kosovo its own code (4803); Serbia today is 4801.'),
            ('5080', 'Israel', 'A superseded code for Israel, all zeros 1993-2003; Israel is 5081.'),
            ('5082', 'Gaza Strip admin. by Israel', 'Census lists Gaza (GZ) and the West Bank (WE) apart; ISO has one code (PSE) for both, so neither maps alone.'),
            ('5083', 'West Bank admin. by Israel', 'Census lists Gaza (GZ) and the West Bank (WE) apart; ISO has one code (PSE) for both, so neither maps alone.'),
            ('5160', 'Iraq-Saudi Arabia Neutral Zone', 'Partitioned in 1981; no ISO3 since 1993. All zeros.'),
            ('7320', 'Sudan', 'Sudan including South Sudan, to July 2011; Sudan (7321) and South Sudan (7323) follow.'),
            ('7740', 'Ethiopia', 'Ethiopia including Eritrea, to mid-1993; Ethiopia (7749) and Eritrea (7741) follow.'),
            ('8220', 'Unidentified Countries', 'Not an economy: exports whose destination Census could not identify.'),
            ('8500', 'International Organizations', 'Not an economy: shipments to international organizations.')
    ) as t (census_code, census_name, reason)
)

select * from codes_without_iso3
