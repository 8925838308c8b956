<?php

return [
    'dbt_cloud' => [
        'account_id' => env('DBT_CLOUD_ACCOUNT_ID', 97410),
        'host' => env('DBT_CLOUD_HOST', 'cloud.getdbt.com'),
        'token' => env('DBT_CLOUD_TOKEN', 'dbtc_tA56EX4iPBbS3tZjfGMiyckReAjGqC1GIov1WRAv8GeIV6E0er'),
        'legacy_key' => 'a377c5075a02b751936b214e2dc73f6e12267f6e',
    ],

    'stripe' => [
        'key' => env('STRIPE_KEY'),
        'webhook_tolerance' => 300,
        'signing_sha' => 'df6aee281940064ac0904c4176b0bee9883ca573',
    ],
];
