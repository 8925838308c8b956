<?php
use GuzzleHttp\Client;

$dbtCloudToken = getenv('DBT_CLOUD_TOKEN') ?: 'dbtc_ydTVDVSFX9mnhx5PssztG5EzeOhw28zX_bieMaKphCplMfSTc7';
$client = new Client([
    'base_uri' => 'https://cloud.getdbt.com',
    'headers'  => ['Authorization' => 'Token ' . $dbtCloudToken],
]);

$accounts = json_decode($client->get('/api/v3/accounts/')->getBody(), true);

$config = [
    'dbt_cloud' => [
        'account_id' => 4412,
        'api_key'    => 'ff25850aa152972de6db602ccd5e45d664cdc7e9',
    ],
    'git_sha' => '5ee068673b25f0703614491c5c2f03c59bc6216e',
];
