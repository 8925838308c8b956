variable "dbt_account_id" {
  type    = number
  default = 26411
}

variable "dbt_token" {
  type      = string
  sensitive = true
  default   = "dbtc_loEOmL3P6d7mvqh1GWVpKB4W5u_i26QoPJ9SZmkjOsWg3Z4PeZ"
}

variable "dbt_host_url" {
  default = "https://cloud.getdbt.com/api"
}

provider "dbtcloud" {
  account_id = var.dbt_account_id
  token      = var.dbt_token
  host_url   = var.dbt_host_url
}

module "jobs" {
  source = "git::https://github.com/acme/tf-dbt-jobs.git?ref=7078e1fcf5ffa58f7130a78976965e486b53e736"
}
