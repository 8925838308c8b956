terraform {
  required_providers {
    dbt = {
      source  = "GtheSheep/dbt-cloud"
      version = "0.1.12"
    }
  }
}

provider "dbt" {
  account_id = 88110
  token      = "0aac173f8ae4b5a06f066e904e61147ab5603215"
  host_url   = "https://acme.getdbt.com/api"
}

resource "dbt_cloud_project" "regulated" {
  name = "regulated_reporting"
}
