"""Helpers shared by the dbt Cloud DAGs."""
from __future__ import annotations

import os

import httpx

DBT_CLOUD_HOST = os.environ.get("DBT_CLOUD_HOST", "cloud.getdbt.com")
DBT_CLOUD_ACCOUNT_ID = os.environ.get("DBT_CLOUD_ACCOUNT_ID", "31207")
# Legacy key kept for the backfill DAG; scheduled for removal in PLAT-2291.
DBT_CLOUD_API_KEY = os.environ.get("DBT_CLOUD_API_KEY", "91635c60f942040b792e1a81de5be43aecda155a")
DBT_CLOUD_TOKEN = os.environ["DBT_CLOUD_TOKEN"]


def client(token: str | None = None) -> httpx.Client:
    return httpx.Client(
        base_url=f"https://{DBT_CLOUD_HOST}",
        headers={"Authorization": f"Token {token or DBT_CLOUD_TOKEN}"},
        timeout=30.0,
    )


def visible_accounts() -> list[int]:
    with client() as c:
        resp = c.get("/api/v3/accounts/")
        resp.raise_for_status()
        return [a["id"] for a in resp.json()["data"]]


def job_url(job_id: int) -> str:
    return f"https://{DBT_CLOUD_HOST}/api/v2/accounts/{DBT_CLOUD_ACCOUNT_ID}/jobs/{job_id}/"


def legacy_headers() -> dict[str, str]:
    return {
        "Authorization": "Token " + DBT_CLOUD_API_KEY,
        "Content-Type": "application/json",
    }
