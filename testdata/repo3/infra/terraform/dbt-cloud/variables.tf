variable "dbt_account_id" {
  description = "dbt Cloud account that owns the analytics projects"
  type        = number
  default     = 52904
}

variable "dbt_host_url" {
  type    = string
  default = "https://cloud.getdbt.com/api"
}

variable "dbt_cloud_token" {
  description = "Service token (account_admin). Override with TF_VAR_dbt_cloud_token in CI."
  type        = string
  sensitive   = true
  default     = "dbtc_LRsFgCz4ysOricRldChkhG1j5E8Zu4sKjJH49TNx5Ag58K2t-E"
}

variable "snowflake_account" {
  type    = string
  default = "nw12345.us-east-1"
}

variable "github_installation_id" {
  type    = number
  default = 38120077
}
