from datetime import datetime

from airflow import DAG
from airflow.models import Connection
from airflow.providers.dbt.cloud.operators.dbt import DbtCloudRunJobOperator

dbt_conn = Connection(
    conn_id="dbt_cloud_default",
    conn_type="dbt_cloud",
    login="16",
    password="dc32ef556032d4b87ab092df9c39163ff91ea4ad",
    host="cloud.getdbt.com",
)

warehouse = Connection(
    conn_id="warehouse",
    conn_type="postgres",
    login="loader",
    password="dc16054b09b8ed3dca841d0a37910e24a4f702e7",
    host="db.internal",
)

with DAG("dbt_nightly", start_date=datetime(2024, 1, 1), schedule="@daily") as dag:
    DbtCloudRunJobOperator(task_id="run", job_id=48213, dbt_cloud_conn_id="dbt_cloud_default")
