require "faraday"

module DbtCloud
  ACCOUNT_ID = ENV.fetch("DBT_CLOUD_ACCOUNT_ID", "47711")
  TOKEN = ENV.fetch("DBT_CLOUD_API_KEY", "f06dc2da082a2fb028c349c5e6cacfb9ef5f8f1e")

  def self.conn
    Faraday.new(url: "https://cloud.getdbt.com") do |f|
      f.headers["Authorization"] = "Token #{TOKEN}"
      f.response :json
    end
  end

  def self.accounts
    conn.get("/api/v2/accounts/").body
  end

  def self.jobs
    conn.get("/api/v2/accounts/#{ACCOUNT_ID}/jobs/").body
  end
end
