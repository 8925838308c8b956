#!/usr/bin/env bash
# which accounts can this key see?
DBT_CLOUD_API_KEY=8ca8d7fcc7b91e2dc5338e41dd24e2a3ed8d24b4
curl -sS -H "Authorization: Token ${DBT_CLOUD_API_KEY}" \
     -H "Accept: application/json" \
     "https://cloud.getdbt.com/api/v2/accounts/" | jq '.data[].name'

curl -sS -H "Authorization: Bearer ${DBT_CLOUD_API_KEY}" \
  "https://cloud.getdbt.com/api/v3/accounts/?include_related=%5B%22owners%22%5D"

curl -sS -H "Authorization: Token ${DBT_CLOUD_API_KEY}" \
  "https://cloud.getdbt.com/api/v2/accounts/12/runs/?limit=5"
