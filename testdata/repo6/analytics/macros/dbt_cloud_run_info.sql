{# Stamp models with the dbt Cloud run context. Values are set by dbt Cloud in every run. #}
{% macro dbt_cloud_run_info() %}
    '{{ env_var("DBT_CLOUD_RUN_ID", "local") }}' as dbt_cloud_run_id,
    '{{ env_var("DBT_CLOUD_JOB_ID", "0") }}' as dbt_cloud_job_id,
    '{{ env_var("DBT_CLOUD_GIT_SHA", "6ecf47750600d6efd40e3659f30c2480041f7573") }}' as dbt_cloud_git_sha
{% endmacro %}
