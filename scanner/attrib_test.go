package scanner

import (
	"slices"
	"testing"
)

func TestUsageOf(t *testing.T) {
	tests := []struct {
		path, text, want string
	}{
		// The path decides first.
		{".github/workflows/deploy.yml", "on: push\n", "github-actions"},
		{"sub/.github/workflows/ci.yaml", "", "github-actions"},
		{".github/actions/dbt/action.yml", "", "github-actions"},
		{"action.yaml", "", "github-actions"},
		{".github/workflows/k8s.yml", "apiVersion: v1\nkind: Secret\n", "github-actions"},
		{".gitlab-ci.yml", "", "gitlab-ci"},
		{".gitlab/ci/dbt.yml", "", "gitlab-ci"},
		{".circleci/config.yml", "", "circleci"},
		{"azure-pipelines.yml", "", "azure-pipelines"},
		{"bitbucket-pipelines.yml", "", "bitbucket-pipelines"},
		{"Jenkinsfile", "", "jenkins"},
		{"dbt_cloud.yml", "", "dbt-cloud-cli"},
		{"home/.dbt/dbt_cloud.yml", "", "dbt-cloud-cli"},
		{"DBT_CLOUD.YAML", "", "dbt-cloud-cli"},
		{".mcp.json", `{"mcpServers": {}}`, "dbt-mcp"},
		{".cursor/mcp.json", "", "dbt-mcp"},
		{"notebooks/explore.ipynb", `{"cells": []}`, "notebook"},
		{"notebooks/dag.ipynb", `"from airflow import DAG"`, "notebook"},
		{"infra/main.tf", `provider "dbtcloud" {}`, "terraform"},
		{"infra/prod.tfvars", "dbt_token = \"x\"\n", "terraform"},
		{"infra/main.tf.json", "{}", "terraform"},
		{"infra/terragrunt.hcl", "", "terraform"},
		{"Pulumi.prod.yaml", "config:\n", "pulumi"},
		{"airflow_settings.yaml", "", "airflow"},

		// Then what the content is.
		{"k8s/secret.yaml", "apiVersion: v1\nkind: Secret\ndata:\n", "kubernetes"},
		{"k8s/secret.json", `{"apiVersion:": 1, "kind:": 2}`, "json"}, // YAML only
		{"dags/dbt_job.py", "from airflow import DAG\n", "airflow"},
		{"dags/hook.py", "hook = DbtCloudHook(conn_id)\n", "airflow"},
		{".env", "AIRFLOW_CONN_DBT_CLOUD_DEFAULT=dbt-cloud://1:x@\n", "airflow"},
		{"connections.yaml", "dbt:\n  conn_type: dbt_cloud\n", "airflow"},
		{"orchestration/assets.py", "from dagster import asset\n", "dagster"},
		{"flows/run.py", "from prefect import flow\n", "prefect"},
		{"recipes/dbt.yml", "source:\n  type: dbt-cloud\n", "datahub"},
		{"ingest.py", "from datahub.ingestion import pipeline\n", "datahub"},
		{"ingestion/dbt.yaml", "dbtCloudAuthToken: x\n", "openmetadata"},
		{"om.py", "from metadata.openmetadata import x\n", "openmetadata"},

		// Then the name and the extension.
		{"Dockerfile", "FROM python:3.12\n", "docker"},
		{"docker/Dockerfile.prod", "", "docker"},
		{"app.dockerfile", "", "docker"},
		{"Containerfile", "", "docker"},
		{"docker-compose.yml", "services:\n  app:\n", "docker"},
		{"docker-compose.override.yaml", "", "docker"},
		{"compose.yaml", "", "docker"},
		{".env", "DBT_CLOUD_API_KEY=x\n", "dotenv"},
		{"ci/.env.production", "", "dotenv"},
		{"prod.env", "", "dotenv"},
		{".envrc", "export X=1\n", "dotenv"},
		{"scripts/run.py", "import requests\n", "python"},
		{"scripts/run.sh", "curl ...\n", "shell"},
		{"scripts/run.bash", "", "shell"},
		{"bin/rotate", "#!/usr/bin/env bash\nset -e\n", "shell"},
		{"bin/rotate", "#!/bin/sh\n", "shell"},
		{"web/app.ts", "", "javascript"},
		{"web/index.mjs", "", "javascript"},
		{"config/settings.yml", "a: 1\n", "yaml"},
		{"data/accounts.json", "{}", "json"},
		{"README.md", "# readme\n", "docs"},
		{"docs/notes.txt", "", "docs"},
		{"models/orders.sql", "select 1\n", "sql"},
		{"Makefile", "all:\n", "other"},
		{"LICENSE", "", "other"},
		{"", "", "other"},
	}
	for _, tt := range tests {
		if got := usageOf(tt.path, attribWords.find([]byte(tt.text))); got != tt.want {
			t.Errorf("usageOf(%q, %q) = %q, want %q", tt.path, tt.text, got, tt.want)
		}
	}
}

func TestIsDigits(t *testing.T) {
	for s, want := range map[string]bool{"0": true, "12345": true, "": false, "12a": false, "-1": false, " 1": false} {
		if got := isDigits(s); got != want {
			t.Errorf("isDigits(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestWordStarts: the automaton finds attribution's words in any case and
// at every occurrence, and has() keeps a content word's own case.
func TestWordStarts(t *testing.T) {
	ws := attribWords.find([]byte("Account_ID=1 ACCOUNT=2 OPENMETADATA openmetadata dbt.com"))
	if got := ws.at["account"]; !slices.Equal(got, []int{0, 13}) {
		t.Errorf("account at %v, want [0 13]", got)
	}
	if ws.has("OpenMetadata") || !ws.has("openmetadata") {
		t.Errorf("has: OpenMetadata %v, openmetadata %v", ws.has("OpenMetadata"), ws.has("openmetadata"))
	}
	if rs := ws.near(hostWord); len(rs) != 1 || rs[0].to != len(ws.text) {
		t.Errorf("near dbt.com: %v", rs)
	}
}
