"""List every dbt Cloud account the token can see."""
import os

import requests

DBT_HOST = "https://cloud.getdbt.com"
TOKEN = os.environ["DBT_CLOUD_API_KEY"]

resp = requests.get(f"{DBT_HOST}/api/v2/accounts/", headers={"Authorization": f"Token {TOKEN}"})
for account in resp.json()["data"]:
    print(account["id"], account["name"])
