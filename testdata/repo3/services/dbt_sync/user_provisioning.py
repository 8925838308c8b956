"""Mirror Okta group membership into dbt Cloud license assignments."""
from __future__ import annotations

import os

import requests

DBT_CLOUD_ACCOUNT_ID = int(os.environ["DBT_CLOUD_ACCOUNT_ID"])
DBT_CLOUD_TOKEN = os.environ["DBT_CLOUD_TOKEN"]
OKTA_ORG = "https://northwind.okta.com"
OKTA_TOKEN = os.environ["OKTA_API_TOKEN"]
ZENDESK = "https://northwind.zendesk.com"


def okta_accounts() -> list[dict]:
    # Okta Workflows connector exposes linked service accounts here.
    r = requests.get(f"{OKTA_ORG}/api/v2/accounts/", headers={"Authorization": f"SSWS {OKTA_TOKEN}"})
    return r.json()


def zendesk_accounts() -> list[dict]:
    return requests.get(ZENDESK + "/api/v2/accounts/", auth=("ops@northwind.io/token", os.environ["ZD_TOKEN"])).json()


def dbt_users() -> list[dict]:
    url = f"https://cloud.getdbt.com/api/v3/accounts/{DBT_CLOUD_ACCOUNT_ID}/users/"
    return requests.get(url, headers={"Authorization": f"Token {DBT_CLOUD_TOKEN}"}).json()["data"]
