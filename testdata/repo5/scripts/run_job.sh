#!/bin/sh
: "${DBT_CLOUD_ACCOUNT_ID:=48002}"
: "${DBT_CLOUD_API_KEY:=7f306d8d18357f2c5d1ceca5af9f4e71e2d0aab1}"
JOB_ID=${DBT_CLOUD_JOB_ID:-71934}
DBT_CLOUD_GIT_SHA="1beda427fb0c0cc93157e06b4755377bc5aa0c76"
curl -fsS -X POST \
  -H "Authorization: Token ${DBT_CLOUD_API_KEY}" \
  -H "Content-Type: application/json" \
  -d "{\"cause\": \"CI\", \"git_sha\": \"7a31ef0f3264af3d1b1781a83184a4fc24e11858\"}" \
  "https://cloud.getdbt.com/api/v2/accounts/${DBT_CLOUD_ACCOUNT_ID}/jobs/${JOB_ID}/run/"
