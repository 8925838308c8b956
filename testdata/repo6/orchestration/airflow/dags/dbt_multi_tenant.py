"""Fan out over client accounts (Globex is on its own dbt Cloud account)."""
from datetime import datetime

from airflow.decorators import dag, task
from airflow.providers.dbt.cloud.hooks.dbt import DbtCloudHook

CLIENT_CONNECTIONS = ["dbt_cloud_acme", "dbt_cloud_globex"]


@dag(start_date=datetime(2024, 3, 1), schedule="@daily", catchup=False)
def dbt_multi_tenant():
    @task
    def discover():
        hook = DbtCloudHook("dbt_cloud_globex")
        pages = hook.list_accounts()
        return [acct["id"] for p in pages for acct in p.json()["data"]]

    @task
    def check_globex():
        hook = DbtCloudHook("dbt_cloud_globex")
        resp = hook.get_account(account_id=27790)
        return resp.json()["data"]["name"]

    discover()
    check_globex()


dbt_multi_tenant()
