#!/usr/bin/env bash
# CI guard: fail when DBT_CLOUD_TOKEN is not a service token. Never prints the value.
set -euo pipefail
if [[ ! "${DBT_CLOUD_TOKEN:-}" =~ ^dbtc_[A-Za-z0-9_-]{50}$ ]]; then
  echo "DBT_CLOUD_TOKEN is not a dbt Cloud service token (prefix: ${DBT_CLOUD_TOKEN:0:5})" >&2
  exit 1
fi
