"""Weekly inventory of dbt Cloud accounts and projects (dbtc)."""
import os

from dbtc import dbtCloudClient

client = dbtCloudClient(
    service_token=os.environ["DBT_CLOUD_SERVICE_TOKEN"],
    host=os.getenv("DBT_CLOUD_HOST", "cloud.getdbt.com"),
)


def main():
    accounts = client.cloud.list_accounts()
    print(f"{len(accounts['data'])} accounts visible")
    acme = client.cloud.get_account_by_name("Acme Analytics")
    print(acme["data"]["id"])


if __name__ == "__main__":
    main()
