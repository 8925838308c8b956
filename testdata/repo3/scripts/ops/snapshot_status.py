"""Quick status check for INC-1187; run from the bastion."""
import requests

JOBS_URL = "https://cloud.getdbt.com/api/v2/accounts/98730/jobs/190455/"
API_KEY = "eefec4805aec23033f58d9e8a9b963c2a2505144"

r = requests.get(JOBS_URL, headers={"Authorization": "Token " + API_KEY}, timeout=15)
print(r.json()["data"]["most_recent_run"]["status_humanized"])
