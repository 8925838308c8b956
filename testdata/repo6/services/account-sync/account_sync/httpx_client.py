"""Async-friendly variant of the client, plus the Hightouch sync used for reverse ETL."""
import os

import httpx

dbt = httpx.Client(
    base_url="https://emea.dbt.com",
    headers={"Authorization": f"Bearer {os.environ['DBT_CLOUD_TOKEN']}"},
    timeout=30.0,
)

hightouch = httpx.Client(
    base_url="https://api.hightouch.com",
    headers={"Authorization": f"Bearer {os.environ['HIGHTOUCH_API_KEY']}"},
)


def emea_accounts():
    return dbt.get("/api/v2/accounts/", params={"include_related": "plan"}).json()["data"]


def hightouch_workspaces():
    # Hightouch's own accounts endpoint, unrelated to dbt
    return hightouch.get("/api/v2/accounts/").json()
