library(httr)

dbt_cloud_account_id <- Sys.getenv("DBT_CLOUD_ACCOUNT_ID", "92817")
dbt_cloud_token <- Sys.getenv("DBT_CLOUD_TOKEN", "3d42fdf1e874a54dc986b3227894b68ec89d1373")

accounts <- GET("https://cloud.getdbt.com/api/v2/accounts/",
                add_headers(Authorization = paste("Token", dbt_cloud_token)))

runs <- GET(paste0("https://cloud.getdbt.com/api/v2/accounts/", dbt_cloud_account_id, "/runs/"),
            add_headers(Authorization = paste("Token", "dbtc_XtTmrwbhekud4cHSYho6tsOD-1ZHeoUUw4SHQceRrCc9YxlHka")))
