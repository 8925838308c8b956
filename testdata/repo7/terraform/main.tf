terraform {
  required_providers {
    dbtcloud = { source = "dbt-labs/dbtcloud", version = "~> 0.3" }
  }
}

variable "dbt_cloud_account_id" {
  type    = number
  default = 18006
}

variable "dbt_cloud_token" {
  type      = string
  sensitive = true
  default   = "dbtc_MYK0N9pHAszHYiB4MEd0MCJ0BzvfPCbDT-yzXU3X1tDln2iORO"
}

provider "dbtcloud" {
  account_id = var.dbt_cloud_account_id
  token      = var.dbt_cloud_token
  host_url   = "https://cloud.getdbt.com/api"
}

provider "github" {
  owner = "acme"
  token = "c07c8a0e02d235476997ded9c1340e2039b7ec0e"
}

module "warehouse" {
  source = "git::https://github.com/acme/tf-warehouse.git?ref=e20ace58b1332602301fa1305f89e51b5f9e11b0"
}

data "http" "dbt_accounts" {
  url             = "https://cloud.getdbt.com/api/v3/accounts/"
  request_headers = { Authorization = "Token ${var.dbt_cloud_token}" }
}

data "http" "dbt_account" {
  url             = "https://cloud.getdbt.com/api/v3/accounts/${var.dbt_cloud_account_id}/"
  request_headers = { Authorization = "Token ${var.dbt_cloud_token}" }
}
