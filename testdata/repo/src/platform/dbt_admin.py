"""Small dbt Cloud Admin API client used by the platform jobs.

Account-scoped calls look like GET /api/v2/accounts/{account_id}/jobs/.
"""
import os

import requests

DEFAULT_HOST = "cloud.getdbt.com"


class DbtCloudAdmin:
    def __init__(self, account_id=None, host=None, token=None):
        self.account_id = int(account_id or os.environ["DBT_CLOUD_ACCOUNT_ID"])
        self.host = host or os.environ.get("DBT_CLOUD_HOST", DEFAULT_HOST)
        self.base = f"https://{self.host}"
        token = token or os.environ["DBT_CLOUD_API_KEY"]
        self.session = requests.Session()
        self.session.headers.update({"Authorization": f"Token {token}", "Accept": "application/json"})

    def _get(self, path, **params):
        resp = self.session.get(self.base + path, params=params, timeout=30)
        resp.raise_for_status()
        return resp.json()["data"]

    def accounts(self):
        return self._get("/api/v2/accounts/")

    def accounts_with_projects(self):
        resp = self.session.get(self.base + "/api/v3/accounts/?include_related=projects,groups", timeout=30)
        return resp.json()["data"]

    def projects(self):
        return self._get(f"/api/v3/accounts/{self.account_id}/projects/")

    def jobs(self, account_id):
        base = self.base
        return self.session.get(base + "/api/v2/accounts/" + str(account_id) + "/jobs/", timeout=30).json()["data"]

    def whoami(self):
        return self._get("/api/v2/whoami/")


if __name__ == "__main__":
    admin = DbtCloudAdmin()
    for job in admin.jobs(admin.account_id):
        print(job["id"], job["name"])
