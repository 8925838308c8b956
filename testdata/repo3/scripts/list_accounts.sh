#!/usr/bin/env bash
# Print every dbt Cloud account the current token can see, then recent jobs.
set -euo pipefail
: "${DBT_CLOUD_ACCOUNT_ID:=89460}"

curl --silent --fail \
  --header "Authorization: Token ${DBT_CLOUD_API_KEY}" \
  --url "https://${DBT_CLOUD_HOST:-cloud.getdbt.com}/api/v3/accounts/?include_related=projects" | jq -r '.data[] | "\(.id)\t\(.name)"'

curl -sf -H "Authorization: Token ${DBT_CLOUD_API_KEY}" "https://cloud.getdbt.com/api/v2/accounts/"\
"${DBT_CLOUD_ACCOUNT_ID}/jobs/" | jq '.data | length'

wget -q -O - --header "Authorization: Bearer $DBT_CLOUD_TOKEN" https://emea.dbt.com/api/v2/accounts/ | jq .

http GET "https://cloud.getdbt.com/api/v2/accounts/${DBT_CLOUD_ACCOUNT_ID}/runs/" "Authorization:Token ${DBT_CLOUD_API_KEY}" limit==5

curl -sf -H "Authorization: Token f3b4abf88f917aca4bc16b6d4719023d05c4902e" \
  "https://cloud.getdbt.com/api/v2/accounts/${DBT_CLOUD_ACCOUNT_ID}/" >/dev/null && echo "legacy key still alive"
