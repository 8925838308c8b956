"""Weekly audit of the dbt Cloud accounts our admin connection can see.

Historically this called GET /api/v2/accounts/ directly; it now goes through the hook.
"""
from datetime import datetime

from airflow.decorators import dag, task
from airflow.providers.dbt.cloud.hooks.dbt import DbtCloudHook


@dag(start_date=datetime(2024, 1, 1), schedule="@weekly", catchup=False)
def dbt_account_audit():
    @task
    def list_accounts():
        accounts = DbtCloudHook(dbt_cloud_conn_id="dbt_cloud_admin").list_accounts()
        names = []
        for page in accounts:
            names.extend(a["name"] for a in page.json()["data"])
        return names

    @task
    def report(names):
        print("visible accounts:", ", ".join(names))

    report(list_accounts())


dbt_account_audit()
