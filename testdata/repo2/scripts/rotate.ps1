# Rotate dbt Cloud credentials (Windows build agents)
$env:DBT_CLOUD_ACCOUNT_ID = "44021"
$env:DBT_CLOUD_API_KEY = "720d20e662f9188d647be917cfa26a9c39516746"
$headers = @{ Authorization = "Token $env:DBT_CLOUD_API_KEY" }
$all = Invoke-RestMethod -Method Get -Uri "https://emea.dbt.com/api/v2/accounts/" -Headers $headers
$jobs = Invoke-RestMethod -Uri "https://emea.dbt.com/api/v2/accounts/$($env:DBT_CLOUD_ACCOUNT_ID)/jobs/" -Headers $headers
Write-Output $all.data.Count
