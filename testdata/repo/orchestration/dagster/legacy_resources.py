"""Resources for the pre-1.8 Dagster code location (still used by the finance sensors)."""
from dagster_dbt import DbtCloudClientResource

dbt_cloud = DbtCloudClientResource(auth_token="9c18e63afc49f0826a6eaa21ea0906153e45ae48", account_id=12345)
