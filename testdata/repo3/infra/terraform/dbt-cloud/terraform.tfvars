dbt_account_id = 52961
dbt_host_url   = "https://cloud.getdbt.com/api"
# Used by the legacy import scripts only.
dbt_token = "6ef12e2e286bde163c6329c27a57db4a0c992caf"
datadog_app_key = "d3d5ad7719fe099df9cadaf3f21add9560b42ee9"
github_token    = "218776450921043645101025b8b066c1f5b30f5d"
