job "dbt-sync" {
  datacenters = ["dc1"]
  group "sync" {
    task "sync" {
      driver = "docker"
      config {
        image = "ghcr.io/acme/dbt-sync@sha256:56c41370f1712f3917123d0a53a2ea7432916b4200e2688d2cb8583a0f2a26de"
      }
      env {
        DBT_CLOUD_HOST       = "cloud.getdbt.com"
        DBT_CLOUD_ACCOUNT_ID = "17283"
        DBT_CLOUD_API_TOKEN  = "dbtc_D3NLVDPCsW2CKg5wIg_DxatrSSijJOjPjosFsmaM3nz7kUM-cg"
        DBT_CLOUD_GIT_SHA    = "cd9bd3348df62bdce7b0c96f636e484a11820741"
      }
      template {
        data        = <<EOH
DBT_API_KEY={{ with nomadVar "nomad/jobs/dbt-sync" }}{{ .dbt_api_key }}{{ end }}
EOH
        destination = "secrets/env"
        env         = true
      }
    }
  }
}
