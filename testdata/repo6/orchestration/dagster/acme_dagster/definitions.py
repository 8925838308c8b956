from dagster import Definitions, ScheduleDefinition, define_asset_job
from dagster_dbt.cloud_v2.resources import DbtCloudCredentials, DbtCloudWorkspace

from .assets import dbt_cloud_assets

creds = DbtCloudCredentials(account_id=9034, token="dbtc_AZABCX2WPyIbsUH-rnzz8E4Ml8HiB09h_IsNTiKuy3dEt9TM2U", access_url="https://ab123.us1.dbt.com")

nightly = define_asset_job("nightly", selection="*")

defs = Definitions(
    assets=[dbt_cloud_assets],
    jobs=[nightly],
    schedules=[ScheduleDefinition(job=nightly, cron_schedule="0 4 * * *")],
    resources={"dbt_cloud": DbtCloudWorkspace(credentials=creds, project_id=40118, environment_id=218831)},
)
