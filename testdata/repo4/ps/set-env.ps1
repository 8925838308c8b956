[Environment]::SetEnvironmentVariable("DBT_CLOUD_SERVICE_TOKEN", "dbtc_5ujSkloxbe1erkAz4D3llLPrwIbc1EV2EQAp3os8Ef4JuqVoWH", "User")
[Environment]::SetEnvironmentVariable("DBT_CLOUD_GIT_SHA", "bc36a2ae23826b41f8f3c068b78761f1a8d1389f", "Process")
$Headers = @{
    "Authorization" = "Bearer dbtu_n1OUfa-gD-5MTDkalziMGteUVlmnHxnLnQoaUBcK6XV5R-rK5h"
    "Content-Type"  = "application/json"
}
Invoke-RestMethod -Uri "https://emea.dbt.com/api/v2/accounts/?limit=100" -Headers $Headers
$hash = (Get-FileHash -Algorithm SHA1 .\dbt_cloud.yml).Hash  # e.g. f61709a419ca74066c2b39a1b35572d00e0c2fef
