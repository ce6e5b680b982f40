{#- The coherence audit of the published index, per year (OECD/JRC Handbook step 4, as
    COINr and JRC audits run it), over the published country-years, long format (one
    statistic per row) with the rule of thumb it is judged by (seeds/method/coherence_rules.csv;
    the effective-weight cap is method.max_effective_weight_ratio):
    - indicator_skewness, indicator_excess_kurtosis: of each indicator's treated,
      transformed values (sample estimators, macros exact_skewness/_excess_kurtosis);
    - indicator_to_dimension_correlation: Pearson r of each indicator's score with its
      dimension's score (dimensions with two or more indicators);
    - dimension_to_index_correlation: r of each dimension's score with the GPSI
      (int_dimension_influence);
    - redundant_indicator_pair: r between every pair of indicators (flag |r| > 0.9);
    - cronbach_alpha: k / (k - 1) * (1 - sum of indicator variances / variance of their
      sum), over the countries with every indicator of the dimension;
    - effective_weight_ratio: the dimension's share of the index's variance over its
      nominal weight share (int_dimension_influence).
    related_id is the second subject of a pair ('-' when none). -#}
with

method as (
    select * from {{ ref('method') }}
),

rules as (
    select
        check_id,
        threshold,
        breach_when
    from {{ ref('coherence_rules') }}
    union all
    select
        'effective_weight_ratio' as check_id,
        max_effective_weight_ratio as threshold,
        'above' as breach_when
    from method
),

outlier_thresholds as (
    select
        max(case when check_id = 'indicator_skewness' then threshold end) as skewness_threshold,
        max(case when check_id = 'indicator_excess_kurtosis' then threshold end)
            as kurtosis_threshold
    from rules
),

published as (
    select
        iso3,
        reference_year,
        gpsi_score
    from {{ ref('int_gpsi_aggregated') }}
    where index_variant = 'headline' and is_published
),

indicators as (
    select * from {{ ref('int_index_indicators_active') }}
),

indicator_scores as (
    select
        scores.iso3,
        scores.reference_year,
        scores.indicator_id,
        scores.dimension_id,
        scores.treated_transformed_value,
        scores.normalised_score
    from {{ ref('int_indicator_scores_normalised') }} as scores
    inner join published
        on
            scores.iso3 = published.iso3
            and scores.reference_year = published.reference_year
    where scores.normalised_score is not null
),

dimension_scores as (
    select
        dimension_scores.iso3,
        dimension_scores.reference_year,
        dimension_scores.dimension_id,
        dimension_scores.score,
        published.gpsi_score
    from {{ ref('int_dimension_scores_aggregated') }} as dimension_scores
    inner join published
        on
            dimension_scores.iso3 = published.iso3
            and dimension_scores.reference_year = published.reference_year
    where dimension_scores.is_covered
),

multi_indicator_dimensions as (
    select
        dimension_id,
        count(*) as indicator_count
    from indicators
    group by dimension_id
    having count(*) >= 2
),

moments as (
    select
        reference_year,
        indicator_id,
        count(*) as countries,
        {{ exact_skewness('treated_transformed_value') }} as skewness,
        {{ exact_excess_kurtosis('treated_transformed_value') }} as excess_kurtosis
    from indicator_scores
    group by reference_year, indicator_id
),

indicator_to_dimension as (
    select
        indicator_scores.reference_year,
        indicator_scores.indicator_id,
        indicator_scores.dimension_id,
        count(*) as countries,
        {{ exact_corr('indicator_scores.normalised_score', 'dimension_scores.score') }} as r
    from indicator_scores
    inner join dimension_scores
        on
            indicator_scores.iso3 = dimension_scores.iso3
            and indicator_scores.reference_year = dimension_scores.reference_year
            and indicator_scores.dimension_id = dimension_scores.dimension_id
    inner join multi_indicator_dimensions
        on indicator_scores.dimension_id = multi_indicator_dimensions.dimension_id
    group by
        indicator_scores.reference_year,
        indicator_scores.indicator_id,
        indicator_scores.dimension_id
),

-- The dimensions' correlations with the index and their effective weights: computed
-- once, where the method's cap on them is tested.
influence as (
    select * from {{ ref('int_dimension_influence') }}
),

indicator_pairs as (
    select
        a.reference_year,
        a.indicator_id,
        b.indicator_id as related_id,
        count(*) as countries,
        {{ exact_corr('a.normalised_score', 'b.normalised_score') }} as r
    from indicator_scores as a
    inner join indicator_scores as b
        on
            a.iso3 = b.iso3
            and a.reference_year = b.reference_year
            and a.indicator_id < b.indicator_id
    group by a.reference_year, a.indicator_id, b.indicator_id
),

complete_cases as (
    select
        indicator_scores.iso3,
        indicator_scores.reference_year,
        indicator_scores.dimension_id
    from indicator_scores
    inner join multi_indicator_dimensions
        on indicator_scores.dimension_id = multi_indicator_dimensions.dimension_id
    group by
        indicator_scores.iso3,
        indicator_scores.reference_year,
        indicator_scores.dimension_id,
        multi_indicator_dimensions.indicator_count
    having count(*) = multi_indicator_dimensions.indicator_count
),

complete_scores as (
    select indicator_scores.*
    from indicator_scores
    inner join complete_cases
        on
            indicator_scores.iso3 = complete_cases.iso3
            and indicator_scores.reference_year = complete_cases.reference_year
            and indicator_scores.dimension_id = complete_cases.dimension_id
),

item_variances as (
    select
        reference_year,
        dimension_id,
        indicator_id,
        {{ exact_var_samp('normalised_score') }} as item_variance
    from complete_scores
    group by reference_year, dimension_id, indicator_id
),

totals as (
    select
        iso3,
        reference_year,
        dimension_id,
        {{ exact_sum('normalised_score') }} as total_score
    from complete_scores
    group by iso3, reference_year, dimension_id
),

total_variances as (
    select
        reference_year,
        dimension_id,
        count(*) as countries,
        {{ exact_var_samp('total_score') }} as total_variance
    from totals
    group by reference_year, dimension_id
),

cronbach as (
    select
        total_variances.reference_year,
        total_variances.dimension_id,
        max(total_variances.countries) as countries,
        count(*) * 1.0 / (count(*) - 1)
        * (
            1
            - {{ exact_sum('item_variances.item_variance') }}
            / nullif(max(total_variances.total_variance), 0)
        )
            as alpha
    from total_variances
    inner join item_variances
        on
            total_variances.reference_year = item_variances.reference_year
            and total_variances.dimension_id = item_variances.dimension_id
    group by total_variances.reference_year, total_variances.dimension_id
),

statistics as (
    select
        reference_year,
        'indicator_skewness' as check_id,
        indicator_id as subject_id,
        '-' as related_id,
        countries,
        skewness as statistic,
        excess_kurtosis as companion_statistic
    from moments
    union all
    select
        reference_year,
        'indicator_excess_kurtosis' as check_id,
        indicator_id as subject_id,
        '-' as related_id,
        countries,
        excess_kurtosis as statistic,
        skewness as companion_statistic
    from moments
    union all
    select
        reference_year,
        'indicator_to_dimension_correlation' as check_id,
        indicator_id as subject_id,
        dimension_id as related_id,
        countries,
        r as statistic,
        cast(null as double) as companion_statistic
    from indicator_to_dimension
    union all
    select
        reference_year,
        'dimension_to_index_correlation' as check_id,
        dimension_id as subject_id,
        'gpsi' as related_id,
        countries_paired as countries,
        correlation_with_gpsi as statistic,
        cast(null as double) as companion_statistic
    from influence
    union all
    select
        reference_year,
        'redundant_indicator_pair' as check_id,
        indicator_id as subject_id,
        related_id,
        countries,
        r as statistic,
        cast(null as double) as companion_statistic
    from indicator_pairs
    union all
    select
        reference_year,
        'cronbach_alpha' as check_id,
        dimension_id as subject_id,
        '-' as related_id,
        countries,
        alpha as statistic,
        cast(null as double) as companion_statistic
    from cronbach
    union all
    select
        reference_year,
        'effective_weight_ratio' as check_id,
        dimension_id as subject_id,
        'gpsi' as related_id,
        countries_paired as countries,
        effective_to_nominal_ratio as statistic,
        cast(null as double) as companion_statistic
    from influence
),

reported as (
    select reported_year from {{ ref('int_reported_year') }}
),

mart_rows as (
    select
        statistics.reference_year as year,
        statistics.check_id,
        statistics.subject_id,
        statistics.related_id,
        cast(statistics.countries as integer) as countries,
        round(statistics.statistic, 10) as statistic,
        rules.threshold,
        coalesce(
            case rules.breach_when
                when 'below' then statistics.statistic < rules.threshold
                when 'above' then statistics.statistic > rules.threshold
                when 'abs_above' then abs(statistics.statistic) > rules.threshold
                when 'abs_at_least_with_kurtosis'
                    then
                        abs(statistics.statistic) >= rules.threshold
                        and statistics.companion_statistic >= outlier_thresholds.kurtosis_threshold
                when 'at_least_with_skewness'
                    then
                        statistics.statistic >= rules.threshold
                        and abs(statistics.companion_statistic)
                        >= outlier_thresholds.skewness_threshold
            end,
            false
        ) as is_breach,
        method.method_version
    from statistics
    inner join rules on statistics.check_id = rules.check_id
    cross join outlier_thresholds
    cross join method
)

select
    mart_rows.*,
    -- a year after the reported one rests mostly on carried values: provisional
    mart_rows.year > reported.reported_year as is_provisional
from mart_rows
cross join reported
