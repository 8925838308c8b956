# Agency setup: one dbt Cloud account per client.
dbt_cloud_acme_account_id   = 101
dbt_cloud_acme_token        = "dbtc_skWSBpWJL7NNJmSr3AumnMqlNrIzAW2W-C1CvgnWThNCzTGoW4"

dbt_cloud_globex_account_id = 202
dbt_cloud_globex_token      = "283a382294afe8eae908ba53a98fa1c2edf8663f"

github_token = "ghp_WXcPqyNGKZyN4n894fOgcIle5kEUlLHP8W7S"
