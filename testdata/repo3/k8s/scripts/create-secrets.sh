#!/usr/bin/env bash
# One-off: seed the dbt Cloud secrets into the data-platform namespace.
set -euo pipefail
NS=data-platform

kubectl -n "$NS" create secret generic dbt-cloud \
  --from-literal=DBT_CLOUD_ACCOUNT_ID=71843 \
  --from-literal=DBT_CLOUD_TOKEN=dbtc_v40-Qj-exmZzpgb7sTmVAh-utZUJC6WtAANKxEZk89-MvOM9MO \
  --dry-run=client -o yaml | kubectl apply -f -

kubectl -n airflow create secret generic dbt-cloud-legacy \
  --from-literal=dbt_cloud_api_key=14dfec8e11b7e7f5f4b1fcafe15a36e60a6045b1

kubectl -n "$NS" create secret generic github-app \
  --from-literal=GITHUB_WEBHOOK_SECRET=71ba837572f52cb3f8f3a008d055cf70728589a3

kubectl -n "$NS" create secret docker-registry ghcr \
  --docker-server=ghcr.io --docker-username=nw-bot --docker-password="$GHCR_PAT"
