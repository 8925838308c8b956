#!/usr/bin/env bash
# One-off: create the CI connection on the shared Airflow.
set -euo pipefail
airflow connections delete dbt_cloud_ci || true
airflow connections add dbt_cloud_ci --conn-uri 'dbt-cloud://:5f389b3d92b326b6d45ae26bbcc50176f99ea392@emea.dbt.com'
