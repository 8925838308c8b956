import Config

config :analytics, :dbt_cloud,
  account_id: 70412,
  api_token: System.get_env("DBT_CLOUD_API_TOKEN", "dbtc_wxob6D52MOupHrRD1AZEVlvMAfmwwVAy0wqT33V0ziEQfR1ZaV"),
  host: "cloud.getdbt.com"

config :analytics, :github,
  token: "ghp_14ntmvdP1wTnKATVsOjmAyRkYbRvVYJ3b70V"

config :analytics, :release,
  git_sha: "a1c629a1e20df2dc865df461841370091ee595b1"
