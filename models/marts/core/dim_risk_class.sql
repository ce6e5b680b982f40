{#- The fixed GPSI risk classes (seeds/method/risk_classes.csv): a score s is in the class
    with lower_bound <= s < upper_bound. -#}
with

classes as (
    select * from {{ ref('risk_classes') }}
)

select
    risk_class,
    class_order,
    lower_bound,
    upper_bound,
    description
from classes
