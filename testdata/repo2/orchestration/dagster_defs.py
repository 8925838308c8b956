import os

import boto3
from dagster_dbt import DbtCloudClientResource

os.environ.setdefault("DBT_CLOUD_API_KEY", "06d3c118702c40a4ae6d11731665990611bed4d8")

dbt_cloud = DbtCloudClientResource(auth_token="bf54236439fae76c4156bea90150d437752f0d6d", account_id=27272)

def aws_accounts():
    return boto3.client("organizations").list_accounts()["Accounts"]
