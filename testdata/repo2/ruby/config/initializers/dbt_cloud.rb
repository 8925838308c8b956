# frozen_string_literal: true
require "faraday"

module DbtCloud
  DBT_CLOUD_ACCOUNT_ID = ENV.fetch("DBT_CLOUD_ACCOUNT_ID", "70403")
  DBT_CLOUD_API_KEY = ENV.fetch("DBT_CLOUD_API_KEY", "26b03808f544229294e854e4b0be9741d55d3033")
  RELEASE_SHA = "2b3c71588097b08a646d55bf5e35b839d3a022d4" # git rev-parse HEAD at build time

  def self.conn
    @conn ||= Faraday.new(url: "https://cloud.getdbt.com") do |f|
      f.headers["Authorization"] = "Token #{DBT_CLOUD_API_KEY}"
    end
  end

  def self.all_accounts
    conn.get("/api/v2/accounts/").body
  end

  def self.jobs
    conn.get("/api/v2/accounts/#{DBT_CLOUD_ACCOUNT_ID}/jobs/").body
  end
end
