#!/usr/bin/env bash
# Source me: `. scripts/dbt_cloud_env.sh`
export DBT_CLOUD_ACCOUNT_ID="${DBT_CLOUD_ACCOUNT_ID:-89460}"
export DBT_CLOUD_HOST="${DBT_CLOUD_HOST:-cloud.getdbt.com}"
export DBT_CLOUD_API_KEY="${DBT_CLOUD_API_KEY:-e22a863cee151ec831e6f3710e5c9ba7436d8aca}"
: "${DBT_CLOUD_TOKEN:=dbtc_5M_Hw0YhK0cMwkscNKiKdt_f8fPJTNhOfPxFehPKUxILmn3OL8}"
export DBT_CLOUD_TOKEN
DBT_CLOUD_GIT_SHA="$(git rev-parse HEAD)"
# last known good deploy: 4e4301a3079f0e2d102d8b40c88b7f02be2abf36
readonly DBT_CLOUD_SERVICE_TOKEN='dbtc_hObYJDl1lRqgxkEkmx2ahJEhuugOzIonSz5RGXOLjfA40m2c4y'
export DBT_CLOUD_GIT_SHA
