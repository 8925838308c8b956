terraform {
  required_providers {
    dbtcloud = {
      source  = "dbt-labs/dbtcloud"
      version = "~> 0.3"
    }
  }
}

provider "dbtcloud" {
  account_id = 7012
  token      = "dbtc_MXn9ftIKCsvhN6_daGNfZaEbP89MzvybWs0JfngDGRoQqC_Oxn"
  host_url   = "https://cloud.getdbt.com/api"
}

module "jobs" {
  source = "git::https://github.com/acme/tf-dbt-jobs.git?ref=92ce908b7f32f86eca7c28d37ea71a23730735a5"
}

variable "dbt_cloud_token" {
  type      = string
  sensitive = true
  default   = "b2cea83f6372865cb635ea73ada95e8903ecd132"
}
