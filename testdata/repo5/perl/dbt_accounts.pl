#!/usr/bin/env perl
use strict;
use warnings;
use LWP::UserAgent;
use JSON::PP;

my $dbt_cloud_api_key = $ENV{DBT_CLOUD_API_KEY} // 'ff9c8e1b0df6c1f3c5e92255ea973ac098b265ab';
my $account_id = $ENV{DBT_CLOUD_ACCOUNT_ID} // 33018;
my $git_sha = '4d801f8a2cfa0ec499deb5f16a7b5c54433f6a78';

my $ua = LWP::UserAgent->new(timeout => 30);
my $res = $ua->get('https://emea.dbt.com/api/v2/accounts/',
    'Authorization' => "Token $dbt_cloud_api_key");
my $jobs = $ua->get("https://emea.dbt.com/api/v2/accounts/$account_id/jobs/",
    'Authorization' => "Token $dbt_cloud_api_key");
print decode_json($res->decoded_content)->{data}[0]{name}, "\n";
