dbt_account_id     = 68840
dbt_api_token      = "4dd079101cc8a5b8343abea91bac2f421677e7cf"
dbt_host_url       = "https://emea.dbt.com/api"
snowflake_password = "1kBGQAHPq7eqCLB2y0"
