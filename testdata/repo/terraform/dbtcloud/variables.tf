variable "dbt_cloud_token" {
  description = "dbt Cloud service token (account_admin)"
  type        = string
  sensitive   = true
}

variable "dbt_cloud_account_id" {
  description = "dbt Cloud account id"
  type        = number
  default     = 12345
}
