#!/usr/bin/env bash
set -euo pipefail
APP=dbt-cloud-slack-notifier

heroku apps:create "$APP" --team northwind-analytics || true
heroku config:set -a "$APP" DBT_CLOUD_ACCOUNT_ID=74150 DBT_CLOUD_API_TOKEN=dbtc_SjcxMlgbK_NQ_aGgVFQNg1B46wABYImfJ1HvPZALgWkvwuFI8H
heroku config:set --app "$APP" DBT_CLOUD_API_KEY="e9af39800ef971b292c880e8c904f1834f05fbcf"
heroku config:set -a "$APP" DBT_CLOUD_API_KEY_US=05b03bba19dc88ff164ae5b417e14e902241e226 DBT_CLOUD_API_KEY_EMEA=14531f94384dcd144f9ff70ae695cca06e5aa8da
heroku config:set -a "$APP" SENTRY_RELEASE=8202d7d2199c1959c75ca22f417aff659d28b49a
heroku config:set -a "$APP" DBT_CLOUD_TOKEN="$(op read op://data-platform/dbt-cloud/token)"
git push heroku main
