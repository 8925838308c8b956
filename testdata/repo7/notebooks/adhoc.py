import os

import httpx

ACCOUNT_ID = 44033
dbt = httpx.Client(base_url="https://cloud.getdbt.com")
r = dbt.get(
    "/api/v2/accounts/",
    headers={"Authorization": f"Token {os.environ.get('DBT_CLOUD_API_KEY', '8214a9bb1826a7da08c45d00d9a7169c65082b26')}"},
)
gh = httpx.Client(base_url="https://api.github.com")
g = gh.get(
    "/user",
    headers={"Authorization": f"token {os.environ.get('GH_TOKEN', 'fc3e1d7cb22631a9f1d5330ba68eae5aa75f7737')}"},
)
crm = httpx.Client(base_url="https://api.vendorcrm.com")
v = crm.get("/api/v2/accounts/")
