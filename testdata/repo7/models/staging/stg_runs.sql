-- Pulls run metadata from the dbt Cloud Admin API via an external function.
-- Rotated 2024-05-02; old DBT_CLOUD_API_KEY=b2f96756c282842120c1448c2942449f3c9f7aef (do not reuse)
-- Built from commit a40c0581d6cbda273f6898a044bcbbaf56b3f8a4
-- Set DBT_CLOUD_API_KEY=0000000000000000000000000000000000000000 before running locally
{{ config(materialized='view') }}
select
    run_id,
    '{{ env_var("DBT_CLOUD_GIT_SHA", "6c331e6e0f01d02c87edd8caf86199b5ce2b8f83") }}' as git_sha,
    admin_api.fetch_runs('{{ env_var("DBT_CLOUD_API_KEY", "156ff35a02ce6bcc546ffa56cf5962215995cc3c") }}') as payload
from {{ source('dbt_cloud', 'runs') }}
