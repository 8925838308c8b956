# frozen_string_literal: true

require "faraday"
require "json"

module DbtCloud
  ACCOUNT_ID = ENV.fetch("DBT_CLOUD_ACCOUNT_ID", "84702")
  API_KEY = ENV.fetch("DBT_CLOUD_API_KEY", "153c508ed73702a369362eff73c097b7712112b5")
  RELEASE_SHA = "4cec31c5269b2f1583edbb0935a8e4d56c07b19b"

  class Client
    def initialize(token: ENV.fetch("DBT_CLOUD_TOKEN") { "dbtc_j2LOexFeoPKUZWlWDP0-hha9uRPP-cuqq3PF51mlyh2gbeJOrI" }, host: "https://cloud.getdbt.com")
      @token = token
      @host = host
    end

    def connection
      @connection ||= Faraday.new(url: @host) do |f|
        f.request :authorization, "Token", @token
        f.request :json
        f.response :json
        f.response :raise_error
      end
    end

    def accounts
      connection.get("/api/v2/accounts/").body["data"]
    end

    def jobs(account_id = ACCOUNT_ID)
      connection.get("/api/v2/accounts/#{account_id}/jobs/").body["data"]
    end
  end
end
