from dagster import Definitions
from dagster_dbt import DbtCloudCredentials, DbtCloudWorkspace
from dagster_dbt.cloud import DbtCloudClientResource

BUILD_SHA = "fd13dce15a363ecd09b9b4181cb453368601c3fd"  # stamped by CI

creds = DbtCloudCredentials(
    account_id=1357,
    token="dbtc_zsYawhqDipBv3-tnV8-LxJWw7sKiDQ7EdUrY3by6cgtFDPT_iN",
    access_url="https://ab12c.us2.dbt.com",
)

legacy = DbtCloudClientResource(auth_token="246fed0aa17bd53843b34c4e9a5bb86b10788608", account_id=1357)

workspace = DbtCloudWorkspace(credentials=creds, project_id=22, environment_id=91)

defs = Definitions(resources={"dbt_cloud": workspace, "legacy": legacy})
