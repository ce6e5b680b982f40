{#- Every source of the warehouse with its publisher, licence, the dimension it feeds
    and what was landed from it: the attribution table the report and the exports
    print. -#}
select * from {{ ref('int_sources_summarised') }}
