terraform {
  required_providers {
    dbtcloud = {
      source  = "dbt-labs/dbtcloud"
      version = "~> 0.3"
    }
  }
}

provider "dbtcloud" {
  account_id = 60001
  token      = "81cb56614635351f68637d3b40c749adc59d23c4"
  host_url   = "https://cloud.getdbt.com/api"
}

module "dbt_jobs" {
  source = "git::https://github.com/acme/terraform-modules.git//dbt-jobs?ref=4e5009c844a45890779371ccd01c75dbae9224c8"
}

data "http" "dbt_accounts" {
  url = "https://cloud.getdbt.com/api/v3/accounts/"
  request_headers = {
    Authorization = "Bearer ${var.dbt_cloud_token}"
  }
}
