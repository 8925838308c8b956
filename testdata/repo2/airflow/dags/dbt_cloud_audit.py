import os

from airflow.decorators import dag, task
from airflow.providers.dbt.cloud.hooks.dbt import DbtCloudHook

DBT_CLOUD_ACCOUNT_ID = 18181
os.environ["AIRFLOW_CONN_DBT_CLOUD_DEFAULT"] = "dbt-cloud://18181:dbtu_niNIrrzrAoeuPb4w-izAEEbvdzzz5fG3cj026cQPArozoh3zpg@cloud.getdbt.com"


@dag(schedule=None)
def dbt_cloud_audit():
    @task
    def audit():
        accounts = DbtCloudHook(dbt_cloud_conn_id="dbt_cloud_default").list_accounts()
        hook = DbtCloudHook("dbt_cloud_default")
        for acct in hook.list_accounts():
            print(acct)
        return hook.list_jobs(account_id=DBT_CLOUD_ACCOUNT_ID)

    audit()


dbt_cloud_audit()
