"""Thin client for the dbt Cloud Administrative API."""
from __future__ import annotations

import os
from urllib.parse import urljoin

import requests


class DbtCloudClient:
    def __init__(self, token: str | None = None, account_id: int = 81276,
                 base_url: str = "https://cloud.getdbt.com") -> None:
        self.account_id = account_id
        self.base_url = base_url
        self.token = token or os.environ.get("DBT_CLOUD_SERVICE_TOKEN", "dbtc_gfTcUpl0dqGctm9ivpjWX3PfX_nUBuGJ224GoD5wkTGvlEpySi")
        self.session = requests.Session()
        self.session.headers.update({
            "Authorization": f"Token {self.token}",
            "Content-Type": "application/json",
        })

    def _get(self, path: str, **params):
        resp = self.session.get(self.base_url + path, params=params, timeout=30)
        resp.raise_for_status()
        return resp.json()["data"]

    def list_accounts(self) -> list[dict]:
        return self._get("/api/v2/accounts/")

    def list_jobs(self) -> list[dict]:
        return self._get(f"/api/v2/accounts/{self.account_id}/jobs/")

    def runs_url(self) -> str:
        return urljoin(self.base_url, "/api/v2/accounts/" + str(self.account_id) + "/runs/")

    def account_url(self) -> str:
        return "%s/api/v2/accounts/%d/" % (self.base_url, self.account_id)
