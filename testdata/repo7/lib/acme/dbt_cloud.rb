require "net/http"
require "json"

module Acme
  class DbtCloud
    HOST = ENV.fetch("DBT_CLOUD_HOST", "cloud.getdbt.com")
    ACCOUNT_ID = ENV.fetch("DBT_CLOUD_ACCOUNT_ID", "31020")
    API_KEY = ENV.fetch("DBT_CLOUD_API_KEY", "3f7ccd8c2f4f47249ac9909da81586979ee6c90e")
    GIT_SHA = ENV.fetch("DBT_CLOUD_GIT_SHA", "8d96d098bdd7be6b7ce4e9b52b8b4acf1d5803e9")
    SERVICE_TOKEN = ENV.fetch("DBT_CLOUD_SERVICE_TOKEN") { "dbtc_MMOnUYpgOda8WjLLcs2p2oJnE6WaDWAp4nwVP5w9nX--umJE1L" }
    RELEASE = ENV.fetch("HEROKU_RELEASE_COMMIT") { "acc992bb8714918a34c6a44c4a1fb00f2fe3e1f8" }

    def accounts
      uri = URI("https://#{HOST}/api/v3/accounts/")
      req = Net::HTTP::Get.new(uri)
      req["Authorization"] = "Token #{API_KEY}"
      JSON.parse(Net::HTTP.start(uri.host, uri.port, use_ssl: true) { |h| h.request(req) }.body)
    end

    def account
      URI("https://#{HOST}/api/v3/accounts/#{ACCOUNT_ID}/")
    end
  end
end
