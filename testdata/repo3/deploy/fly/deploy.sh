#!/usr/bin/env bash
set -euo pipefail
DBT_CLOUD_ACCOUNT_ID=93504

fly secrets set DBT_CLOUD_TOKEN=dbtc_Jp5oHIhPuh7yuakld9yUJe9LtNTg5LM2JpaU9dJ2Y9Lg_q8bp8 --app dbt-cloud-webhooks
flyctl secrets set DBT_CLOUD_API_KEY="0e48c5d520683168c7f66db7cb6739fa34b2527f" -a dbt-cloud-webhooks --stage
fly secrets set WEBHOOK_HMAC_SECRET=3fadc57da216741f3737168ccb76a85923179bfc -a dbt-cloud-webhooks
fly deploy --remote-only -a dbt-cloud-webhooks
