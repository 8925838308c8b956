package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/patmigrate/patmigrate/dbtcloud/dbtcloudtest"
)

// The whole walk-through of the README: scan, plan, apply (dry run, then
// for real), against the fake dbt Cloud.
func TestPlanAndApply(t *testing.T) {
	srv := dbtcloudtest.NewServer()
	defer srv.Close()
	boot := srv.AddServiceToken(1, "bootstrap", dbtcloudtest.Grant{PermissionSet: "account_admin"})
	t.Setenv("PATMIGRATE_TOKEN_1", boot)

	dir := t.TempDir()
	legacy := "3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a"
	write(t, filepath.Join(dir, ".github", "workflows", "dbt.yml"), "env:\n  DBT_CLOUD_ACCOUNT_ID: 1\n  DBT_CLOUD_API_KEY: "+legacy+"\n")
	work := t.TempDir()
	saved, plan := filepath.Join(work, "report.json"), filepath.Join(work, "plan.yaml")
	runCmd(t, "", "scan", "-f", "json", "-o", saved, dir)
	code, out, stderr := runCmd(t, "", "plan", saved, "--output", plan)
	if code != exitOK || !strings.Contains(out, "create a service token, job_runner") {
		t.Fatalf("plan: exit %d\n%s%s", code, out, stderr)
	}

	code, out, stderr = runCmd(t, "", "apply", "--host", srv.URL, plan)
	if code != exitOK || !strings.Contains(out, "would create") || !strings.Contains(stderr, "POST "+srv.URL+"/api/v3/accounts/1/service-tokens/") {
		t.Errorf("dry run: exit %d\n%s%s", code, out, stderr)
	}
	if code, _, stderr := runCmd(t, "", "apply", "--yes", "--host", srv.URL, plan); code != exitUsage || !strings.Contains(stderr, "--secrets-out") {
		t.Errorf("--yes without --secrets-out: exit %d: %s", code, stderr)
	}
	secrets := filepath.Join(work, "new.env")
	code, out, stderr = runCmd(t, "", "apply", "--yes", "--host", srv.URL, "--secrets-out", secrets, plan)
	if code != exitOK || !strings.Contains(out, "created") {
		t.Fatalf("apply --yes: exit %d\n%s%s", code, out, stderr)
	}
	data, err := os.ReadFile(secrets)
	if err != nil || !strings.Contains(string(data), "DBT_CLOUD_TOKEN_1_DBT_YML_GITHUB_ACTIONS=dbtc_") {
		t.Errorf("secrets file: %s %v", data, err)
	}
	for _, tok := range srv.ServiceTokens(1) {
		if tok.Name != "bootstrap" && (tok.Name != "patmigrate github-actions .github/workflows/dbt.yml" || tok.Grants[0].PermissionSet != "job_runner") {
			t.Errorf("created %+v", tok)
		}
	}
	if n := len(srv.ServiceTokens(1)); n != 2 {
		t.Errorf("%d service tokens in account 1, want the bootstrap and one new", n)
	}
	if !strings.Contains(stderr, "The new secrets are in") {
		t.Errorf("apply --yes does not say where the secrets are: %s", stderr)
	}
	code, out, stderr = runCmd(t, "", "apply", "--yes", "--host", srv.URL, "--secrets-out", secrets, plan)
	if code != exitOK || !strings.Contains(out, "skipped") || strings.Contains(stderr, "The new secrets are in") {
		t.Errorf("a second apply --yes: exit %d\n%s%s", code, out, stderr)
	}
	if _, err := os.Stat(plan + ".journal.json"); err != nil {
		t.Errorf("no journal: %v", err)
	}
	for _, s := range []string{boot, legacy} {
		if strings.Contains(out+stderr, s) {
			t.Errorf("apply printed a secret")
		}
	}
}
