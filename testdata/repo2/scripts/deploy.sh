#!/usr/bin/env bash
set -euo pipefail
export DBT_CLOUD_ACCOUNT_ID=14141
readonly DBT_CLOUD_API_KEY='02bdd6dcf98083836df3aa1cc0ffb2b442f15645'
export DBT_CLOUD_API_KEY
declare -rx DBT_API_KEY="33f9fb3d31483313dfaf14ea09754f1ed644d5e7"
GIT_SHA="$(git rev-parse HEAD)"
# last deployed: bc9f532dba9fc3fcb6ce8c082483ab74dbe0e194
export AIRFLOW_CONN_DBT_CLOUD_DEFAULT='dbt-cloud://:dbtc_KrfAZZc7x_nGPqwPwsKLeGyakRlgDoh4DXfkXXsWdSRHW1OJRM@cloud.getdbt.com'
docker pull ghcr.io/acme/dbt@sha256:bf786cdcf3bf8bd4cdd5118af93c1fb2bef8b880d159911de1b0b6c1dbe576e4
DBT_CLOUD_API_KEY=dd6a85f05b618d664db2610f5918c1bd34c55cba DBT_CLOUD_SERVICE_TOKEN=dbtc_8gjl2MuOJVXUKZ7A7l0xS37s7kW55eVU0YM4G4c-j5mJ_9eD5y dbt-cloud job run --job-id 7
curl -sf -H "Authorization: Token $DBT_CLOUD_API_KEY" "https://cloud.getdbt.com/api/v2/accounts/${DBT_CLOUD_ACCOUNT_ID}/runs/?limit=5"
