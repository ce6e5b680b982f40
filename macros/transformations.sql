{#- The transformations an indicator may declare in seeds/indicators.csv
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
