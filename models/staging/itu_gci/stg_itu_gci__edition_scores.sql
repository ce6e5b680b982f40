{#- One row per country and GCI edition. Scores are published on 0-1 (2014, 2017,
    2018) or 0-100 (2020, 2024); the scale and the edition's reference (data) year
    come from seeds/method/gci_editions.csv, and `score_0_100` puts every edition on 0-100.
    Rows whose score is #N/A or blank are dropped. -#}
with

source as (
    select * from {{ source('itu_gci', 'itu_gci__edition_scores') }}
),

editions as (
    select * from {{ ref('gci_editions') }}
),

long as (
    {% set pairs = [
        (2014, 'y2014', 'globa_rank'),
        (2017, 'y2017', 'global_rank'),
        (2018, 'y2018', 'global_rank_2'),
        (2020, 'y2020', 'global_rank_3'),
        (2024, 'y2024', 'global_rank_4'),
    ] %}
    {%- for edition, score_col, rank_col in pairs %}
        select
            country,
            {{ edition }} as edition,
            {{ score_col }} as score_text,
            {{ rank_col }} as rank_text,
            _source_file,
            _source_row,
            _source_sha256,
            _loaded_at
        from source
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

renamed as (
    select
        -- entity
        {{ clean_text('long.country') }} as entity_name,
        cast(null as string) as entity_code,
        -- observation
        long.edition as edition_year,
        editions.reference_year,
        editions.publication_year,
        {{ to_number('long.score_text') }} as score_as_published,
        editions.published_scale_max,
        100.0 * {{ to_number('long.score_text') }} / editions.published_scale_max
            as score_0_100,
        cast({{ to_number('long.rank_text') }} as integer) as rank_as_published,
        -- provenance
        long._source_file as source_file,
        long._source_row as source_row,
        long._source_sha256 as source_sha256,
        long._loaded_at as loaded_at
    from long
    inner join editions on long.edition = editions.edition_year
    where {{ to_number('long.score_text') }} is not null
)

select * from renamed
