{#- The GPSI's aggregation formulas, written once for the index and its uncertainty
    analysis (aggregate expressions over a group of dimension scores):
    - floored_geometric_mean: exp(sum(w * ln(max(s, floor))) / sum(w));
    - weighted_mean: sum(w * s) / sum(w). -#}
{% macro floored_geometric_mean(score, weight, floor) -%}
    exp(
        {{ deterministic_agg('sum', weight ~ ' * ln(greatest(' ~ score ~ ', ' ~ floor ~ '))') }}
        / {{ deterministic_agg('sum', weight) }}
    )
{%- endmacro %}

{% macro weighted_mean(score, weight) -%}
    {{ deterministic_agg('sum', weight ~ ' * ' ~ score) }} / {{ deterministic_agg('sum', weight) }}
{%- endmacro %}
