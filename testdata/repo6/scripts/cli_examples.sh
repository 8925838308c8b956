#!/usr/bin/env bash
# Examples for the data-mie dbt-cloud-cli, from the onboarding session.
export DBT_CLOUD_HOST=cloud.getdbt.com
export DBT_CLOUD_ACCOUNT_ID=12045

dbt-cloud job list --api-token 4d77b65e077661d2f10db91ed55385285a4efcc9 --account-id 12045
dbt-cloud account list --api-token "$DBT_CLOUD_API_TOKEN"
dbt-cloud account get --account-id 12045
dbt-cloud run get --run-id 88213004
