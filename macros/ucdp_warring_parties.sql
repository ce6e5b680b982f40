{#- The warring parties of a UCDP row as every UCDP staging model exposes them: the
    sides' names, their secondary parties (states supporting a side with troops), the
    Gleditsch-Ward number lists of each, the location, the conflict's type and
    incompatibility, and the dataset version. UCDP's battle-deaths dyads and its armed
    conflicts publish these columns alike, so the layout is read in one place. -#}
{% macro ucdp_warring_parties() -%}
        -- parties
        {{ clean_text('side_a') }} as side_a,
        {{ clean_text('side_a_2nd') }} as side_a_secondary,
        {{ clean_text('side_b') }} as side_b,
        {{ clean_text('side_b_2nd') }} as side_b_secondary,
        {{ clean_text('gwno_a') }} as gwno_a,
        {{ clean_text('gwno_a_2nd') }} as gwno_a_secondary,
        {{ clean_text('gwno_b') }} as gwno_b,
        {{ clean_text('gwno_b_2nd') }} as gwno_b_secondary,
        {{ clean_text('gwno_loc') }} as gwno_location,
        -- conflict
        cast(type_of_conflict as integer) as type_of_conflict,
        cast(incompatibility as integer) as incompatibility,
        {{ clean_text('version') }} as ucdp_version
{%- endmacro %}
