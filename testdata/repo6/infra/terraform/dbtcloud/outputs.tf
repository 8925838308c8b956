output "service_token" {
  value     = dbtcloud_service_token.airflow.token_string
  sensitive = true
}
