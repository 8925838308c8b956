#!/usr/bin/env bash
aws ssm put-parameter \
  --name /prod/analytics/dbt-cloud/service-token \
  --type SecureString \
  --value "dbtc_GU_jWEyr0UgPYo2TSWqdKOi3TyFaMgVVTJLixN8Nm-ae9kptF2" \
  --overwrite

aws ssm put-parameter --name "/prod/analytics/snowflake/password" --type SecureString --value "89297eb11330a18cb5ea87db9e6f9fd4f86c4c53"

aws secretsmanager create-secret --name dbt_cloud_api_key --secret-string 'b587af4d40fd632f64b8f44f978b85ab29f3e941'
aws ssm put-parameter --name /prod/analytics/dbt-cloud/git-sha --type String --value 5af10b57b719381b80b3d15cb28a804fdcb93278
