from datetime import datetime

from airflow.decorators import dag, task
from airflow.providers.dbt.cloud.hooks.dbt import DbtCloudHook
from airflow.providers.dbt.cloud.operators.dbt import DbtCloudRunJobOperator

DBT_CLOUD_ACCOUNT_ID = 12345


@dag(schedule="0 5 * * *", start_date=datetime(2024, 1, 1), catchup=False, tags=["dbt"])
def dbt_cloud_daily():
    @task
    def audit_accounts():
        accounts = DbtCloudHook(dbt_cloud_conn_id="dbt_cloud_default").list_accounts()
        return [a["id"] for page in accounts for a in page.json()["data"]]

    run = DbtCloudRunJobOperator(
        task_id="run_daily_job",
        dbt_cloud_conn_id="dbt_cloud_default",
        account_id=DBT_CLOUD_ACCOUNT_ID,
        job_id=678,
        check_interval=60,
        timeout=3600,
    )

    audit_accounts() >> run


dbt_cloud_daily()
