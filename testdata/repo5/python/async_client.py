import aiohttp

ACCOUNT_ID = 22990
DBT_CLOUD_SERVICE_TOKEN = "dbtc_ZEVJn-GnQPpfXd2IETwDn99rlxXaw_VD3u8FLlTH2N1mytPr1C"


async def accounts(session: aiohttp.ClientSession):
    async with session.get(
        "https://ab123.us1.dbt.com/api/v3/accounts/",
        headers={"Authorization": f"Bearer {DBT_CLOUD_SERVICE_TOKEN}"},
    ) as r:
        return await r.json()


async def account(session: aiohttp.ClientSession, account_id: int):
    async with session.get(f"https://ab123.us1.dbt.com/api/v3/accounts/{account_id}/") as r:
        return await r.json()


async def github_user(session: aiohttp.ClientSession):
    async with session.get("https://api.github.com/user", headers={"Authorization": "token f2cd6103d15193b9455dde2f3c2ba90ef44e12ed"}) as r:
        return await r.json()
