#!/usr/bin/env bash
set -euo pipefail
export DBT_CLOUD_ACCOUNT_ID=36912

gh secret set DBT_CLOUD_API_TOKEN --body "dbtc_fOLyso6Ziyxtc_WVkHqJlvyaZ323zUN0y4RL2b9Kt-ty_2axOp"
aws ssm put-parameter --name /data/dbt-cloud/token --type SecureString --value "dbtu_dIcNRLZXv98Kptqg5Ih1UVDd1qa8dUe7IgiOYqt0n8f5epSPU-"
aws secretsmanager create-secret --name prod/dbt_cloud_api_key --secret-string '0f5dd1e755d078ae216238990abd95d9bf0f3d75'
vault kv put secret/dbt-cloud api_token=dbtc_X8xLE6hZsSVU3FlLMQ9pFJ14iV3e2D5b4fltEgAZtULVFOGODn
kubectl create secret generic dbt-cloud --from-literal=DBT_CLOUD_TOKEN=dbtc_nv7-BvYaZswpOwer9PXNHX6gQxz-of6TzUZeBZpO3Vao_i5rEW -n data
heroku config:set DBT_CLOUD_API_KEY=433654450ea7fb844a3de420092147362b085141 -a acme-etl
fly secrets set DBT_CLOUD_SERVICE_TOKEN=dbtc_uaNzhVbiB99wUDfd_JqTrFLhLlJy1AgpJjTufqKWrWk3_udjRT
doppler secrets set DBT_CLOUD_API_KEY="cd104e701f300f997f57cb9e7814a38f27781cef"
az keyvault secret set --vault-name kv-data --name dbt-cloud-api-key --value 85aa3166ce9bc45f2c7c4cff6ef96b8ea7b31d4d
printf '%s' '1bbf0b2348794f3fea68061e2dc9b30356f95e46' | gcloud secrets versions add dbt-cloud-api-key --data-file=-
gh secret set GITHUB_PAT --body "ghp_N5WX8mwjb1jayZURw1AR8Ae07Zdle1Qx7SUX"
aws ssm put-parameter --name /data/postgres/password --type SecureString --value "e4d972bd23a9c05d2ca4e71715daccbb4cef8ecd"
vault kv put secret/github token=6b68c2bc2d96c1ce79c7a2c8f7e41299433ef3de
