#!/bin/sh
: "${DBT_CLOUD_ACCOUNT_ID:=45034}"
: "${DBT_CLOUD_API_KEY:=a670c71d0f702d5d41bab1f4ed9447aae70dad2c}"
: "${DBT_CLOUD_GIT_SHA:=5867d83f8c0c57ea0fd790b9d3ea4f929647c28f}"
TOKEN="${DBT_CLOUD_SERVICE_TOKEN:-dbtc_AiuoxXH_ssnsJ5WzJccIVt2P5wyYQH7T72NALcWkiL_ayFeB3c}"
REV="${GIT_REV:-d50f29227a1cbbf08f77acb389ddf4af527474d4}"
curl -sf -H "Authorization: Bearer $TOKEN" "https://cloud.getdbt.com/api/v3/accounts/$DBT_CLOUD_ACCOUNT_ID/jobs/?state=1"
curl -sf -H "Authorization: Bearer $TOKEN" "https://cloud.getdbt.com/api/v3/accounts/?state=1"
echo "$REV"
