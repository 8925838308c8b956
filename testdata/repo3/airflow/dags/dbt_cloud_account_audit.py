"""Weekly audit of dbt Cloud accounts, projects and recent runs.

Posts a summary to #data-platform. Uses the dbt_cloud_default connection.
"""
from __future__ import annotations

import os
from datetime import datetime

import requests
from airflow.decorators import dag, task
from airflow.hooks.base import BaseHook
from airflow.providers.dbt.cloud.hooks.dbt import DbtCloudHook

DBT_HOST = "https://cloud.getdbt.com"
DBT_CLOUD_ACCOUNT_ID = 31207
SLACK_WEBHOOK = os.environ["SLACK_DATA_PLATFORM_WEBHOOK"]


@dag(schedule="0 7 * * 1", start_date=datetime(2024, 1, 8), catchup=False, tags=["dbt", "audit"])
def dbt_cloud_account_audit():
    @task
    def accounts_visible_to_token() -> list[int]:
        conn = BaseHook.get_connection("dbt_cloud_default")
        headers = {"Authorization": f"Token {conn.password}", "Accept": "application/json"}
        resp = requests.get(f"{DBT_HOST}/api/v2/accounts/", headers=headers, timeout=30)
        resp.raise_for_status()
        return [a["id"] for a in resp.json()["data"]]

    @task
    def accounts_via_hook() -> int:
        hook = DbtCloudHook(dbt_cloud_conn_id="dbt_cloud_default")
        accounts = hook.list_accounts()
        return len(accounts)

    @task
    def recent_runs() -> list[dict]:
        conn = BaseHook.get_connection("dbt_cloud_default")
        runs_url = (
            f"{DBT_HOST}/api/v2/accounts/"
            f"{DBT_CLOUD_ACCOUNT_ID}/runs/?order_by=-id&limit=50"
        )
        resp = requests.get(runs_url, headers={"Authorization": f"Token {conn.password}"}, timeout=30)
        resp.raise_for_status()
        return resp.json()["data"]

    @task
    def jobs() -> list[dict]:
        conn = BaseHook.get_connection("dbt_cloud_default")
        url = f"{DBT_HOST}/api/v2/accounts/{DBT_CLOUD_ACCOUNT_ID}/jobs/"
        return requests.get(url, headers={"Authorization": f"Token {conn.password}"}, timeout=30).json()["data"]

    @task
    def post(accounts: list[int], n: int, runs: list[dict], jobs_: list[dict]) -> None:
        text = f"dbt Cloud: {len(accounts)} accounts ({n} via hook), {len(jobs_)} jobs, {len(runs)} recent runs"
        requests.post(SLACK_WEBHOOK, json={"text": text}, timeout=10)

    post(accounts_visible_to_token(), accounts_via_hook(), recent_runs(), jobs())


dbt_cloud_account_audit()
