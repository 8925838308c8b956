{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if target.name == 'prod' and custom_schema_name is not none -%}
        {{ custom_schema_name | trim }}
    {%- else -%}
        {{ target.schema }}{% if custom_schema_name %}_{{ custom_schema_name | trim }}{% endif %}
    {%- endif -%}
{%- endmacro %}
