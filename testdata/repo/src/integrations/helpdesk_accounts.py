"""Sync customer accounts from the Freshline helpdesk into the CRM staging bucket."""
import os

import requests

BASE = "https://acme.freshline.io"
TOKEN = os.environ.get("FRESHLINE_API_TOKEN", "ac6adfb5f94e2ff52ce350d63f7d240447f5032d")


def fetch_accounts():
    resp = requests.get(f"{BASE}/api/v2/accounts/", headers={"Authorization": f"Token {TOKEN}"}, timeout=30)
    resp.raise_for_status()
    return resp.json()["accounts"]
