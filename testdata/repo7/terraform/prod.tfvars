dbt_cloud_account_id = 19007
dbt_tokens = {
  prod    = "dbtc_LrfTQlLVojKX1jzDYKIONWInsX54Bcj-VurC0wt5eru5S5a63Q"
  staging = "0c0343edefd590d16a40b1147f8eeae4ad375660"
}
git_shas = {
  prod    = "7cf173f06261660e9e07a01e8f9b46c17284e72a"
  staging = "deeab48b90c5aaf763e4279ad0136536fc4f92dc"
}
dbt_cloud_git_sha = "c4236ff37d00b56d4cbaa0bdbf25e55fa37e7bc9"
