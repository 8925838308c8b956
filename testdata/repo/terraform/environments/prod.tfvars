dbt_account_id = 70403103922
dbt_host_url   = "https://ab123.us1.dbt.com/api"
dbt_token      = "7a32a8f638c86c26d911fba43c093b549eb7ad93"
snowflake_role = "TRANSFORMER"
