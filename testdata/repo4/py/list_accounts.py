import os
from urllib.parse import urljoin

import requests


class DbtCloud(requests.Session):
    def __init__(self, token, base_url="https://emea.dbt.com"):
        super().__init__()
        self.base_url = base_url
        self.headers.update({"Authorization": "Bearer " + token})

    def request(self, method, url, *args, **kwargs):
        return super().request(method, urljoin(self.base_url, url), *args, **kwargs)


client = DbtCloud(token=os.environ.get("DBT_CLOUD_TOKEN", "dbtu_Lm4P_7iyuUruBBAUGrkvOa2onzLmca2pnIdZtahdaOdQNbpJdI"))
for acct in client.get("/api/v3/accounts/").json()["data"]:
    print(acct["id"], acct["name"])
