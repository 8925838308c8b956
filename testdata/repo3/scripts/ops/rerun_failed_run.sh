#!/bin/sh
# INC-1187 (2024-04-12): retry the failed prod run and re-trigger the snapshot job.
# Hard-coded on the bastion in a hurry; to be deleted.
TOKEN=dbtc_DiyFzTjVZxKzWpKJXznCFlq4Khwzi7mO-kjf0QxVdjTjDWk2m9

curl -fsS -X POST -H "Authorization: Token $TOKEN" \
  https://cloud.getdbt.com/api/v2/accounts/98712/runs/281337904/retry/

# what does my own PAT see?
curl -s -H "Authorization: Token dbtu_JZDuh9SNzuKQx7-gy0FigtMT0jxQeYDEyrgMaf7zWqHIKwBEON" https://cloud.getdbt.com/api/v2/accounts/ | jq '.data[].id'

curl -fsS -X POST -H "Authorization: Token $TOKEN" -H "Content-Type: application/json" \
  -d '{"cause": "INC-1187 snapshot rerun"}' \
  https://cloud.getdbt.com/api/v2/accounts/98712/jobs/190455/run/
