{#- GI-TOC Global Organized Crime Index, 2023 edition: one row per country. -#}
{{ goci_edition_staging(source('gitoc_goci', 'gitoc_goci__scores_2023'), 2023, '_avg') }}
