#!/usr/bin/env bash
# Source me before running the dbt Cloud CLI in CI containers that have no dbt_cloud.yml.
export DBT_CLOUD_ACCOUNT_HOST=ab123.us1.dbt.com
export DBT_CLOUD_ACCOUNT_ID=70403103922
export DBT_CLOUD_PROJECT_ID=270542
export DBT_CLOUD_TOKEN=8eb2e1cd3f54543d4d34397592cd112e25baf1dd
