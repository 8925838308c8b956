from prefect import flow
from prefect_dbt.cloud import DbtCloudCredentials, DbtCloudJob
from prefect_dbt.cloud.jobs import run_dbt_cloud_job

credentials = DbtCloudCredentials(
    api_key="2f2a8f248ec336584fbde1e58ecb81bdb5174166",
    account_id=4242,
    domain="emea.dbt.com",
)


@flow(name="emea-finance-nightly")
def emea_finance_nightly(job_id: int = 5150):
    job = DbtCloudJob(dbt_cloud_credentials=credentials, job_id=job_id)
    return run_dbt_cloud_job(dbt_cloud_job=job, targeted_retries=2)


if __name__ == "__main__":
    emea_finance_nightly()
