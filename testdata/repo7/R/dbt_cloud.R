library(httr)

dbt_host <- "https://cloud.getdbt.com"
account_id <- 55102

runs <- GET(
  paste0(dbt_host, "/api/v2/accounts/", account_id, "/runs/"),
  add_headers(Authorization = paste("Token", "18323ccd5b2942a03ef8e5827a743bfd3d9e4a1f"))
)

accounts <- GET(
  paste0(dbt_host, "/api/v2/accounts/"),
  add_headers(Authorization = paste("Token", Sys.getenv("DBT_CLOUD_API_KEY", "463e77b78bc1bf5d50e62c5ade8fc4d1b03182c9")))
)

gh <- GET("https://api.github.com/user",
  add_headers(Authorization = paste("token", "e47b5d4358258088166947b328048ef03b0939ff")))
