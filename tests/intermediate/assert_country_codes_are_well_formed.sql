-- Country codes reach the report, the exports and every join: in the reference they must
-- be what ISO 3166 says they are (three and two capital letters), so a reference file
-- carrying markup or anything else in a code column fails the build here. Lists them.
select
    iso3,
    iso2
from {{ ref('int_countries_enriched') }}
where
    not {{ matches_pattern('iso3', "'[A-Z]{3}'") }}
    or (iso2 is not null and not {{ matches_pattern('iso2', "'[A-Z]{2}'") }})
