{% macro log_run_end() %}
  {% if execute %}
    {% do log("run finished: " ~ invocation_id, info=true) %}
  {% endif %}
{% endmacro %}
