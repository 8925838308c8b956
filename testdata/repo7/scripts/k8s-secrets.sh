#!/usr/bin/env bash
kubectl -n analytics create secret generic dbt-cloud \
  --from-literal=DBT_CLOUD_ACCOUNT_ID=16004 \
  --from-literal=DBT_CLOUD_API_KEY=b74fd60a429b170349d492764f66722d8aea7906 \
  --from-literal=DBT_CLOUD_GIT_SHA=ef0c45ada1bc40c2e3b9dcf8be882c5acb4fdee6
kubectl -n analytics create secret generic git-sync \
  --from-literal=GITSYNC_PASSWORD=3430fbce239035add95e9a5bd9a2628b80854e95
heroku config:set DBT_CLOUD_SERVICE_TOKEN=dbtc_b5b7desiCyy-HS5C0olcMUkqoBJ8RuudxLDOTPkSqZa9tw1iVq DBT_CLOUD_ACCOUNT_ID=16004 -a acme-metrics
heroku config:set HEROKU_SLUG_COMMIT=41c9eafcd33bdc45132a9794ad02d7fb3c5e14cf -a acme-metrics
fly secrets set DBT_API_KEY=f48398e63f5b8d383660ab2a211881b8ed60bed6 DBT_ACCOUNT_ID=16099 -a acme-jobs
fly secrets set SOURCE_VERSION=3709ad8b6a1bec4dcaef9d38ee74bc4c1f39fb74 -a acme-jobs
