with source as (
    select * from {{ source('shop', 'orders') }}
),
renamed as (
    select
        id as order_id,
        customer_id,
        order_date,
        status,
        amount_cents / 100.0 as amount
    from source
)
select * from renamed
