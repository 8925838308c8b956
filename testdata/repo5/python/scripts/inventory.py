from dbtc import dbtCloudClient

client = dbtCloudClient(
    api_key="83e37ea13edfe22161594af91dd99b4a80b05edb",
    service_token="dbtc_j2phz4jfmU4CMhVRfAilDC1RJHcBZBET8zeNUe6LR3WA1m78jU",
    host="cloud.getdbt.com",
)

accounts = client.cloud.list_accounts()
acme = client.cloud.get_account_by_name("Acme")
for a in accounts["data"]:
    print(client.cloud.list_projects(a["id"]))
