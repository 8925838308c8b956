from dagster_dbt import DbtCloudClientResource
from prefect_dbt.cloud import DbtCloudCredentials
from prefect_github import GitHubCredentials

prefect_creds = DbtCloudCredentials(
    api_key="aa7e5f9753f16d3e600f1c11f9ab0cbadc3c8b9f",
    account_id=35024,
    domain="cloud.getdbt.com",
)

dagster_dbt = DbtCloudClientResource(
    auth_token="dbtc_no2Ea-cOzYRieMiPVN8nEGSPJ8vOwdI4e2xGUkucI8AT9WhN7C",
    account_id=35025,
)

gh_creds = GitHubCredentials(token="45c0bc49954dad8914eef26ccf40298518499675")
pinned = dict(dbt_cloud_job_id=4411, dbt_cloud_git_sha="7c599c56ed7a3aa15e7703a2573f75d6f1e41887")
