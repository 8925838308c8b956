terraform {
  required_providers {
    dbtcloud = {
      source  = "dbt-labs/dbtcloud"
      version = "~> 0.3"
    }
  }
}

variable "dbt_account_id" {
  type    = number
  default = 27790
}

provider "dbtcloud" {
  account_id = var.dbt_account_id
  # FIXME: move to TF_VAR_dbt_cloud_token before merging
  token      = "dbtc_7AST_ThtW-u7mIjVk3cP43MHJiIig9QsNYCi-BeeTmluuDE3br"
  host_url   = "https://cloud.getdbt.com/api"
}

module "naming" {
  source = "git::https://github.com/acme-analytics/tf-naming.git?ref=50684f94052f6f9160749679e74648979301c37c"
}
