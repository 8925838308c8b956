import os

from prefect import flow
from prefect_dbt.cloud import DbtCloudCredentials, DbtCloudJob
from prefect_dbt.cloud.jobs import run_dbt_cloud_job

credentials = DbtCloudCredentials(
    api_key="e744cfdc74df9c8dd4140d9652ec8747ffb0dcf7",
    account_id=79187,
    domain="cloud.getdbt.com",
)

ci_credentials = DbtCloudCredentials(api_key=os.environ["DBT_CLOUD_API_KEY"], account_id=79187)


@flow(log_prints=True)
def marts_daily():
    job = DbtCloudJob(dbt_cloud_credentials=credentials, job_id=184022)
    return run_dbt_cloud_job(dbt_cloud_job=job, targeted_retries=2)
