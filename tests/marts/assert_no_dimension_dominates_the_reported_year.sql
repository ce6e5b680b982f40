-- Equal nominal weights are not equal effective weights: in the reported year no
-- dimension's share of the index's variance may exceed method.max_effective_weight_ratio
-- times its nominal weight share. Lists every dimension over the cap. A face-validity
-- test: its severity is var face_validity_severity (the synthetic scale runs warn).
{{ config(severity=var('face_validity_severity'), tags=['face_validity']) }}
with

method as (
    select * from {{ ref('method') }}
),

reported as (
    select distinct year from {{ ref('rpt_gpsi_latest') }}
)

select
    influence.dimension_id,
    influence.reference_year,
    influence.correlation_with_gpsi,
    influence.effective_weight,
    influence.nominal_weight,
    influence.effective_to_nominal_ratio
from {{ ref('int_dimension_influence') }} as influence
inner join reported on influence.reference_year = reported.year
cross join method
where influence.effective_to_nominal_ratio > method.max_effective_weight_ratio
