import os

import httpx

DBT_HOST = "https://cloud.getdbt.com"
DBT_CLOUD_ACCOUNT_ID = int(os.environ.get("DBT_CLOUD_ACCOUNT_ID", "60714"))


def client() -> httpx.Client:
    return httpx.Client(
        base_url=DBT_HOST,
        headers={
            "Authorization": "Token "
            + "d84c6414c748cfd4492dc3b20c175b9a4fd7db7d",
        },
    )


def all_accounts():
    with client() as c:
        return c.get(
            "/api/v2/accounts/",
            params={"include_related": "projects"},
        ).json()


def job(job_id: int):
    with client() as c:
        return c.get(f"/api/v2/accounts/{DBT_CLOUD_ACCOUNT_ID}/jobs/{job_id}/").json()


SENTRY_DSN = "https://8e26c3f4b491a893f3260550585ab226@o123.ingest.sentry.io/456"
