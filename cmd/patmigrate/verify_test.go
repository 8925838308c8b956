package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/patmigrate/patmigrate/dbtcloud/dbtcloudtest"
)

func TestVerify(t *testing.T) {
	srv := dbtcloudtest.NewServer()
	defer srv.Close()
	pat := srv.AddPAT(1, 10, "alice laptop")
	legacy := "3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a"
	srv.AddLegacyKey(legacy)

	dir := t.TempDir()
	write(t, filepath.Join(dir, ".env"), "DBT_CLOUD_ACCOUNT_ID=1\nDBT_CLOUD_API_KEY="+legacy+"\n")
	write(t, filepath.Join(dir, "profiles", "dbt_cloud.yml"), "version: \"1\"\ncontext:\n  active-project: \"7\"\nprojects:\n  - project-id: \"7\"\n    account-id: \"1\"\n    account-host: \"cloud.getdbt.com\"\n    token-name: laptop\n    token-value: \""+pat+"\"\n")
	saved := filepath.Join(t.TempDir(), "report.json")
	if code, _, stderr := runCmd(t, "", "scan", "--format", "json", "--output", saved, dir); code != exitFindings {
		t.Fatalf("scan: exit %d: %s", code, stderr)
	}

	code, out, stderr := runCmd(t, "", "verify", "--host", srv.URL, "--format", "json", saved)
	if code != exitFindings {
		t.Errorf("verify: exit %d, want %d (a live PAT): %s", code, exitFindings, stderr)
	}
	var got struct{ Credentials []verified }
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("verify --format json: %v\n%s", err, out)
	}
	verdicts := map[string]string{}
	for _, c := range got.Credentials {
		verdicts[string(c.Kind)] = string(c.Verdict)
	}
	want := map[string]string{"pat-exposed": "live", "legacy-user-key": "dead"}
	for k, v := range want {
		if verdicts[k] != v {
			t.Errorf("%s: %q, want %q (all: %v)", k, verdicts[k], v, verdicts)
		}
	}
	if len(got.Credentials) == 0 || got.Credentials[0].Verdict != "live" {
		t.Errorf("live credentials do not come first: %+v", got.Credentials)
	}
	for _, s := range []string{pat, legacy} {
		if strings.Contains(out+stderr, s) {
			t.Errorf("verify printed a whole secret:\n%s%s", out, stderr)
		}
	}

	// A report whose secrets are gone from disk cannot be verified.
	write(t, filepath.Join(dir, ".env"), "")
	write(t, filepath.Join(dir, "profiles", "dbt_cloud.yml"), "")
	calls := len(srv.Calls())
	code, out, _ = runCmd(t, "", "verify", "--host", srv.URL, saved)
	if code != exitIncomplete || !strings.Contains(out, "no longer in") {
		t.Errorf("secrets gone: exit %d\n%s", code, out)
	}
	if len(srv.Calls()) != calls {
		t.Errorf("verify asked about credentials it could not recover")
	}

	if code, _, stderr := runCmd(t, "", "verify", "--format", "xml", saved); code != exitUsage || !strings.Contains(stderr, "--format") {
		t.Errorf("bad --format: exit %d: %s", code, stderr)
	}
}

// A key only the target's own .patmigrate.yaml finds is recovered too.
func TestVerifyUsesTheTargetsRules(t *testing.T) {
	srv := dbtcloudtest.NewServer()
	defer srv.Close()
	key := "0123456789abcdef0123456789abcdef01234567"
	srv.AddLegacyKey(key)
	dir := t.TempDir()
	write(t, filepath.Join(dir, ".patmigrate.yaml"), `version: 1
rules:
  - id: acme-key
    kind: legacy-user-key
    keywords: [acme_key]
    pattern: 'acme_key=(?P<secret>[0-9a-f]{40})'
    remediation: Replace it.
    examples:
      match: ['acme_key=0123456789abcdef0123456789abcdef01234567']
      nomatch: ['acme_key=none']
`)
	write(t, filepath.Join(dir, "settings.ini"), "acme_key="+key+"\n")
	saved := filepath.Join(t.TempDir(), "report.json")
	runCmd(t, "", "scan", "--format", "json", "--output", saved, dir)
	code, out, stderr := runCmd(t, "", "verify", "--host", srv.URL, saved)
	if code != exitOK || !strings.Contains(out, "dead") {
		t.Errorf("verify: exit %d\n%s%s", code, out, stderr)
	}
}
