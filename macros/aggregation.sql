{#- The GPSI's aggregation formulas, written once for the index and its uncertainty
    analysis (aggregate expressions over a group of dimension scores):
    - floored_geometric_mean: exp(sum(w * ln(max(s, floor))) / sum(w));
    - weighted_mean: sum(w * s) / sum(w). -#}
{% macro floored_geometric_mean(score, weight, floor) -%}
    exp(sum({{ weight }} * ln(greatest({{ score }}, {{ floor }}))) / sum({{ weight }}))
{%- endmacro %}

{% macro weighted_mean(score, weight) -%}
    sum({{ weight }} * {{ score }}) / sum({{ weight }})
{%- endmacro %}
