{#- The transformations an indicator may declare in seeds/method/indicators.csv
    (`transformation` column), applied to values and to goalposts alike, and their
    inverses. `transformation` is a SQL expression naming the transformation. -#}
{% macro apply_transformation(expr, transformation) -%}
    case {{ transformation }}
        when 'none' then {{ expr }}
        when 'log1p' then ln(1 + {{ expr }})
    end
{%- endmacro %}

{% macro invert_transformation(expr, transformation) -%}
    case {{ transformation }}
        when 'none' then {{ expr }}
        when 'log1p' then exp({{ expr }}) - 1
    end
{%- endmacro %}

{#- Two-sided indicators (seeds/method/indicators.csv band_low and band_high set): the value's
    distance outside the band [band_low, band_high], 0 inside it, so that values too
    low and too high are both scored as insecure. One-sided indicators (no band) pass
    through unchanged. Goalposts of a banded indicator are distances. -#}
{% macro band_distance(expr, band_low, band_high) -%}
    case
        when {{ band_low }} is null then {{ expr }}
        else greatest(0.0, {{ band_low }} - {{ expr }}, {{ expr }} - {{ band_high }})
    end
{%- endmacro %}
