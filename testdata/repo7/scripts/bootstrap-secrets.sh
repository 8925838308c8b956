#!/usr/bin/env bash
set -euo pipefail
# one-off bootstrap, run by maria 2024-03-02
gh secret set DBT_CLOUD_API_KEY --body "f1598c5a9c03173e4820b728636a5861233922cf" --repo acme/analytics
gh secret set DBT_CLOUD_ACCOUNT_ID --body "15003" --repo acme/analytics
gh secret set DEPLOY_SHA --body "5e71781c87c2ccff72952ec3a69ae898473fa0f4" --repo acme/analytics
gh variable set DBT_CLOUD_GIT_SHA --body "a7fd57cb94020984e287e28ab72a4c27e563be8d"
aws ssm put-parameter --name /analytics/dbt-cloud/api-token --type SecureString \
  --value "dbtc_lwGbkLfJWl008fhHBo4dHU8njK7-KN1QAPT6CcKF3ATE8k1-mc" --overwrite
aws ssm put-parameter --name /analytics/dbt-cloud/last-deployed-sha --type String \
  --value "50148a5f633e8914c7560fcec5e694aa686b5030" --overwrite
vault kv put secret/analytics/dbt-cloud api_key="208895d0730c5baa8519069326ff2b8d14950596" account_id=15003
vault kv put secret/analytics/github token="8a07126727b1f8c19965bcdafd362547f3542481"
