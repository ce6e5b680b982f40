{#- Fails on every row where the boolean SQL `expression` is false or null. -#}
{% test expression_true(model, expression) %}
    select *
    from {{ model }}
    where not coalesce(({{ expression }}), false)
{% endtest %}
