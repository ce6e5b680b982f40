-- depends_on: {{ ref('dimensions') }}
{#- One wide row per country for the latest well-covered year (the last year ranking
    at least method.latest_year_min_coverage_share of the countries ranked in the
    best-covered year, and whose mean imputed share is at most
    method.latest_year_max_imputed_share; later years rest mostly on carried-forward
    values): the index,
    its rank and class, and one score column per dimension of seeds/dimensions.csv
    (generated from the seed, so a new dimension needs no SQL change; inactive
    dimensions are null). -#}
{%- set dimension_ids = [] -%}
{%- if execute -%}
    {%- set result = run_query('select dimension_id from ' ~ ref('dimensions') ~ ' order by 1') -%}
    {%- for row in result.rows -%}
        {%- do dimension_ids.append(row[0]) -%}
    {%- endfor -%}
{%- endif %}
with

gpsi as (
    select * from {{ ref('fct_gpsi') }}
),

dimension_scores as (
    select * from {{ ref('fct_dimension_scores') }}
),

countries as (
    select * from {{ ref('dim_country') }}
),

method as (
    select * from {{ ref('method') }}
),

ranked_per_year as (
    select
        year,
        count(gpsi_score) as countries_ranked,
        avg(case when gpsi_score is not null then imputed_share end) as mean_imputed_share
    from gpsi
    group by year
),

latest as (
    select max(ranked_per_year.year) as latest_year
    from ranked_per_year
    cross join method
    where
        ranked_per_year.countries_ranked
        >= method.latest_year_min_coverage_share
        * (select max(best.countries_ranked) from ranked_per_year as best)
        and ranked_per_year.mean_imputed_share <= method.latest_year_max_imputed_share
),

pivoted as (
    select
        dimension_scores.iso3,
        {%- for dimension_id in dimension_ids %}
            max(case
                when dimension_scores.dimension_id = '{{ dimension_id }}'
                    then dimension_scores.score
            end) as score_{{ dimension_id }},
        {%- endfor %}
        dimension_scores.year
    from dimension_scores
    inner join latest on dimension_scores.year = latest.latest_year
    group by dimension_scores.iso3, dimension_scores.year
)

select
    countries.iso3,
    countries.country_name,
    countries.un_region,
    countries.wb_region,
    countries.income_group,
    gpsi.year,
    gpsi.gpsi_score,
    gpsi.gpsi_score_arithmetic,
    gpsi.gpsi_rank,
    gpsi.countries_ranked,
    gpsi.risk_class,
    gpsi.change_from_previous_year,
    gpsi.dimensions_covered,
    gpsi.imputed_share,
    gpsi.is_comparable_with_previous_year,
    gpsi.founding_gpsi_score,
    gpsi.founding_gpsi_rank,
    {%- for dimension_id in dimension_ids %}
        pivoted.score_{{ dimension_id }},
    {%- endfor %}
    gpsi.method_version
from gpsi
inner join latest on gpsi.year = latest.latest_year
inner join countries on gpsi.iso3 = countries.iso3
-- pivoted is read by the generated score_<dimension> columns above
left join pivoted on gpsi.iso3 = pivoted.iso3 and gpsi.year = pivoted.year  -- noqa: ST11
