package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	oldKey   = "5c1e9a3b7d2f4e6a8c0b1d3f5e7a9c2b4d6f8e0a"
	newKey   = "8d1e5c3a9b7f2e4d6c8a0b1f3e5d7c9a2b4f6e8d"
	thirdKey = "3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a"
)

type jsonReport struct {
	Findings []struct {
		Path, Fingerprint, Secret string
		Line                      int
	}
	Targets []struct {
		Baselined     int64 `json:"baselined"`
		IgnoredByFile int64 `json:"ignored_by_file"`
	}
	StaleIgnores []struct{ Fingerprint string } `json:"stale_ignores"`
}

func scanJSON(t *testing.T, args ...string) (int, jsonReport, string) {
	t.Helper()
	code, out, stderr := runCmd(t, "", append([]string{"scan", "--format", "json"}, args...)...)
	var r jsonReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v: %s", err, stderr)
	}
	return code, r, stderr
}

// The round trip: a baseline hides exactly the findings it holds,
// however lines move, and never a different secret at the same place.
func TestBaselineRoundTrip(t *testing.T) {
	dir := t.TempDir()
	env := filepath.Join(dir, "ci.env")
	base := filepath.Join(t.TempDir(), "baseline.json")
	write(t, env, "DBT_CLOUD_API_KEY="+oldKey+"\n")
	if code, out, stderr := runCmd(t, "", "baseline", "create", "--output", base, dir); code != exitOK {
		t.Fatalf("baseline create: exit %d\n%s%s", code, out, stderr)
	}
	data, _ := os.ReadFile(base)
	if strings.Contains(string(data), "duration_ms") {
		t.Error("the baseline holds a timing, which would churn")
	}

	// A new key, and the old one moved down.
	write(t, env, "# ci\nDBT_TOKEN="+newKey+"\n\nDBT_CLOUD_API_KEY="+oldKey+"\n")
	code, r, _ := scanJSON(t, "--baseline", base, dir)
	if code != exitFindings || len(r.Findings) != 1 || r.Findings[0].Line != 2 || r.Targets[0].Baselined != 1 {
		t.Errorf("new key: exit %d, findings %+v, targets %+v", code, r.Findings, r.Targets)
	}

	// The new key removed again: clean.
	write(t, env, "# ci\n\nDBT_CLOUD_API_KEY="+oldKey+"\n")
	if code, r, _ := scanJSON(t, "--baseline", base, dir); code != exitOK || len(r.Findings) != 0 {
		t.Errorf("only the baselined key: exit %d, findings %+v", code, r.Findings)
	}

	// A different secret at the same place counts.
	write(t, env, "DBT_CLOUD_API_KEY="+thirdKey+"\n")
	if code, r, _ := scanJSON(t, "--baseline", base, dir); code != exitFindings || len(r.Findings) != 1 {
		t.Errorf("replaced key: exit %d, findings %+v", code, r.Findings)
	}

	// Creating the baseline again changes nothing when nothing changed.
	write(t, env, "DBT_CLOUD_API_KEY="+oldKey+"\n")
	again := filepath.Join(t.TempDir(), "again.json")
	runCmd(t, "", "baseline", "create", "--output", again, dir)
	data2, _ := os.ReadFile(again)
	if strings.ReplaceAll(string(data), base, "") != strings.ReplaceAll(string(data2), again, "") {
		t.Error("baseline create is not byte-stable")
	}
}

func TestIgnoreFile(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "ci.env"), "DBT_CLOUD_API_KEY="+oldKey+"\nDBT_TOKEN="+newKey+"\n")
	_, r, _ := scanJSON(t, dir)
	if len(r.Findings) != 2 {
		t.Fatalf("findings: %+v", r.Findings)
	}
	fp := r.Findings[0].Fingerprint
	ignore := filepath.Join(dir, ".patmigrateignore")
	if code, _, stderr := runCmd(t, "", "ignore", fp, "--reason", "test fixture", "--file", ignore); code != exitOK {
		t.Fatalf("ignore: exit %d %s", code, stderr)
	}
	if code, out, _ := runCmd(t, "", "ignore", fp, "--reason", "again", "--file", ignore); code != exitOK || !strings.Contains(out, "already ignored") {
		t.Errorf("ignoring twice: exit %d %s", code, out)
	}
	if code, _, stderr := runCmd(t, "", "ignore", fp[:10], "--reason", "x", "--file", ignore); code != exitUsage || !strings.Contains(stderr, "not a finding fingerprint") {
		t.Errorf("bad fingerprint: exit %d %s", code, stderr)
	}
	if code, _, _ := runCmd(t, "", "ignore", fp, "--file", ignore); code != exitUsage {
		t.Errorf("no reason: exit %d", code)
	}
	_, r, _ = scanJSON(t, dir)
	if len(r.Findings) != 1 || r.Findings[0].Fingerprint == fp || r.Targets[0].IgnoredByFile != 1 {
		t.Errorf("after ignore: %+v %+v", r.Findings, r.Targets)
	}

	// The ignored key is removed: its entry is stale, a warning only.
	write(t, filepath.Join(dir, "ci.env"), "DBT_TOKEN="+newKey+"\n")
	code, r, stderr := scanJSON(t, "--fail-on", "none", dir)
	if code != exitOK || len(r.StaleIgnores) != 1 || !strings.Contains(stderr, "matched nothing") {
		t.Errorf("stale: exit %d, %+v, stderr %q", code, r.StaleIgnores, stderr)
	}

	// A line without a reason is a configuration error naming the line.
	write(t, ignore, fp+"\n")
	if code, _, stderr := runCmd(t, "", "scan", dir); code != exitUsage || !strings.Contains(stderr, ".patmigrateignore:1: fingerprint "+fp+" needs a reason") {
		t.Errorf("no reason: exit %d %s", code, stderr)
	}
}

func TestSeveralFormatsFromOneScan(t *testing.T) {
	dir := t.TempDir()
	out := t.TempDir()
	js, md := filepath.Join(out, "r.json"), filepath.Join(out, "r.md")
	code, stdout, stderr := runCmd(t, "", "scan", "--format", "json", "--output", js, "--format", "markdown", "--output", md, "../../testdata/example")
	if code != exitFindings || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %s", code, stdout, stderr)
	}
	for _, f := range []string{js, md} {
		if info, err := os.Stat(f); err != nil || info.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	// One output fewer than formats: the last format goes to standard output.
	code, stdout, _ = runCmd(t, "", "scan", "--format", "json", "--output", js, "--format", "markdown", "../../testdata/example")
	if code != exitFindings || !strings.HasPrefix(stdout, "# dbt Cloud credential migration checklist") {
		t.Errorf("first to stdout: exit %d\n%s", code, stdout)
	}
	if code, _, stderr := runCmd(t, "", "scan", "--format", "json", "--output", js, "--output", md, dir); code != exitUsage || !strings.Contains(stderr, "2 outputs for 1 formats") {
		t.Errorf("more outputs than formats: exit %d %s", code, stderr)
	}
}

// A baseline of one target does not hide the same finding in another.
func TestBaselinePerTarget(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	write(t, filepath.Join(a, ".env"), "DBT_CLOUD_API_KEY="+oldKey+"\n")
	base := filepath.Join(t.TempDir(), "base.json")
	runCmd(t, "", "baseline", "create", "--output", base, a)
	write(t, filepath.Join(b, ".env"), "DBT_CLOUD_API_KEY="+oldKey+"\n")
	code, r, _ := scanJSON(t, "--baseline", base, a, b)
	if code != exitFindings || len(r.Findings) != 1 {
		t.Errorf("exit %d, findings %+v: want the second target's finding", code, r.Findings)
	}
	data, _ := os.ReadFile(base)
	if strings.Contains(string(data), `"files": 1`) {
		t.Error("the baseline holds file counts, which churn")
	}
}
