{#- A dbt command that writes relations (build, run, seed, snapshot) makes the build
    database no longer the one gpsi stamped green: the stamp is dropped before anything
    is written, so `gpsi publish` refuses what a plain `dbt run --empty` or a partial
    `dbt build` left, and `gpsi run` rebuilds instead of reporting "nothing changed".
    gpsi stamps its own green builds after they pass. Run by on-run-start; a no-op on
    engines without the loader's raw schema (Spark reads Parquet files). -#}
{% macro clear_green_stamp() %}
    {{ return(adapter.dispatch('clear_green_stamp', 'gpsi')()) }}
{% endmacro %}

{% macro default__clear_green_stamp() %}
    {%- if flags.WHICH in ('build', 'run', 'seed', 'snapshot') -%}
        {{ return('drop table if exists raw._build_state') }}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}

{% macro spark__clear_green_stamp() %}
    {{ return('') }}
{% endmacro %}
