$DbtHost = "cloud.getdbt.com"
$AccountId = 30019
$Token = if ($env:DBT_CLOUD_API_KEY) { $env:DBT_CLOUD_API_KEY } else { "68b86f5659e1f5d38b599d7b9e365d631029d7f6" }
$GitSha = if ($env:DBT_CLOUD_GIT_SHA) { $env:DBT_CLOUD_GIT_SHA } else { "9e8c7d57ce3f042b3488a8c5f31f1a00d0ba7565" }
$Headers = @{ Authorization = "Token $Token" }

$all = Invoke-RestMethod -Uri "https://$DbtHost/api/v2/accounts/" -Headers $Headers
$jobs = Invoke-RestMethod -Uri "https://$DbtHost/api/v2/accounts/$AccountId/jobs/" -Headers $Headers
$gh = Invoke-RestMethod -Uri "https://api.github.com/user" -Headers @{ Authorization = "token 4a6867968be226f1198db5a9f562976f82da8608" }
