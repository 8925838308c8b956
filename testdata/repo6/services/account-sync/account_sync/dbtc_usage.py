"""One-off inventory script using the dbtc client library."""
from dbtc import dbtCloudClient

client = dbtCloudClient(
    service_token="dbtc_gioVbxbgpH742s1XaUJvbR__cmstOdFh750rm_7Bv6VvgTZh3E",
    host="cloud.getdbt.com",
)

accounts = client.cloud.list_accounts()
print(f"{len(accounts['data'])} accounts visible")

acme = client.cloud.get_account_by_name("Acme Analytics")
print(acme["data"]["id"])

detail = client.cloud.get_account(account_id=acme["data"]["id"])
