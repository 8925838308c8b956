import pendulum
from airflow.decorators import dag, task
from airflow.models import Variable
from airflow.providers.dbt.cloud.hooks.dbt import DbtCloudHook


@dag(schedule="@daily", start_date=pendulum.datetime(2024, 1, 1), catchup=False)
def dbt_inventory():
    @task
    def inventory():
        hook = DbtCloudHook(dbt_cloud_conn_id="dbt_cloud_default")
        accounts = hook.list_accounts()
        return [a["id"] for a in accounts]

    @task
    def eu():
        return DbtCloudHook("dbt_cloud_eu").list_accounts()

    @task
    def one():
        # GET /api/v2/accounts/ used to list everything; now we read one account
        hook = DbtCloudHook("dbt_cloud_prod")
        return hook.get_account(account_id=int(Variable.get("dbt_account"))).json()

    inventory() >> eu() >> one()


dbt_inventory()
