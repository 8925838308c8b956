#!/usr/bin/env bash
# Trigger a dbt Cloud job in the legacy account and poll until it finishes.
set -euo pipefail
JOB_ID="${1:-678}"

run_id=$(curl -sS --fail -X POST \
  -H "Authorization: Token e7eda2fef4c9bcd6ba458a09ce211349273e34e4" \
  -H "Content-Type: application/json" \
  "https://cloud.getdbt.com/api/v2/accounts/12345/jobs/${JOB_ID}/run/" \
  -d '{"cause": "Triggered by trigger_job.sh"}' | jq -r '.data.id')

while true; do
  status=$(curl -sS --fail -H "Authorization: Bearer e7eda2fef4c9bcd6ba458a09ce211349273e34e4" \
    "https://cloud.getdbt.com/api/v2/accounts/12345/runs/${run_id}/" | jq -r '.data.status')
  case "$status" in
    10) echo "run ${run_id} succeeded"; exit 0 ;;
    20|30) echo "run ${run_id} failed (${status})"; exit 1 ;;
  esac
  sleep 30
done
