select
    c.customer_id,
    c.first_name || ' ' || c.last_name as full_name,
    min(o.order_date) as first_order_date,
    count(o.order_id) as order_count
from {{ ref('stg_customers') }} c
left join {{ ref('stg_orders') }} o using (customer_id)
group by 1, 2
