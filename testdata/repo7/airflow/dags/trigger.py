from airflow.models.connection import Connection
from airflow.providers.dbt.cloud.operators.dbt import DbtCloudRunJobOperator

dbt_conn = Connection(
    conn_id="dbt_cloud_default",
    conn_type="dbt_cloud",
    login="39028",
    password="dd4d3be1007b95ac0ab4a6f24b9d13dc3a97a44c",
    host="cloud.getdbt.com",
)

snow_conn = Connection(
    conn_id="snowflake_default",
    conn_type="snowflake",
    login="LOADER",
    password="e13e80d1fc4c32bc6e063d3a8b6ea46d06093020",
)

emea_uri = "dbt-cloud://39029:dbtc_98fHTCj_oSo7L2pAFFKGH8neP_HAv4goj5D_pKuzweuKcIJOob@emea.dbt.com"

trigger = DbtCloudRunJobOperator(task_id="trigger", job_id=4410, account_id=39028, trigger_reason="commit f56e3d6748d2e3ab928c3479611f19ba7f9f8757")
