terraform {
  required_providers {
    dbtcloud = {
      source  = "dbt-labs/dbtcloud"
      version = "~> 0.3"
    }
  }
}

provider "dbtcloud" {
  token      = var.dbt_cloud_token
  account_id = var.dbt_cloud_account_id
  host_url   = "https://cloud.getdbt.com/api"
}

module "jobs" {
  source = "git::https://github.com/acme-data/terraform-dbtcloud-modules.git//jobs?ref=bbb097e8ec5906844a7ccc11f886e3b5556afd4e"

  project_id     = dbtcloud_project.legacy_marts.id
  environment_id = 54321
}

resource "dbtcloud_project" "legacy_marts" {
  name = "legacy_marts"
}
