{#- GI-TOC's Global Organized Crime Index, both editions in one shape: one row per
    country and edition with the pillar averages and the four drug markets. Scores
    run 1-10 (criminality: higher = more crime; resilience: higher = better). The 2021
    sheet names its averages without the 2023 sheet's "avg," suffix. -#}
with

edition_2023 as (
    select
        2023 as edition_year,
        {{ clean_text('country') }} as entity_name,
        {{ clean_text('continent') }} as continent,
        {{ clean_text('region') }} as goci_region,
        {{ to_number('criminality_avg') }} as criminality,
        {{ to_number('criminal_markets_avg') }} as criminal_markets,
        {{ to_number('criminal_actors_avg') }} as criminal_actors,
        {{ to_number('resilience_avg') }} as resilience,
        {{ to_number('heroin_trade') }} as heroin_trade,
        {{ to_number('cocaine_trade') }} as cocaine_trade,
        {{ to_number('cannabis_trade') }} as cannabis_trade,
        {{ to_number('synthetic_drug_trade') }} as synthetic_drug_trade,
        {{ provenance_columns() }}
    from {{ source('gitoc_goci', 'gitoc_goci__scores_2023') }}
),

edition_2021 as (
    select
        2021 as edition_year,
        {{ clean_text('country') }} as entity_name,
        {{ clean_text('continent') }} as continent,
        {{ clean_text('region') }} as goci_region,
        {{ to_number('criminality') }} as criminality,
        {{ to_number('criminal_markets') }} as criminal_markets,
        {{ to_number('criminal_actors') }} as criminal_actors,
        {{ to_number('resilience') }} as resilience,
        {{ to_number('heroin_trade') }} as heroin_trade,
        {{ to_number('cocaine_trade') }} as cocaine_trade,
        {{ to_number('cannabis_trade') }} as cannabis_trade,
        {{ to_number('synthetic_drug_trade') }} as synthetic_drug_trade,
        {{ provenance_columns() }}
    from {{ source('gitoc_goci', 'gitoc_goci__scores_2021') }}
)

select * from edition_2023
union all
select * from edition_2021
