dbt_cloud_account_id = 7012
dbt_cloud_token      = "dbtc_RMuM-PuRxXV0Uv4sXORCr5IpLCLnK3Nn9haDDFOi00yqAHwO-2"
dbt_api_token = "dbtu_MxP39Xhh9xE13QtFUx8vCeaPAK09mP7zk8VHng4nkqNDpdX_41"
github_token  = "ghp_AHICFT9dhJ8nTvlfYsYpGHTAdsEyDGFB713Y"
git_sha = "4f72218064498ab14025ba22d5b0659aba2bcd87"
