"""Nightly dbt Cloud production run."""
from datetime import datetime

from airflow import DAG
from airflow.models import Variable
from airflow.providers.dbt.cloud.operators.dbt import DbtCloudRunJobOperator
from airflow.providers.dbt.cloud.sensors.dbt import DbtCloudJobRunSensor

with DAG(
    dag_id="dbt_cloud_daily",
    start_date=datetime(2024, 1, 1),
    schedule="0 5 * * *",
    catchup=False,
    default_args={"dbt_cloud_conn_id": "dbt_cloud_default"},
) as dag:
    trigger = DbtCloudRunJobOperator(
        task_id="trigger_prod_build",
        job_id=318824,
        account_id=Variable.get("dbt_cloud_account_id"),
        check_interval=60,
        timeout=3600,
        wait_for_termination=False,
    )
    wait = DbtCloudJobRunSensor(
        task_id="wait_for_prod_build",
        run_id=trigger.output,
        timeout=7200,
    )
    trigger >> wait
