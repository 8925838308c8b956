from dagster import Definitions
from dagster_dbt.cloud_v2.asset_decorator import dbt_cloud_assets
from dagster_dbt.cloud_v2.resources import DbtCloudCredentials, DbtCloudWorkspace

creds = DbtCloudCredentials(
    account_id=88110,
    token="dbtc_Hv93Dh7zohv_YZEeauhwLSd670dtubiNv0xzUfreoQXm2EAqcf",
    access_url="https://acme.getdbt.com",
)

workspace = DbtCloudWorkspace(credentials=creds, project_id=7001, environment_id=7002)


@dbt_cloud_assets(workspace=workspace)
def regulated_models(context, dbt_cloud: DbtCloudWorkspace):
    yield from dbt_cloud.cli(args=["build"], context=context).wait()


defs = Definitions(assets=[regulated_models], resources={"dbt_cloud": workspace})
