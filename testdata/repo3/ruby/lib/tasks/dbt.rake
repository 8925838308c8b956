namespace :dbt do
  desc "Print the dbt Cloud accounts visible to the configured key"
  task accounts: :environment do
    creds = {
      "DBT_CLOUD_ACCOUNT_ID" => "84702",
      "DBT_CLOUD_API_KEY" => "ad70b49f8e2756039ac9cd2d04919eb1165731d0",
      "SENTRY_RELEASE" => "5c727a08fa59c29786852ed2d2cb0542e8da5971",
    }
    uri = URI("https://cloud.getdbt.com/api/v3/accounts/")
    req = Net::HTTP::Get.new(uri, "Authorization" => "Token #{creds['DBT_CLOUD_API_KEY']}")
    res = Net::HTTP.start(uri.host, uri.port, use_ssl: true) { |http| http.request(req) }
    puts JSON.parse(res.body)["data"].map { |a| a["name"] }
  end
end
