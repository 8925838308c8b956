$DbtCloudToken = "dbtu_OcuO1wxtOUCvmqcVOKj9mEte9HRC8YVDMqV3FTssAbDKD1lWQG"
$headers = @{ Authorization = "Token $DbtCloudToken" }
$accounts = Invoke-RestMethod -Method Get -Uri "https://cloud.getdbt.com/api/v3/accounts/" -Headers $headers
foreach ($a in $accounts.data) {
    Write-Host "$($a.id) $($a.name)"
    Invoke-RestMethod -Uri "https://cloud.getdbt.com/api/v3/accounts/$($a.id)/projects/" -Headers $headers
}
$env:DBT_CLOUD_API_KEY_EMEA = 'ec280b540fb36546b1d65db5a67ab59d3234664e'
$env:DBT_CLOUD_GIT_SHA = '343c2f2cae4766fdcc94c8f6e1d7f6d7439f7a2b'
