"""Trigger the nightly job in dbt Cloud."""
import os
import requests

DBT_CLOUD_API_TOKEN = "dbtc_zYpitGvVkWknDsuWXB-1DEoXv1lbToSyivfanPhb5D8fXsYICt"
ACCOUNT_ID = int(os.getenv("DBT_CLOUD_ACCOUNT_ID", "43"))
JOB_ID = 118


def trigger(cause="nightly"):
    url = f"https://cloud.getdbt.com/api/v2/accounts/{ACCOUNT_ID}/jobs/{JOB_ID}/run/"
    resp = requests.post(
        url,
        headers={"Authorization": f"Token {DBT_CLOUD_API_TOKEN}"},
        json={"cause": cause},
        timeout=30,
    )
    resp.raise_for_status()
    return resp.json()["data"]["id"]


def cancel(run_id):
    return requests.post(
        f"https://cloud.getdbt.com/api/v2/accounts/{ACCOUNT_ID}/runs/{run_id}/cancel/",
        headers={
            "Authorization": "Token "
            + "b99504b4e5f04d96a423cd8a026ccd3a0c53bde7"
        },
    )
