-- Country codes reach the report, the exports and every join: in the reference they must
-- be ISO 3166 letters (three for alpha-3, two for alpha-2), optionally followed by the
-- digits of a `gpsi synth` clone (FRA007), so a reference file carrying markup or
-- anything else in a code column fails the build here. Lists them.
select
    iso3,
    iso2
from {{ ref('int_countries_enriched') }}
where
    not {{ matches_pattern('iso3', "'[A-Z]{3}([0-9]{3})?'") }}
    or (iso2 is not null and not {{ matches_pattern('iso2', "'[A-Z]{2}[0-9]*'") }})
