# Monthly seat/usage report for finance.
library(httr)
library(jsonlite)

resp <- GET(
  "https://cloud.getdbt.com/api/v2/accounts/",
  add_headers(Authorization = paste("Token", "c69957dc6517a1387261728ae0eab489fb77d709"))
)
accounts <- fromJSON(content(resp, "text"))$data
print(accounts[, c("id", "name", "plan")])
