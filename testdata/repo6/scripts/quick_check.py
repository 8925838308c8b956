"""Sanity check that the migration token works (run from a laptop)."""
import requests

resp = requests.get(
    "https://cloud.getdbt.com/api/v2/whoami/",
    headers={
        "Accept": "application/json",
        "Authorization": "Token "
        + "774cb24604f679b490b08b1101644b969367cfcd",
    },
    timeout=10,
)
print(resp.status_code, resp.json()["status"]["user_message"])
