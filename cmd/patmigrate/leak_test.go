package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/patmigrate/patmigrate/dbtcloud/dbtcloudtest"
)

// The credentials the leak tests hide, in the shapes a key takes.
const (
	leakToken = "dbtc_LEAKleakLEAKleak0123456789abcdefghijABCDEFGHIJ0123"
	leakKey   = "4f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1b"
)

// noLeak fails when any output of a run holds one of secrets whole.
func noLeak(t *testing.T, what string, outputs []string, secrets ...string) {
	t.Helper()
	for _, o := range outputs {
		for _, s := range secrets {
			if i := strings.Index(o, s); i >= 0 {
				t.Errorf("%s: a whole secret in the output: …%s…", what, o[max(0, i-60):i])
			}
		}
	}
}

// TestNoWholeSecretLeaves feeds a credential to each path the issue named
// (an argument, a folder name, a rule file, a URL that does not parse, an
// edited report, a server that echoes a request) and greps every output:
// standard output, standard error and every report file.
func TestNoWholeSecretLeaves(t *testing.T) {
	repo := t.TempDir()
	write(t, filepath.Join(repo, leakToken, "ci.env"), "DBT_CLOUD_API_KEY="+leakKey+"\nDBT_CLOUD_SERVICE_TOKEN="+leakToken+"\n")
	out := t.TempDir()
	var files []string
	allFormats := func() []string {
		var args []string
		for _, f := range []string{"json", "sarif", "junit", "markdown", "github", "short"} {
			p := filepath.Join(out, "r."+f)
			files = append(files, p)
			args = append(args, "-f", f, "-o", p)
		}
		return append(args, "-f", "text")
	}
	read := func() []string {
		var s []string
		for _, p := range files {
			data, _ := os.ReadFile(p)
			s = append(s, string(data))
		}
		return s
	}
	t.Run("a scan of a folder named by a token, every format", func(t *testing.T) {
		_, stdout, stderr := runCmd(t, "", append(append([]string{"scan"}, allFormats()...), repo)...)
		noLeak(t, "scan", append(read(), stdout, stderr), leakToken, leakKey)
	})
	t.Run("--since a key", func(t *testing.T) {
		for _, rev := range []string{leakKey, leakToken} {
			_, stdout, stderr := runCmd(t, "", "scan", "--since", rev, repo)
			noLeak(t, "--since", []string{stdout, stderr}, rev)
		}
	})
	t.Run("a rule file holding a token", func(t *testing.T) {
		rules := filepath.Join(t.TempDir(), "rules.yaml")
		write(t, rules, "version: 1\nrules:\n  - id: "+leakToken+"\n    kind: legacy-user-key\n    keywords: [acme]\n    pattern: 'acme=(?P<secret>[0-9a-f]{40})'\n    remediation: "+leakToken+"\n    examples:\n      match: ['acme="+leakKey+" "+leakToken+"x']\n      nomatch: ['acme']\n")
		_, stdout, stderr := runCmd(t, "", "scan", "--rules", rules, repo)
		noLeak(t, "--rules", []string{stdout, stderr}, leakToken, leakKey)
		_, stdout, stderr = runCmd(t, "", "rules", "test", rules)
		noLeak(t, "rules test", []string{stdout, stderr}, leakToken, leakKey)
	})
	t.Run("URLs that do not parse", func(t *testing.T) {
		for _, u := range []string{"https://user:" + leakToken + "@127.0.0.1:1/re%zzpo.git", "http://" + leakToken + "@[::1:1/x", "HTTPS://x:" + leakToken + "@127.0.0.1:1/a.git"} {
			_, stdout, stderr := runCmd(t, "", "scan", u)
			noLeak(t, u[:8], []string{stdout, stderr}, leakToken)
		}
	})
	t.Run("report re-renders an edited report", func(t *testing.T) {
		saved := filepath.Join(t.TempDir(), "r.json")
		if code, _, stderr := runCmd(t, "", "scan", "-f", "json", "-o", saved, repo); code != exitFindings {
			t.Fatalf("scan: exit %d %s", code, stderr)
		}
		var rep map[string]any
		data, _ := os.ReadFile(saved)
		if err := json.Unmarshal(data, &rep); err != nil {
			t.Fatal(err)
		}
		for _, f := range rep["findings"].([]any) {
			m := f.(map[string]any)
			for _, k := range []string{"message", "remediation", "path", "usage", "author", "host", "rule", "root", "snippet", "secret", "account_id"} {
				m[k] = "edited " + leakToken + " " + leakKey + " https://u:" + leakKey + "@h/x"
			}
		}
		rep["errors"] = []any{map[string]any{"root": leakToken, "path": leakKey, "error": leakToken}}
		edited, _ := json.Marshal(rep)
		p := filepath.Join(t.TempDir(), "edited.json")
		write(t, p, string(edited))
		files = nil
		_, stdout, stderr := runCmd(t, "", append(append([]string{"report"}, allFormats()...), p)...)
		noLeak(t, "report", append(read(), stdout, stderr), leakToken, leakKey)
	})
	t.Run("a dbt server that echoes an earlier request's token", func(t *testing.T) {
		srv := dbtcloudtest.NewServer()
		defer srv.Close()
		pat := srv.AddPAT(1, 10, "alice laptop")
		dir := t.TempDir()
		write(t, filepath.Join(dir, ".env"), "DBT_CLOUD_ACCOUNT_ID=1\nDBT_CLOUD_TOKEN="+pat+"\nDBT_CLOUD_API_KEY="+leakKey+"\n")
		saved := filepath.Join(t.TempDir(), "r.json")
		runCmd(t, "", "scan", "-f", "json", "-o", saved, dir)
		var mu sync.Mutex
		var seen []string
		echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			seen = append(seen, r.Header.Get("Authorization"))
			said := strings.Join(seen, " ")
			mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest) // not retried
			json.NewEncoder(w).Encode(map[string]any{"status": map[string]any{"code": 400, "is_success": false, "user_message": "you sent " + said}})
		}))
		defer echo.Close()
		_, stdout, stderr := runCmd(t, "", "verify", "--host", echo.URL, "-j", "1", saved, dir)
		noLeak(t, "verify", []string{stdout, stderr}, pat, leakKey)
		if len(seen) < 2 {
			t.Errorf("the server saw %d requests, want one per credential", len(seen))
		}
	})
}
