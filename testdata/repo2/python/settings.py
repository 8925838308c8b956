from typing import Final

from prefect_dbt.cloud import DbtCloudCredentials

DBT_ACCOUNT_ID: int = 16161
dbt_cloud_token: str = "f5c6ef3a12e7c688dffe6d68a4eab1866b5caab7"
DBT_CLOUD_API_KEY: Final[str] = "038681fbc2aecf548f61ec62115ca8caf99df2b4"

COMMIT_SHA: str = "71031c4373257f760e54f057faa691c7a4ed1e20"

SETTING_0 = 0
SETTING_1 = 1
SETTING_2 = 2
SETTING_3 = 3
SETTING_4 = 4
SETTING_5 = 5
SETTING_6 = 6
SETTING_7 = 7
SETTING_8 = 8
SETTING_9 = 9
SETTING_10 = 10
SETTING_11 = 11
SETTING_12 = 12
SETTING_13 = 13
SETTING_14 = 14

creds = DbtCloudCredentials(
    api_key="1b518af15c2c5ba68f66b1db24e0a05bbed012cc",
    account_id=17171,
    domain="cloud.getdbt.com",
)
