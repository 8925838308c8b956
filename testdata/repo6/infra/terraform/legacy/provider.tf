# Old GtheSheep provider, kept until the state is migrated.
terraform {
  required_providers {
    dbt = {
      source  = "GtheSheep/dbt-cloud"
      version = "0.1.12"
    }
  }
}

provider "dbt" {
  account_id = 2201
  token      = "b2500b4ae8b3bf19e5f7cbc05ce2ac09b865e34f"
}
