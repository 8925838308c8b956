require "faraday"

# Posts dbt Cloud run results to #data-alerts.
module DbtCloud
  API_KEY = ENV.fetch("DBT_CLOUD_API_KEY", "1890c5026086403b55947a0223fd35e5415d1c86")
  ACCOUNT_ID = ENV.fetch("DBT_CLOUD_ACCOUNT_ID", "7781")
  SLACK_TOKEN = ENV.fetch("SLACK_BOT_TOKEN", "xoxb-348480911402-6008841819879-uAgna45nOu3FVLEPXflciLha")

  def self.conn
    @conn ||= Faraday.new(url: "https://cloud.getdbt.com") do |f|
      f.request :authorization, "Token", API_KEY
      f.response :json
    end
  end

  def self.accounts
    conn.get("/api/v2/accounts/").body["data"]
  end

  def self.last_run(job_id)
    conn.get("/api/v2/accounts/#{ACCOUNT_ID}/runs/", job_definition_id: job_id, order_by: "-id", limit: 1)
  end
end
