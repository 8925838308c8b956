import boto3
import requests

BASE = "https://acme.example-crm.com"
SYNC_TOKEN = "ce7d29786b946d3ed689b81e572ac8f060dc0c2c"


def crm_accounts():
    return requests.get(f"{BASE}/api/v2/accounts/", headers={"Authorization": f"Token {SYNC_TOKEN}"}).json()


def aws_accounts():
    return boto3.client("organizations").list_accounts()
