{#- Rows of `model` repeating a combination of `columns`, among the years this dbt
    invocation rewrote (the years with a row whose invocation_id is this invocation's;
    every year after a full build). For a model rebuilt year by year
    (int_uncertainty_draw_ranks): the other years are the rows a previous green build
    tested and nothing has touched since (an incremental build only starts from one), so
    the guarantee equals a test of every row, and a rewritten year is checked whole,
    old rows included, so rows a faulty delete+insert left behind are caught too. The
    var rewritten_by_invocation overrides the invocation id (to test this test). -#}
{% test unique_in_rewritten_years(model, columns) %}

with

rewritten_years as (
    select distinct reference_year
    from {{ model }}
    where invocation_id = '{{ var("rewritten_by_invocation", invocation_id) }}'
)

select
    {{ columns | join(', ') }},
    count(*) as repeated
from {{ model }}
where reference_year in (select reference_year from rewritten_years)
group by {{ columns | join(', ') }}
having count(*) > 1

{% endtest %}
