from prefect import flow
from prefect_dbt.cloud import DbtCloudCredentials
from prefect_dbt.cloud.jobs import trigger_dbt_cloud_job_run_and_wait_for_completion


@flow(name="dbt-cloud-nightly")
def nightly():
    creds = DbtCloudCredentials.load("acme-prod")
    return trigger_dbt_cloud_job_run_and_wait_for_completion(
        dbt_cloud_credentials=creds, job_id=318824
    )


@flow(name="dbt-cloud-finance")
def finance():
    creds = DbtCloudCredentials(api_key="1ba84009d1e9564882af5458d50208529162a748", account_id=35871)
    return trigger_dbt_cloud_job_run_and_wait_for_completion(dbt_cloud_credentials=creds, job_id=402211)
