from dagster_dbt.cloud_v2.asset_decorator import dbt_cloud_assets as _dbt_cloud_assets

from .resources import workspace


@_dbt_cloud_assets(workspace=workspace)
def dbt_cloud_assets(context, dbt_cloud):
    yield from dbt_cloud.cli(args=["build"], context=context).wait()
