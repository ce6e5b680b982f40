{#- The GPSI's aggregation formulas, written once for the index and its uncertainty
    analysis (aggregate expressions over a group of dimension scores):
    - floored_geometric_mean: exp(sum(w * ln(max(s, floor))) / sum(w));
    - weighted_mean: sum(w * s) / sum(w).
    Sums are exact (macro exact_sum): the same bits however the engine splits a group. -#}
{% macro floored_geometric_mean(score, weight, floor) -%}
    exp(
        {{ exact_sum(weight ~ ' * ln(greatest(' ~ score ~ ', ' ~ floor ~ '))') }}
        / {{ exact_sum(weight) }}
    )
{%- endmacro %}

{% macro weighted_mean(score, weight) -%}
    {{ exact_sum(weight ~ ' * ' ~ score) }} / {{ exact_sum(weight) }}
{%- endmacro %}
