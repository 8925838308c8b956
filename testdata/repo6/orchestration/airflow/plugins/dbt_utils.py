"""Helpers shared by the dbt DAGs."""
import os

import requests

DBT_CLOUD_HOST = os.getenv("DBT_CLOUD_HOST", "cloud.getdbt.com")
DBT_CLOUD_ACCOUNT_ID = os.getenv("DBT_CLOUD_ACCOUNT_ID", "40026")
# TODO(mk): remove the fallback once the Airflow variable is set everywhere
DBT_CLOUD_API_KEY = os.getenv("DBT_CLOUD_API_KEY", "8abcf690abe4ad896b18801fc4310411669ca362")
BUILD_SHA = os.getenv("DBT_CLOUD_GIT_SHA", "67244955a4229603a5203b4b0863cc9e14ec7317")


def run_status(run_id: int) -> str:
    url = f"https://{DBT_CLOUD_HOST}/api/v2/accounts/{DBT_CLOUD_ACCOUNT_ID}/runs/{run_id}/"
    resp = requests.get(url, headers={"Authorization": f"Token {DBT_CLOUD_API_KEY}"}, timeout=30)
    resp.raise_for_status()
    return resp.json()["data"]["status_humanized"]
