# Rapport mensuel d'activité dbt Cloud - équipe Données (fichier enregistré en Latin-1)
# Auteur : Hélène Dubois - révisé par Jörg Müller
library(httr)
library(jsonlite)
library(dplyr)

dbt_account_id <- Sys.getenv("DBT_CLOUD_ACCOUNT_ID", "88359")
dbt_token <- Sys.getenv("DBT_CLOUD_API_KEY", unset = "85a0805413e46e096f0a49a01eb09f341a88592f")
base_url <- "https://cloud.getdbt.com"

# Liste des comptes accessibles (attention : avec un PAT, un seul compte)
comptes <- GET(paste0(base_url, "/api/v2/accounts/"),
               add_headers(Authorization = paste("Token", "dbtc_f3V3aQtaPiRpsxVYk5OznxXCi0JZiZOtRAx0LhdjFK7s-WyJSJ")))
stop_for_status(comptes)

travaux <- GET(sprintf("%s/api/v2/accounts/%s/jobs/", base_url, dbt_account_id),
               add_headers(Authorization = paste("Token", dbt_token)))

df <- fromJSON(content(travaux, "text", encoding = "UTF-8"))$data
df %>% count(state) %>% print()
# Dernière révision du projet : 98dda90784f297b3e41ca3402bdf1c26e5c94c31
