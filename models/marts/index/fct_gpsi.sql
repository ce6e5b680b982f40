{#- The Global Public Security Index per country and year (every year from
    the method seed's first_year to the latest year with data, rebuilt in full on every run).
    The headline index aggregates every active dimension; the founding four-dimension
    index (public order, terrorism, cybersecurity, road safety) is published beside it
    (founding_* columns). For each: geometric and arithmetic scores and the rank
    within the year (ties share the best rank). The headline index also gets its fixed
    risk class (seeds/method/risk_classes.csv), its imputed share, the mean data year of
    the values behind it, and its change from the previous year, chain-linked: computed on
    the values comparable between the two years (int_gpsi_changes_linked), so a new
    edition, vintage or source is not read as a change. The change in the published
    score and the part of it that comes from source changes stand beside it;
    is_comparable_with_previous_year says whether the two years rest on the very same
    dimensions, indicators, sources and editions (then the three changes agree). -#}
with

gpsi as (
    select * from {{ ref('int_gpsi_aggregated') }}
),

classes as (
    select * from {{ ref('risk_classes') }}
),

linked as (
    select * from {{ ref('int_gpsi_changes_linked') }}
),

ranked as (
    select
        gpsi.*,
        case
            when gpsi.is_published
                -- bigint on every engine (DuckDB's rank type; Spark's is int). Ranked on
                -- the score to 9 decimals: scores equal in exact arithmetic (countries
                -- with the same floored dimensions, 10^1.4 twice in 2016) tie on every
                -- engine, whatever its last bit of floating point
                then cast(rank() over (
                    partition by gpsi.reference_year, gpsi.index_variant, gpsi.is_published
                    order by round(gpsi.gpsi_score, 9) desc
                ) as bigint)
        end as gpsi_rank,
        count(gpsi.gpsi_score) over (
            partition by gpsi.reference_year, gpsi.index_variant
        ) as countries_ranked
    from gpsi
),

headline as (
    select * from ranked
    where index_variant = 'headline'
),

founding as (
    select * from ranked
    where index_variant = 'founding'
),

country_years as (
    select
        iso3,
        reference_year
    from headline
    union
    select
        iso3,
        reference_year
    from founding
),

with_previous as (
    select
        country_years.iso3,
        country_years.reference_year,
        headline.gpsi_score,
        headline.gpsi_score_arithmetic,
        headline.gpsi_rank,
        headline.countries_ranked,
        headline.dimensions_covered,
        headline.dimensions_active,
        headline.imputed_share,
        headline.lowest_dimension_score,
        headline.series_basis,
        previous.gpsi_score as previous_score,
        previous.series_basis as previous_series_basis,
        founding.gpsi_score as founding_gpsi_score,
        founding.gpsi_score_arithmetic as founding_gpsi_score_arithmetic,
        founding.gpsi_rank as founding_gpsi_rank,
        founding.countries_ranked as founding_countries_ranked,
        founding.dimensions_covered as founding_dimensions_covered,
        coalesce(headline.method_version, founding.method_version) as method_version
    from country_years
    left join headline
        on
            country_years.iso3 = headline.iso3
            and country_years.reference_year = headline.reference_year
    left join founding
        on
            country_years.iso3 = founding.iso3
            and country_years.reference_year = founding.reference_year
    left join headline as previous
        on
            country_years.iso3 = previous.iso3
            and country_years.reference_year - 1 = previous.reference_year
),

reported as (
    select reported_year from {{ ref('int_reported_year') }}
),

mart_rows as (
    select
        with_previous.iso3,
        with_previous.reference_year as year,
        with_previous.gpsi_score,
        with_previous.gpsi_score_arithmetic,
        with_previous.gpsi_rank,
        with_previous.countries_ranked,
        classes.risk_class,
        with_previous.dimensions_covered,
        with_previous.dimensions_active,
        with_previous.imputed_share,
        coalesce(
            with_previous.gpsi_score is not null
            and with_previous.previous_score is not null
            and with_previous.series_basis = with_previous.previous_series_basis,
            false
        ) as is_comparable_with_previous_year,
        -- both years published (an unpublished year has too few dimensions to link anyway)
        case
            when with_previous.gpsi_score is not null and with_previous.previous_score is not null
                then linked.linked_change
        end as change_from_previous_year,
        with_previous.gpsi_score - with_previous.previous_score as change_in_published_score,
        with_previous.gpsi_score - with_previous.previous_score - linked.linked_change
            as change_from_source_changes,
        case when with_previous.gpsi_score is not null then linked.mean_data_year end
            as mean_data_year,
        with_previous.lowest_dimension_score,
        with_previous.series_basis,
        with_previous.founding_gpsi_score,
        with_previous.founding_gpsi_score_arithmetic,
        with_previous.founding_gpsi_rank,
        with_previous.founding_countries_ranked,
        with_previous.founding_dimensions_covered,
        with_previous.method_version
    from with_previous
    left join classes
        on
            with_previous.gpsi_score >= classes.lower_bound
            and with_previous.gpsi_score < classes.upper_bound
    left join linked
        on
            with_previous.iso3 = linked.iso3
            and with_previous.reference_year = linked.reference_year
)

select
    mart_rows.*,
    -- a year after the reported one rests mostly on carried values: provisional
    mart_rows.year > reported.reported_year as is_provisional
from mart_rows
cross join reported
