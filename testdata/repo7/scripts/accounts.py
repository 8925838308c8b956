import os

import requests

DBT_HOST = "https://ab123.us1.dbt.com"
BILLING_HOST = "https://api.billing-vendor.io"
LIST_ACCOUNTS = "/api/v3/accounts/"
ACCOUNT_ROOT = "/api/v2/accounts/"
VENDOR_ACCOUNTS = "/api/v2/accounts/"

dbt = requests.Session()
dbt.headers["Authorization"] = "Token " + os.getenv("DBT_CLOUD_API_KEY", "a81adf9ac2de4a3d15b2b5c451d953e17175dcd1")
vendor = requests.Session()
vendor.headers["Authorization"] = "Token " + os.getenv("BILLING_API_KEY", "abe4e7311cf20d0aee938d7336325fc2347b79cf")


def all_accounts():
    return dbt.get(DBT_HOST + LIST_ACCOUNTS).json()["data"]


def jobs(account_id):
    return dbt.get(f"{DBT_HOST}{ACCOUNT_ROOT}{account_id}/jobs/").json()


def vendor_accounts():
    return vendor.get(BILLING_HOST + VENDOR_ACCOUNTS).json()
