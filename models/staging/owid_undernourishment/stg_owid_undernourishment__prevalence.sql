{{ owid_undernourishment_staging(
    source('owid_undernourishment', 'owid_undernourishment__prevalence')
) }}
