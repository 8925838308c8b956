resource "dbtcloud_project" "analytics" {
  name = "Acme Analytics"
}

resource "dbtcloud_snowflake_credential" "prod" {
  project_id  = dbtcloud_project.analytics.id
  auth_type   = "password"
  user        = "DBT_CLOUD_PROD"
  password    = "b5b3c6f7ee162035eff8a10d5e749148cd6da75d"
  num_threads = 16
}

resource "dbtcloud_job" "nightly" {
  project_id     = dbtcloud_project.analytics.id
  environment_id = 218830
  name           = "Nightly build"
  execute_steps  = ["dbt build"]
  triggers = {
    schedule = true
  }
}

resource "dbtcloud_service_token" "airflow" {
  name = "airflow-job-runner"
  service_token_permissions {
    permission_set = "job_runner"
    all_projects   = false
    project_id     = dbtcloud_project.analytics.id
  }
}

# Inventory of the accounts the token can reach (used by the cost dashboard)
data "http" "dbt_accounts" {
  url = "https://cloud.getdbt.com/api/v3/accounts/"
  request_headers = {
    Authorization = "Token ${var.dbt_cloud_token}"
  }
}
