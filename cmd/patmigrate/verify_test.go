package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
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

	code, out, stderr := runCmd(t, "", "verify", "--host", srv.URL, "--format", "json", saved, dir)
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
	code, out, _ = runCmd(t, "", "verify", "--host", srv.URL, saved, dir)
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
	code, out, stderr := runCmd(t, "", "verify", "--host", srv.URL, saved, dir)
	if code != exitOK || !strings.Contains(out, "dead") {
		t.Errorf("verify: exit %d\n%s%s", code, out, stderr)
	}
}

// TestVerifyTrustsNothingInTheReport: the report is a file anyone may have
// edited. A root outside the current folder is not read unless named
// again; a URL root is not cloned (so PATMIGRATE_GIT_TOKEN goes nowhere)
// without --allow-clone; a root inside the current folder is scanned.
func TestVerifyTrustsNothingInTheReport(t *testing.T) {
	srv := dbtcloudtest.NewServer()
	defer srv.Close()
	pat := srv.AddPAT(1, 10, "alice laptop")
	dir := t.TempDir()
	write(t, filepath.Join(dir, ".env"), "DBT_CLOUD_ACCOUNT_ID=1\nDBT_CLOUD_TOKEN="+pat+"\n")
	saved := filepath.Join(t.TempDir(), "report.json")
	if code, _, stderr := runCmd(t, "", "scan", "--format", "json", "--output", saved, dir); code != exitFindings {
		t.Fatalf("scan: exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	var gitHits atomic.Int32
	git := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gitHits.Add(1)
		http.Error(w, "no", http.StatusUnauthorized)
	}))
	defer git.Close()
	t.Setenv("PATMIGRATE_GIT_TOKEN", "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB")
	edited := func(root string) string {
		quoted, _ := json.Marshal(dir)
		with, _ := json.Marshal(root)
		p := filepath.Join(t.TempDir(), "edited.json")
		write(t, p, strings.ReplaceAll(string(data), `"root": `+string(quoted), `"root": `+string(with)))
		return p
	}
	for _, tt := range []struct {
		name, root string
		extra      []string
		reason     string
	}{
		{"a root outside the current folder", "/etc", nil, "outside the current folder"},
		{"the scanned folder, not named again", dir, nil, "outside the current folder"},
		{"a URL", git.URL + "/acme/data.git", nil, "only with --allow-clone"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := runCmd(t, "", append([]string{"verify", "--host", srv.URL, edited(tt.root)}, tt.extra...)...)
			if code != exitIncomplete || !strings.Contains(out, tt.reason) {
				t.Errorf("exit %d, want %d, and %q in:\n%s%s", code, exitIncomplete, tt.reason, out, stderr)
			}
		})
	}
	if n := gitHits.Load(); n != 0 {
		t.Errorf("the git server was asked %d times", n)
	}
	// Inside the current folder, the report's own root is scanned again.
	t.Chdir(dir)
	if code, out, stderr := runCmd(t, "", "verify", "--host", srv.URL, edited(".")); code != exitFindings || !strings.Contains(out, "live") {
		t.Errorf("a root in the current folder: exit %d\n%s%s", code, out, stderr)
	}
}
