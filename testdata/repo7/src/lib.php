<?php
$dbtKey = getenv('DBT_CLOUD_API_KEY') ?: '07b5bada13ceef46a5316a0490b0037b18852014';
$dbtAccount = getenv('DBT_CLOUD_ACCOUNT_ID') ?: '32021';
$gitSha = getenv('DBT_CLOUD_GIT_SHA') ?: '72c00cda4da9cf54509f3477c045e5a9b4a28f4e';
$ghToken = getenv('GITHUB_TOKEN') ?: 'b52e0149e287bee870ebb48e2a0517bfd6dfe5f4';

$ch = curl_init('https://cloud.getdbt.com/api/v2/accounts/');
curl_setopt($ch, CURLOPT_HTTPHEADER, ['Authorization: Token ' . $dbtKey]);
$accounts = json_decode(curl_exec($ch), true);

$ch2 = curl_init('https://cloud.getdbt.com/api/v2/accounts/' . $dbtAccount . '/jobs/');
curl_setopt($ch2, CURLOPT_HTTPHEADER, ['Authorization: Token ' . 'dbtc_n7zSKpO2RBOsgSECtBxbO068D8oF2egHWpflgx69i4ZZYR5oW6']);
