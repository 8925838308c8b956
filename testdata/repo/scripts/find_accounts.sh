#!/usr/bin/env bash
# Which dbt Cloud accounts can the EMEA key see? (used during the 2023 tenant split)
set -euo pipefail

curl -sS --fail \
  -H "Authorization: Bearer 8d2bc7749ab32d20e42241b2a9b827956673097e" \
  -H "Accept: application/json" \
  "https://emea.dbt.com/api/v2/accounts/" | jq '.data[] | {id, name, plan}'

# and the user behind the key
curl -sS -H "Authorization: Bearer 8d2bc7749ab32d20e42241b2a9b827956673097e" https://emea.dbt.com/api/v2/whoami/ | jq '.data.user.id'
