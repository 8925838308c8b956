from prefect import flow
from prefect_dbt.cloud import DbtCloudCredentials, DbtCloudJob
from prefect_dbt.cloud.jobs import run_dbt_cloud_job

DbtCloudCredentials(
    api_key="dbtu_qfkQtE-73I6zbp8k6CPJE0wFGYBfrsX4zS-YmDa1Jm_WZkbjdE",
    account_id=8080,
    domain="emea.dbt.com",
).save("dbt-emea", overwrite=True)

DbtCloudCredentials(api_key = 'dbtc_hyavLsD8ekJauLC3IT2ABqHmsftBAPqjQr3keFcpUbo4ezovsh', account_id = 8081).save("dbt-us")


@flow
def nightly(git_sha: str = "95d2a93112bc4c2a0bae2dbd2a6e39e004b97721"):
    creds = DbtCloudCredentials.load("dbt-us")
    job = DbtCloudJob(dbt_cloud_credentials=creds, job_id=3301)
    return run_dbt_cloud_job(dbt_cloud_job=job)
