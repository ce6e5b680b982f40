-- The reference must flag exactly the 193 UN member states.
select count(*) as un_members
from {{ ref('int_countries_enriched') }}
where is_un_member
having count(*) <> 193
