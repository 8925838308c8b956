from dagster import EnvVar
from dagster_dbt.cloud import DbtCloudClientResource
from dagster_dbt.cloud_v2.resources import DbtCloudCredentials, DbtCloudWorkspace

# Legacy resource, still used by the finance asset group.
dbt_cloud_legacy = DbtCloudClientResource(
    auth_token="3be7002b22e7514c51cd3d1c30ae9b3356b2f513",
    account_id=19382,
)

# New-style workspace for the main project.
workspace = DbtCloudWorkspace(
    credentials=DbtCloudCredentials(
        account_id=250117,
        token=EnvVar("DBT_CLOUD_TOKEN"),
        access_url="https://ab123.us1.dbt.com",
    ),
    project_id=40118,
    environment_id=218830,
)
