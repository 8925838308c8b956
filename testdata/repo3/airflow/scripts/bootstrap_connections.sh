#!/usr/bin/env bash
# Recreate the dbt Cloud connections on a fresh Airflow 2.8 scheduler.
# Usage: ./bootstrap_connections.sh   (run inside the scheduler container)
set -euo pipefail

airflow connections delete dbt_cloud_default || true
airflow connections add 'dbt_cloud_default' \
    --conn-type 'dbt_cloud' \
    --conn-host 'cloud.getdbt.com' \
    --conn-password 'dbtc_-Iw8Ovvzt7R7rxDbLHSiKqOgAzLfy83CAuH-FZQeB-jCVUq4L6' \
    --conn-login 31207

# EMEA tenant, still on the old user key until the PAT migration is done.
airflow connections add 'dbt_cloud_emea' \
    --conn-uri 'dbt-cloud://31288:23bed98a2012b792f8d055d7b59036ec7c36a60c@emea.dbt.com'

# Staging runs against its own account.
export AIRFLOW_CONN_DBT_CLOUD_STAGING='dbt-cloud://31345:dbtu_hPhTRMGWC0YpnirQ1wPfS6FtZHOPEtUBH_-NxkECjKfSv_99QK@cloud.getdbt.com'

# Not dbt: the S3 log bucket connection.
airflow connections add 'aws_logs' \
    --conn-type 'aws' \
    --conn-login 'AKIAZ3MXQ7LTP2RWE5HD' \
    --conn-password 'fee25c510d9a7fb0bb20274cb693d2695d0d6b99'

airflow connections add 'dbt_cloud_ci' \
    --conn-type 'dbt_cloud' \
    --conn-login 31207 \
    --conn-password "${DBT_CLOUD_CI_TOKEN}"

airflow connections list --conn-id dbt_cloud_default -o yaml
