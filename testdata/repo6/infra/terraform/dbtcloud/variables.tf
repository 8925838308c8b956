variable "dbt_cloud_token" {
  description = "dbt Cloud API token used by the provider"
  type        = string
  sensitive   = true
  default     = "8a6b6ec41860150a7d985faf2f4df6f3b296e0b7"
}

variable "dbt_account_id" {
  type    = number
  default = 510
}

variable "dbt_job_id" {
  type    = number
  default = 99123
}

variable "snowflake_password" {
  type      = string
  sensitive = true
}
