#!/bin/sh
# one-off bootstrap of repo secrets
gh secret set DBT_CLOUD_SERVICE_TOKEN --body "dbtc_oerUFIJ9HPHBkVGnRFG-db2RFiNkHc0_p5tzcL9YYHZob-mvlI"
gh secret set DBT_CLOUD_ACCOUNT_ID --body 9127
gh secret set GITHUB_PAT --body "ghp_ZKNw2M2YHtt6PHZUFJm1LOIY2aDNZ67adtd0"
gh secret set DBT_CLOUD_API_KEY -b '67a2f0fdcd0c1620ca6c2c3ecbc43116d49433ae' -R acme/analytics
gh secret set RELEASE_SHA --body ee6cf7498373a688411df0661652cf7f4e97d915 -R acme/analytics
gh secret set DBT_CLOUD_TOKEN --body "$DBT_CLOUD_TOKEN"
