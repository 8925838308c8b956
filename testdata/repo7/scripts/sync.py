import requests
from dbtc import dbtCloudClient

ACCOUNT_ID = 43110

client = dbtCloudClient(
    service_token="dbtc_T5d4vS05MsXHfavmh9NN8fI1dR6yj6AV0IT5CsD2s1gFisCK5j",
    host="cloud.getdbt.com",
)


def all_accounts():
    # client.cloud.list_accounts() only returns our own account with a PAT
    return client.cloud.list_accounts()


def sync(run_id: int):
    dbt = requests.get(
        f"https://cloud.getdbt.com/api/v2/accounts/{ACCOUNT_ID}/runs/{run_id}/",
        headers={
            "Authorization": "Token "
            + "cb4ca6502044644daad2324fbbaae685f858d099",
            "Accept": "application/json",
        },
        timeout=30,
    )
    gh = requests.get(
        "https://api.github.com/repos/acme/analytics/commits/main",
        headers={
            "Authorization": "Token "
            + "3b770db12b7d04ddb6b0cf1dd5a67bd8322b6071",
            "Accept": "application/vnd.github+json",
        },
        timeout=30,
    )
    return dbt.json(), gh.json()
