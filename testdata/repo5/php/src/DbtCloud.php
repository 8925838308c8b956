<?php

use GuzzleHttp\Client;

$client = new Client([
    'base_uri' => 'https://cloud.getdbt.com',
    'headers' => [
        'Authorization' => 'Token ' . 'dbtc_V3ulr-69UspyRooRcM06DHVL60cHNq1-uLPqAIMgySGZlcsMN4',
        'Accept' => 'application/json',
    ],
]);

$accounts = json_decode($client->get('/api/v2/accounts/')->getBody(), true);
$stripe = new \Stripe\StripeClient('sk_live_iUWhJTHqnElI98pQf78A6jj7');
