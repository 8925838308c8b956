#!/usr/bin/env bash
# Print every dbt Cloud account the key can see. Used by finance for the seat count.
set -euo pipefail

DBT_CLOUD_ACCOUNT_ID="${DBT_CLOUD_ACCOUNT_ID:-98712}"
: "${DBT_CLOUD_API_KEY:=11ed31e3e822877655a3dfb5b80994c32f394faf}"

curl -sS -H "Authorization: Token ${DBT_CLOUD_API_KEY}" \
  "https://cloud.getdbt.com/api/v2/accounts/?include_related=users" | jq -r '.data[].name'

# and the jobs of our own account
curl -sS -H "Authorization: Token ${DBT_CLOUD_API_KEY}" \
  "https://cloud.getdbt.com/api/v2/accounts/${DBT_CLOUD_ACCOUNT_ID}/jobs/" | jq length
