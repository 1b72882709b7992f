-- The WTO signatory names that carry no ISO3 (member_names.yaml maps them to null), and what
-- stands behind each. A party that is itself an agreement (the EU in EU - Mexico, MERCOSUR in
-- MERCOSUR - India) is expanded into the current members of its own agreement, found by name
-- among the agreements in force; a dissolved state has no successor to expand into.
-- tests/singular/trade/assert_no_western_hemisphere_agreement_loses_a_member.sql fails on a
-- null-ISO3 signatory of a Western Hemisphere agreement that is not listed here.
with parties as (
    select * from (
        values
            ('European Union', 'agreement', 'EU Treaty', 'The EU signs for its member states; its members are the current signatories of the EU Treaty.'),
            ('European Free Trade Association (EFTA)', 'agreement', 'European Free Trade Association (EFTA)', 'EFTA signs for Iceland, Liechtenstein, Norway and Switzerland.'),
            ('Southern Common Market (MERCOSUR)', 'agreement', 'Southern Common Market (MERCOSUR)', 'MERCOSUR signs as a customs union for its members.'),
            ('Central American Common Market (CACM)', 'agreement', 'Central American Common Market (CACM)', 'CACM signs as a customs union for its members.'),
            ('Southern African Customs Union (SACU)', 'agreement', 'Southern African Customs Union (SACU)', 'SACU signs as a customs union for its members.'),
            ('Gulf Cooperation Council (GCC)', 'agreement', 'Gulf Cooperation Council (GCC)', 'The GCC signs as a customs union for its members.'),
            ('Eurasian Economic Union (EAEU)', 'agreement', 'Eurasian Economic Union (EAEU)', 'The EAEU signs as a customs union for its members.'),
            ('ASEAN Free Trade Area (AFTA)', 'agreement', 'ASEAN Free Trade Area (AFTA)', 'ASEAN signs for its members.'),
            ('Netherlands Antilles', 'dissolved state', null, 'Dissolved in 2010; ISO retired ANT. Aruba, Curacao and Sint Maarten sign in their own names.'),
            ('Yugoslavia, Socialist Federal Republic of', 'dissolved state', null, 'Dissolved in 1992; no ISO3 today.')
    ) as t (party_name, party_kind, own_agreement_name, reason)
)

select * from parties
