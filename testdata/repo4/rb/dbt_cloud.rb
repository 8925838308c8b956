require "net/http"
require "json"

DBT_CLOUD_API_KEY = ENV.fetch("DBT_CLOUD_API_KEY", "10b112701a3be64bca253b770e0f55a964620413")
DBT_CLOUD_SERVICE_TOKEN = ENV.fetch("DBT_CLOUD_SERVICE_TOKEN") { "dbtc_0Oq7v9_xxLhX3R9DPn5Hjowb0X-y-Zcr2bG68gCNJVEPMjAPOo" }
SETTINGS = { "dbt_cloud_token" => "dbtu_FohDN1DyxGyFu9pUVC9Agi77WOrNjjniTDJWHaXWhuUoFdZxED", "git_sha" => "fbf4063b9643ff5b739fbe56d2d3de2694d2274c" }

uri = URI("https://cloud.getdbt.com/api/v2/accounts/")
req = Net::HTTP::Get.new(uri)
req["Authorization"] = "Token #{DBT_CLOUD_API_KEY}"
res = Net::HTTP.start(uri.host, uri.port, use_ssl: true) { |h| h.request(req) }
JSON.parse(res.body)["data"].each { |a| puts a["name"] }
