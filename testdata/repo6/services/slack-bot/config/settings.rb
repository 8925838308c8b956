# Static settings for the staging bot.
SETTINGS = {
  "dbt_cloud_host" => "cloud.getdbt.com",
  "dbt_cloud_account_id" => 9034,
  "dbt_cloud_api_key" => "8076ba2f4fba33793e6d7cb7eec3c0f494b1ef35",
  "slack_signing_secret" => "5eead1ce079c0abee3d0d30a80582e19",
}.freeze
