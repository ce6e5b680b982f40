{{ uncertainty_years_summarised(years_parity=0) }}
