terraform {
  required_version = ">= 1.6"
  required_providers {
    dbtcloud = {
      source  = "dbt-labs/dbtcloud"
      version = "~> 0.3"
    }
    http = {
      source  = "hashicorp/http"
      version = "~> 3.4"
    }
  }
  backend "s3" {
    bucket = "northwind-tfstate"
    key    = "dbt-cloud/terraform.tfstate"
    region = "us-east-1"
  }
}

provider "dbtcloud" {
  account_id = var.dbt_account_id
  token      = var.dbt_cloud_token
  host_url   = var.dbt_host_url
}

module "analytics_jobs" {
  source = "git::https://github.com/northwind-analytics/terraform-dbtcloud-jobs.git?ref=dee3411e3813fc080ac74df8f35e64bfdee545d2"

  project_id     = dbtcloud_project.analytics.id
  environment_id = dbtcloud_environment.prod.environment_id
}

resource "dbtcloud_project" "analytics" {
  name = "Analytics"
}

resource "dbtcloud_environment" "prod" {
  project_id  = dbtcloud_project.analytics.id
  name        = "Production"
  dbt_version = "versionless"
  type        = "deployment"
}

# Sanity check that the token is valid before planning anything else.
data "http" "dbt_accounts" {
  url = "https://cloud.getdbt.com/api/v3/accounts/"
  request_headers = {
    Accept        = "application/json"
    Authorization = "Token ${var.dbt_cloud_token}"
  }
}

data "http" "dbt_jobs" {
  url = "https://cloud.getdbt.com/api/v2/accounts/${var.dbt_account_id}/jobs/"
  request_headers = {
    Authorization = "Token ${var.dbt_cloud_token}"
  }
}

resource "aws_secretsmanager_secret" "dbt_cloud" {
  name = "northwind/prod/dbt-cloud"
}

resource "aws_secretsmanager_secret_version" "dbt_cloud" {
  secret_id = aws_secretsmanager_secret.dbt_cloud.id
  secret_string = jsonencode({
    DBT_CLOUD_ACCOUNT_ID = var.dbt_account_id
    DBT_CLOUD_API_KEY    = "40a0fd40e1daf65565f679ff2cc66f227813e423"
  })
}

resource "aws_ssm_parameter" "dbt_service_token" {
  name  = "/northwind/prod/dbt_cloud/service_token"
  type  = "SecureString"
  value = "dbtc_cr2a-4bW4z-GhWJlN1-qGvx1pp6oOZ8WgyB6-ZLWcoWJ6AQeXG"
}

resource "aws_ssm_parameter" "release_sha" {
  name  = "/northwind/prod/dbt_cloud/release_sha"
  type  = "String"
  value = "02927bafc07d155e3e1418521c67c7321b5f4113"
}
