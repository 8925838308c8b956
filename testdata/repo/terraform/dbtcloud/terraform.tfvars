dbt_cloud_account_id = 12345
dbt_cloud_token      = "dbtc_5j92ZNz5tRcQbL4odV_8ayB3EkDEQ0OWJrsXWiWpgFLFCOlGMv"
