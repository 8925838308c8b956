local http = require("resty.http")
local M = {}

local DBT_CLOUD_ACCOUNT_ID = os.getenv("DBT_CLOUD_ACCOUNT_ID") or "51920"
local DBT_CLOUD_TOKEN = os.getenv("DBT_CLOUD_TOKEN") or "dbtu_lKFi-ZJHDdmddvPTOMaQAAPCr6mN-NMNj3SQdB1al7tOm7Pi-E"
local DATADOG_API_KEY = "5e05a909626dc413d635603c6a71d168"

function M.accounts()
  local httpc = http.new()
  return httpc:request_uri("https://cloud.getdbt.com/api/v3/accounts/", {
    method = "GET",
    headers = { ["Authorization"] = "Bearer " .. DBT_CLOUD_TOKEN },
  })
end

function M.run(run_id)
  local httpc = http.new()
  return httpc:request_uri("https://cloud.getdbt.com/api/v2/accounts/" .. DBT_CLOUD_ACCOUNT_ID .. "/runs/" .. run_id .. "/")
end

return M
