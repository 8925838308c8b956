#!/usr/bin/env bash
# OLD: rotate a user's dbt Cloud API key. Kept for reference; this endpoint only ever worked with user keys.
set -euo pipefail
USER_ID="${1:?user id}"
curl -sS -X POST \
  -H "Authorization: Token ${DBT_CLOUD_API_KEY}" \
  "https://cloud.getdbt.com/api/v2/users/${USER_ID}/apikey/" | jq -r '.data.key'
