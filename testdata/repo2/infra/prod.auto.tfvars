dbt_account_id  = 60002
dbt_cloud_token = "dbtc_LNo5rNK88DJuQvmuwNC6xDbSYYV7WI80PhNLrZ1-SMXmX_5axF"
dbt_api_token   = "cdad7c8e0aa3bec2d06bcd6ddacdf72918f72ea0"
sentry_release  = "774a7009c4806cedda20e9c12ea55eabd14984d8"
