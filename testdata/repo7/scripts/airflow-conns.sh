#!/usr/bin/env bash
airflow connections add dbt_cloud_prod \
  --conn-type dbt_cloud \
  --conn-host cloud.getdbt.com \
  --conn-login 17005 \
  --conn-password "1034c9159dc2755c70737d25fadfeb6943ac3a9a"
airflow connections add github_default \
  --conn-type http \
  --conn-login acme-bot \
  --conn-password "2aa7e3c5310db56d41cf721cd2416a8dcaf9ed10"
airflow connections add dbt_cloud_emea --conn-type dbt_cloud --conn-login 17006 --conn-password "dbtc_5QKzzq-TcEQxJM9Y0bftk2hnqozNX1p3qXpwHHXOTFBEWo5wAj" --conn-host emea.dbt.com
export AIRFLOW_CONN_DBT_CLOUD_DEFAULT='dbt-cloud://17007:62d172d5364be6a27d14d1e835be0633fc812f4d@cloud.getdbt.com'
export AIRFLOW_CONN_GIT_DEFAULT='http://acme-bot:6080de79b9833817abca7cbd91c31adcaad65b88@github.com'
