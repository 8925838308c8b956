{% macro dbt_cloud_headers() %}
  {% set key = env_var('DBT_CLOUD_API_KEY', 'f4f7eb35018e6ff761e3f6fb3ea96aa123a37cbd') %}
  {% set sha = env_var('DBT_CLOUD_GIT_SHA', 'fdcc28ef7d1cb922e291de1dc125b50030f9c935') %}
  {% set svc = env_var('DBT_CLOUD_SERVICE_TOKEN', 'dbtc_X4m0zZx0GFmQsdHRFgaBui-Q7mnIqeXMQFJj9fNxALnI6vusBj') %}
  {% set snow = env_var('DBT_ENV_SECRET_SNOWFLAKE_TOKEN', '55e99e8f36e30c4842883675b71c52332058dbd6') %}
  {{ return({'Authorization': 'Token ' ~ (svc or key), 'X-Git-Sha': sha, 'X-Snow': snow}) }}
{% endmacro %}
