param([int]$AccountId)

$DbtCloudApiKey = if ($env:DBT_CLOUD_API_KEY) { $env:DBT_CLOUD_API_KEY } else { '900fa6c5098abb0014679f03ce21ea36f7a2e58d' }
$headers = @{ Authorization = "Token $DbtCloudApiKey" }

Invoke-RestMethod -Uri 'https://cloud.getdbt.com/api/v2/accounts/' -Headers $headers -Method Get
Invoke-RestMethod -Uri "https://cloud.getdbt.com/api/v2/accounts/$AccountId/jobs/" -Headers $headers

$GithubToken = 'ghp_hBXAi4gAjMjnLQvf3YP1HDhJ91W18gPqPufP'
