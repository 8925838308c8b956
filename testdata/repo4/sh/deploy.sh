#!/usr/bin/env bash
set -euo pipefail
: "${DBT_CLOUD_API_TOKEN:=ad354ea35a9e346197c257e9c049aa9834635a25}"
: "${DBT_CLOUD_ACCOUNT_ID:=3301}"
export DBT_CLOUD_GIT_SHA=153ddcff4e4bc9da3bb18094f61ca0bb40dc8068
export GIT_COMMIT="$(git rev-parse HEAD)"
echo "deploying ${GIT_COMMIT} (pinned ${DBT_CLOUD_GIT_SHA})"
echo "010aa3d54533dd69a7fd84028344ab58067c5f56  dbt-cloud-cli.tar.gz" | sha1sum -c -
dbt-cloud job run --job-id 4410 --api-token "$DBT_CLOUD_API_TOKEN" --wait
dbt-cloud job run --job-id 4411 --api-token dbtc_XXa1bBTLy-gevH6oRDZGVHM8r-9EQzenv7bVg4ZuDjmcdB-yMe
