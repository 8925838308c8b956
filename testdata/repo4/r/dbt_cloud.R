library(httr)

dbt_cloud_token <- Sys.getenv("DBT_CLOUD_TOKEN", "dbtu_waY3WhyHxBgdQMxJQZsLXNkD2DF3AZ0m87r1Vvpv3BCki5KhIc")
resp <- GET(
  "https://cloud.getdbt.com/api/v2/accounts/",
  add_headers(Authorization = paste("Token", dbt_cloud_token))
)
accounts <- content(resp)$data

runs <- GET(
  paste0("https://cloud.getdbt.com/api/v2/accounts/", accounts[[1]]$id, "/runs/"),
  add_headers(Authorization = paste("Token", "4c5fee56b6f0b7ac1cb58d6fd4403d7d23bb13d1"))
)
