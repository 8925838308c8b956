dbt_cloud_account_id = 26412
dbt_cloud_token      = "914796b1c7297ca48393d84c69139293c66bf4c5"
datadog_api_key      = "aea0027b1a432b544eda343946eb12a9"
github_token         = "ccb71ba84c7f4bc3f51bd8aedf80e8fcb8249e3d"
