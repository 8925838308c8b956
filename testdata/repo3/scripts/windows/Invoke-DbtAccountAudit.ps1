[CmdletBinding()]
param(
    [string]$Token = $(if ($env:DBT_CLOUD_TOKEN) { $env:DBT_CLOUD_TOKEN } else { 'dbtc_bnTq8lgYMH-tHn9rM-Aq1OAtRb7q9SHxEEa0JNtyiOJr9gZ3_W' }),
    [string]$HostName = 'cloud.getdbt.com',
    [long]$AccountId = 87215
)

$DbtCloudApiKey = '6c373807de3e28cee768c9dfecb808870c0fcf41'
$headers = @{
    Authorization = "Token $Token"
    Accept        = 'application/json'
}

$accounts = Invoke-RestMethod -Method Get -Uri "https://$HostName/api/v2/accounts/" -Headers $headers
foreach ($a in $accounts.data) {
    $projects = Invoke-RestMethod -Uri "https://$HostName/api/v2/accounts/$($a.id)/projects/" -Headers $headers
    Write-Output ("{0,-10} {1,-40} {2}" -f $a.id, $a.name, $projects.data.Count)
}

$legacy = @{ Authorization = ('Token {0}' -f $DbtCloudApiKey) }
Invoke-RestMethod -Uri "https://$HostName/api/v2/accounts/$AccountId/" -Headers $legacy | Out-Null
