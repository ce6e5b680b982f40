{{ owid_undernourishment_staging(
    source('owid_undernourishment_2025', 'owid_undernourishment_2025__prevalence')
) }}
