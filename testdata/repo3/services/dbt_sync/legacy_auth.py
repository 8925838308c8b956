"""Old auth path used by the 2022 sync job. Kept only for the EMEA backfill."""
import httpx
import requests

DBT_EMEA = "https://emea.dbt.com"
DBT_CLOUD_ACCOUNT_ID = 81302

headers = {
    "Authorization": "Token " + "00cebc7f6a7bee35875d81e0260985cf84cc5617",
    "Accept": "application/json",
}

resp = httpx.get("https://emea.dbt.com/api/v3/accounts/", headers=headers)

legacy = requests.get(
    DBT_EMEA + "/api/v2/accounts/",
    headers={"Authorization": f"Bearer dbtc_w7Vf795wpsI7dW2V1tbFIWgozjid7Ca8qG_c8-jLgeZLidMWXs"},
    timeout=20,
)
