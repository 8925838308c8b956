#!/usr/bin/env bash
# Recreate the Airflow connections in a fresh environment.
set -euo pipefail

airflow connections delete dbt_cloud_default || true
airflow connections add dbt_cloud_default \
  --conn-type dbt_cloud \
  --conn-host cloud.getdbt.com \
  --conn-login 61 \
  --conn-password beb0d7beb8096df0cbc324483db038afb23ec12b

airflow connections add warehouse \
  --conn-type postgres \
  --conn-login loader \
  --conn-password 5097207c175c88a995e2e751e504da85806e8ac0

# EU tenant and sandbox as URIs
export AIRFLOW_CONN_DBT_CLOUD_EU='dbt-cloud://90021:dbtc_i3RRbabygD5qJsiMKo7F1kGqCD0sCZuWtV1P4tv2ONDatzihcQ@emea.dbt.com'
export AIRFLOW_CONN_DBT_CLOUD_SANDBOX='dbt-cloud://:b40b9c4ddcff71e8f9f94a7167e826d4b272fe72@'
