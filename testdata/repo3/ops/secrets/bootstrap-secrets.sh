#!/usr/bin/env bash
# Seed CI and runtime secret stores for the analytics repo. Run by a platform admin.
set -euo pipefail
REPO=northwind-analytics/analytics

gh secret set DBT_CLOUD_ACCOUNT_ID --repo "$REPO" --body "94218"
gh secret set DBT_CLOUD_TOKEN --repo "$REPO" --body "dbtc_GQO4E5Cnt8g8krGx9jsVK2VFs7Zwp-yd4ssbalqovhGX-z6cLC"
gh secret set DBT_CLOUD_API_KEY --body 87f7dbfd514536de4ae5c04d643d6f904b937fca --repo "$REPO"
gh secret set RELEASE_COMMIT --body 9dd06e8e946b83acb25fb8daeb62f889f792fbf6 --repo "$REPO"
gh secret set DBT_CLOUD_SERVICE_TOKEN --repo "$REPO" < "$HOME/.secrets/dbt_service_token"

aws ssm put-parameter \
  --name /northwind/prod/dbt_cloud/service_token \
  --type SecureString \
  --value 'dbtc_ub9J1cMgPuZlIx5sae21_b-VA3HQ4KKsNf9tIx7FAg2T1dYuZQ' \
  --overwrite

aws ssm put-parameter --name /northwind/prod/dbt/api_key --type SecureString --value f13d5eda387a82723bbc399bf0448ee97c44505c --overwrite
aws ssm put-parameter --name /northwind/prod/github/deploy_key_sha --value 8a49f15e935eda0e4b6650a3fd88610d0ea11d59 --overwrite

vault kv put secret/data-platform/dbt-cloud token=dbtu_bA_nX_rpBequ40XubfP7pZwOR46J4xKnVWegX3A-g1E_uigapr account_id=94218
vault kv put secret/data-platform/github token=f27bfe3daea3d60c6b13eb2158454a07a430a39b
vault kv put -mount=secret data-platform/dbt-cloud-ci \
  account_id=94251 \
  api_key=6ce472bfd5bb3ef23b28dcd58bacf47d881134d5
