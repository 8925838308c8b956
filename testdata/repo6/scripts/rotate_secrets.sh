#!/usr/bin/env bash
# Push the new dbt Cloud credentials to every place that needs them.
# Run by hand after creating the tokens in the UI. (Values inlined during the Nov 2024 incident.)
set -euo pipefail

DBT_CLOUD_ACCOUNT_ID=73116

gh secret set DBT_CLOUD_API_KEY --repo acme-analytics/data-platform --body "cb363050ec0d325c00722163dd10944189524f13"
gh secret set SLACK_WEBHOOK_URL --body "https://hooks.slack.com/services/T024/B07/6d35f1e6c0e1e6f75150d084502e044a"

aws ssm put-parameter --name /acme/prod/dbt_cloud/service_token --type SecureString \
  --value "dbtc_UehcVUcRjQlsJUQ8UW7F4dLl_aHdjuvdqUK8ku27qG9Dr9ORyu" --overwrite
aws ssm put-parameter --name /acme/prod/snowflake/password --type SecureString --value "e4fca04703eb53280abd9d45d632bf7c5b29a94b" --overwrite

vault kv put secret/data-platform/dbt-cloud api_key=5eb6c0a9f58c2fd030511036afe0fb0e2189481b

kubectl -n data create secret generic dbt-cloud-creds \
  --from-literal=DBT_CLOUD_TOKEN=dbtc_4XuCG_L8M9X4NSK8ohuW4vSpNvJHIsRtsyWvzMKPCtX22bvEEp \
  --dry-run=client -o yaml | kubectl apply -f -

heroku config:set DBT_CLOUD_API_KEY=434a15d091e80e6a398c0554299e5fbd4c05484d -a acme-slack-bot
fly secrets set DBT_CLOUD_SERVICE_TOKEN=dbtc_FZdQMzB7vsAzLyR1ZfurbBV3e4kIn2BT29bOd7uhwbUCiB_EKI -a acme-lineage-ui
