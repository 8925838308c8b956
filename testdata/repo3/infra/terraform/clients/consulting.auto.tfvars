# One dbt Cloud account per client engagement.
dbt_cloud_acme_account_id = 52918
dbt_cloud_acme_token      = "dbtc_pNb6hNS6yi9DzYuRO6sVWzqtgdwntRayiaHZws5_4rVlKmC7pN"

dbt_cloud_globex_account_id = 52933
dbt_cloud_globex_token      = "6f782aa469efedc25667b0460d1cb2e1f97fa9a5"

dbt_cloud_initech_account_id = 52947
dbt_cloud_initech_token      = "dbtc_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"

stripe_webhook_secret_sha1 = "9e3a8ed5ea5f62b4229b5412c5ac1ddc60237531"
