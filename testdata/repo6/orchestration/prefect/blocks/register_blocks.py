"""Register the dbt Cloud credential blocks. Run once per workspace."""
import os

from prefect_dbt.cloud import DbtCloudCredentials

DbtCloudCredentials(
    api_key=os.environ.get("DBT_CLOUD_SERVICE_TOKEN", "dbtc_qEkmf1TuZX4cMrVqJX048RLf1gLgrPKs1i8e-zCnPkHzlfIzhV"),
    account_id=int(os.environ.get("DBT_CLOUD_ACCOUNT_ID", "120993")),
).save("acme-prod", overwrite=True)

DbtCloudCredentials(
    account_id=4412,
    domain="emea.dbt.com",
    api_key="dbtu_Ce6zInSoTH81A-J-YlHZNYj_ileojFdr2doM-X01HjLkpjT7a3",
).save("acme-emea-dev", overwrite=True)
