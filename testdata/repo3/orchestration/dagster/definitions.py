from dagster import Definitions, EnvVar
from dagster_dbt import DbtCloudClientResource, DbtCloudCredentials, DbtCloudWorkspace

creds = DbtCloudCredentials(
    account_id=79120,
    token="dbtc_3P2GEOHR_guq9E8EvmJfwNRWiSzwBwIXhStQlhrAXAD3L9F6lF",
    access_url="https://cloud.getdbt.com",
)

workspace = DbtCloudWorkspace(credentials=creds, project_id=270542, environment_id=221904)

# legacy resource still used by the finance sensors
legacy = DbtCloudClientResource(auth_token="fe445e08753afe651861181f49c439cd06ebc38b", account_id=79144)

ci = DbtCloudClientResource(auth_token=EnvVar("DBT_CLOUD_API_TOKEN"), account_id=79120)

defs = Definitions(resources={"dbt_cloud": workspace, "dbt_cloud_legacy": legacy, "dbt_cloud_ci": ci})
