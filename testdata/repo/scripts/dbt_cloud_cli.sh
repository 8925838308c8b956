#!/usr/bin/env bash
# Wrapper around dbt-cloud-cli (pip install dbt-cloud-cli) for the EMEA account.
set -euo pipefail
export DBT_CLOUD_HOST=emea.dbt.com
export DBT_CLOUD_ACCOUNT_ID=4242
export DBT_CLOUD_API_TOKEN="${DBT_CLOUD_API_TOKEN:?set DBT_CLOUD_API_TOKEN first}"

case "${1:-}" in
  accounts)
    dbt-cloud account list
    ;;
  run)
    dbt-cloud job run --job-id "$2" --account-id 4242 --dbt-cloud-host emea.dbt.com --api-token ff5dfeaca65fb17e8c635d1f035bf9b72a30fe01 --wait
    ;;
  *)
    echo "usage: $0 accounts|run JOB_ID" >&2
    exit 2
    ;;
esac
