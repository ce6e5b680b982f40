{#- One edition sheet of GI-TOC's Global Organized Crime Index staged: country, edition,
    pillar averages, the two violent components of organised crime the index uses and the
    four drug markets, as 1-10 numbers. The 2023 sheet suffixes its averages with " avg,"
    (`average_suffix`), the 2021 sheet does not. Both editions' staging models use it, so
    the layout is read in one place. -#}
{% macro goci_edition_staging(relation, edition_year, average_suffix) -%}
select
    {{ edition_year }} as edition_year,
    {{ clean_text('country') }} as entity_name,
    {{ clean_text('continent') }} as continent,
    {{ clean_text('region') }} as goci_region,
    {{ to_number('criminality' ~ average_suffix) }} as criminality,
    {{ to_number('criminal_markets' ~ average_suffix) }} as criminal_markets,
    {{ to_number('criminal_actors' ~ average_suffix) }} as criminal_actors,
    {{ to_number('resilience' ~ average_suffix) }} as resilience,
    {{ to_number('mafia_style_groups') }} as mafia_style_groups,
    {{ to_number('arms_trafficking') }} as arms_trafficking,
    {{ to_number('heroin_trade') }} as heroin_trade,
    {{ to_number('cocaine_trade') }} as cocaine_trade,
    {{ to_number('cannabis_trade') }} as cannabis_trade,
    {{ to_number('synthetic_drug_trade') }} as synthetic_drug_trade,
    {{ provenance_columns() }}
from {{ relation }}
{%- endmacro %}
