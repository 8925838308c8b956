# One-time developer setup on Windows laptops.
[Environment]::SetEnvironmentVariable("DBT_CLOUD_ACCOUNT_ID", "88120", "User")
[Environment]::SetEnvironmentVariable("DBT_CLOUD_HOST", "emea.dbt.com", "User")
[Environment]::SetEnvironmentVariable("DBT_CLOUD_TOKEN", "dbtu_d_CTwhiyJZ8pn7_6JetAIrlORiohxW0F73wIia1hY5NSJtEWVL", "User")
[Environment]::SetEnvironmentVariable("GIT_COMMIT", "88926bbc096e18c7ba2f11865433a6a23f11b113", "User")
Write-Host "done, restart your shell"
