"""Talks to dbt Cloud and to a billing API that also has /api/v2/accounts."""
import os
import requests

DBT_BASE = "https://cloud.getdbt.com"
BILLING_BASE = "https://billing.internal.acme.io"
BILLING_API_KEY = "c68186a469f312586420fac7e4bc31dd8f0c8a58"


def billing_accounts():
    return requests.get(f"{BILLING_BASE}/api/v2/accounts/", headers={"X-Api-Key": BILLING_API_KEY})


def dbt_jobs(account_id: int):
    token = os.environ["DBT_CLOUD_API_TOKEN"]
    return requests.get(f"{DBT_BASE}/api/v2/accounts/{account_id}/jobs/", headers={"Authorization": f"Token {token}"})


def dbt_run(run_id: int):
    return requests.get(DBT_BASE + "/api/v2/accounts/" + str(ACCOUNT) + "/runs/" + str(run_id))


ACCOUNT = 30901
