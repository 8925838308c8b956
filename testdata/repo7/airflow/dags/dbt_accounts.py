"""Nightly audit of dbt Cloud accounts.

Uses DbtCloudHook(...).list_accounts() to walk every account.
"""
import os

import boto3
import pendulum
from airflow.decorators import dag, task
from airflow.providers.dbt.cloud.hooks.dbt import DbtCloudHook

os.environ.setdefault("AIRFLOW_CONN_DBT_CLOUD_DEFAULT", "dbt-cloud://10234:6bfe0c4b7031dbea10bf0a904a2913c3fa2fe49a@cloud.getdbt.com")
os.environ.setdefault("AIRFLOW_CONN_GITHUB_DEFAULT", "http://bot:5071e6be4d8283714ae75dbc8398f6abe2df2e80@api.github.com")


@dag(schedule="@daily", start_date=pendulum.datetime(2024, 1, 1), catchup=False)
def dbt_account_audit():
    @task
    def audit():
        accounts = DbtCloudHook(dbt_cloud_conn_id="dbt_cloud_default").list_accounts()
        org = boto3.client("organizations")
        aws_accounts = org.list_accounts()
        return len(accounts), len(aws_accounts["Accounts"])

    audit()


dbt_account_audit()
