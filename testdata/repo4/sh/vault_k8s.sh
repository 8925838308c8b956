#!/usr/bin/env bash
set -e
vault kv put secret/analytics/dbt-cloud token=dbtu_KJXddONZkfRJAn4AqhiTO5VFJy7uqowNNy78Oii1onp-7D9SA6 account_id=55
vault kv put secret/analytics/github token=ghp_KbNY7izLNKbtDNQV93n7YU6rnM01FcOb9Y8I
kubectl create secret generic dbt-cloud-creds \
  --namespace orchestration \
  --from-literal=DBT_CLOUD_TOKEN=dbtc_So9kCCPrAXysTEmHjmAOcCXLwV1wVCKj6APKxsOi65SLvvstL_ \
  --from-literal=DBT_CLOUD_ACCOUNT_ID=55
kubectl create secret generic app-build --from-literal=GIT_SHA=bab8b17bba5b63e4cb53b26c1f2208a3cee5ab63
