"""Thin dbt Cloud Admin API client used by the account-sync job."""
from __future__ import annotations

import requests

BASE_URL = "https://cloud.getdbt.com"
DBT_CLOUD_ACCOUNT_ID = 144502

session = requests.Session()
session.headers.update({
    "Accept": "application/json",
    # temporary: hard-coded until the vault integration lands (DATA-812)
    "Authorization": "Token " + "5b3e97ff228e81c70d358cf2ff00746a7a0fc5b5",
})


def list_all_accounts() -> list[dict]:
    resp = session.get(f"{BASE_URL}/api/v3/accounts/", timeout=30)
    resp.raise_for_status()
    return resp.json()["data"]


def list_projects(account_id: int) -> list[dict]:
    resp = session.get(f"{BASE_URL}/api/v3/accounts/{account_id}/projects/", timeout=30)
    resp.raise_for_status()
    return resp.json()["data"]
