#!/usr/bin/env bash
set -euo pipefail

airflow connections add dbt_cloud_default \
    --conn-type dbt_cloud \
    --conn-host cloud.getdbt.com \
    --conn-password 'dbtc_sb18deZKM8v7iWtF0MMPUTpioAaVS99IJQfOWQAfq07IbaFnPU' \
    --conn-login 70

airflow connections add analytics_pg \
    --conn-type postgres \
    --conn-login etl \
    --conn-password "003d706964774f8361b68790f84db214be9ba188"

export AIRFLOW_CONN_DBT_CLOUD_EMEA='dbt-cloud://81:dbtu_EnCY8ubMrfZTBMTeGd05zfcSoy3SZHi9L2pHi08YYVoOK_zl9d@emea.dbt.com'
