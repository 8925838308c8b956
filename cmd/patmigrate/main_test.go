package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/patmigrate/patmigrate/internal/golden"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// runCmd runs one command line against in-memory streams.
func runCmd(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	s := &streams{In: strings.NewReader(stdin), Out: &out, ErrOut: &errOut}
	code = run(context.Background(), s, args)
	return code, out.String(), errOut.String()
}

func TestExitCodes(t *testing.T) {
	clean := t.TempDir()
	write(t, filepath.Join(clean, "dbt_project.yml"), "name: jaffle_shop\n")
	refOnly := t.TempDir()
	write(t, filepath.Join(refOnly, "ci.yml"), "env:\n  DBT_CLOUD_API_KEY: ${{ secrets.DBT_CLOUD_API_KEY }}\n")
	badRules := filepath.Join(t.TempDir(), "rules.yaml")
	write(t, badRules, "version: 1\nrules:\n  - id: x-y\n    kind: nope\n")
	failingExample := filepath.Join(t.TempDir(), "rules.yaml")
	write(t, failingExample, `version: 1
rules:
  - id: acme-key
    kind: legacy-user-key
    keywords: [acme_]
    pattern: 'acme_key=(?P<secret>[0-9a-f]{40})'
    remediation: Replace it.
    examples:
      match: ['acme_key=nothex']
      nomatch: ['acme_key=none']
`)
	if err := os.Mkdir(filepath.Join(clean, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	linked := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(clean, linked); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		stdin string
		args  []string
		want  int
		inErr string
	}{
		{"clean", "", []string{"scan", clean}, exitOK, ""},
		{"legacy keys", "", []string{"scan", "../../testdata/example"}, exitFindings, ""},
		{"fail-on none", "", []string{"scan", "--fail-on", "none", "../../testdata/example"}, exitOK, ""},
		{"fail-on critical with only a reference", "", []string{"scan", "--fail-on", "critical", refOnly}, exitOK, ""},
		{"fail-on info with a reference", "", []string{"scan", "--fail-on", "info", refOnly}, exitFindings, ""},
		{"stdin", "DBT_CLOUD_API_KEY=3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a\n", []string{"scan", "-"}, exitFindings, ""},
		{"stdin twice", "", []string{"scan", "-", "-"}, exitUsage, "standard input (-) can be scanned once"},
		{"unknown flag", "", []string{"scan", "--nope"}, exitUsage, "unknown flag: --nope"},
		{"unknown command", "", []string{"scna"}, exitUsage, `unknown command "scna"`},
		{"bad format", "", []string{"scan", "-f", "xml", clean}, exitUsage, `--format: unknown format "xml"`},
		{"bad fail-on", "", []string{"scan", "--fail-on", "urgent", clean}, exitUsage, "--fail-on: unknown severity"},
		{"bad size", "", []string{"scan", "--max-file-size", "ten", clean}, exitUsage, "--max-file-size: invalid size"},
		{"bad glob", "", []string{"scan", "--exclude", "[", clean}, exitUsage, "--exclude: glob"},
		{"missing target", "", []string{"scan", filepath.Join(clean, "nope")}, exitUsage, "no such file or directory"},
		{"bad rules file", "", []string{"scan", "--rules", badRules, clean}, exitUsage, badRules + `:4:11: rule "x-y": unknown kind "nope"`},
		{"rule failing its example", "", []string{"scan", "--rules", failingExample, clean}, exitUsage, `rule "acme-key": match example does not match`},
		{"rules test fails", "", []string{"rules", "test", failingExample}, exitFindings, "match example does not match"},
		{"rules test default", "", []string{"rules", "test"}, exitOK, ""},
		{"report of a missing file", "", []string{"report", filepath.Join(clean, "nope.json")}, exitUsage, "nope.json"},
		{"output into a missing folder", "", []string{"scan", "-o", filepath.Join(clean, "no", "r.json"), clean}, exitUsage, "does not exist"},
		{"negative jobs", "", []string{"scan", "-j", "-1", clean}, exitUsage, "--jobs: -1 is negative"},
		{"too many jobs", "", []string{"scan", "-j", "2147483647", clean}, exitOK, "--jobs 2147483647 is more than 256; using 256"},
		{"two outputs, one file", "", []string{"scan", "-f", "json", "-o", filepath.Join(clean, "y.json"), "-f", "sarif", "-o", filepath.Join(clean, ".", "sub", "..", "y.json"), clean}, exitUsage, "are one file"},
		{"output through a link to another", "", []string{"scan", "-f", "json", "-o", filepath.Join(clean, "y.json"), "-f", "sarif", "-o", filepath.Join(linked, "y.json"), clean}, exitUsage, "are one file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCmd(t, tt.stdin, tt.args...)
			if code != tt.want {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.want, stderr)
			}
			if !strings.Contains(stderr, tt.inErr) {
				t.Errorf("stderr %q does not contain %q", stderr, tt.inErr)
			}
		})
	}
}

// TestScanJSONGolden runs the whole pipeline over testdata/example; the
// same file is the input of report's renderer goldens.
func TestScanJSONGolden(t *testing.T) {
	code, out, stderr := runCmd(t, "", "scan", "--format", "json", "../../testdata/example")
	if code != exitFindings {
		t.Fatalf("exit %d; stderr: %s", code, stderr)
	}
	out = strings.Replace(out, `"version": "`+version()+`"`, `"version": "test"`, 1)
	out = strings.ReplaceAll(out, `"root": "../../testdata/example"`, `"root": "testdata/example"`)
	out = regexp.MustCompile(`(?m)^  "duration_ms": \d+,?\n`).ReplaceAllString(out, "")
	out = strings.Replace(out, "],\n}", "]\n}", 1)
	golden.Check(t, "../../testdata/json/example.golden", []byte(out), *update)
}

func TestOutputFile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "report.md")
	code, stdout, _ := runCmd(t, "", "scan", "--format", "markdown", "--output", out, "../../testdata/example")
	if code != exitFindings || stdout != "" {
		t.Fatalf("exit %d, stdout %q", code, stdout)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("# dbt Cloud credential migration checklist")) {
		t.Errorf("report.md starts %q", data[:min(len(data), 60)])
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	// A saved JSON report renders again.
	js := filepath.Join(dir, "r.json")
	runCmd(t, "", "scan", "--format", "json", "-o", js, "../../testdata/example")
	code, stdout, stderr := runCmd(t, "", "report", js, "--format", "markdown")
	if code != exitOK || !strings.Contains(stdout, "- [ ]") {
		t.Errorf("report: exit %d, stderr %s\n%s", code, stderr, stdout)
	}
}

func TestQuiet(t *testing.T) {
	code, stdout, stderr := runCmd(t, "", "scan", "--quiet", "../../testdata/example")
	if code != exitFindings || stdout != "" || stderr != "" {
		t.Errorf("quiet: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestShowSecrets(t *testing.T) {
	const key = "3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a"
	in := "DBT_CLOUD_API_KEY=" + key + "\n"
	for _, format := range []string{"text", "markdown", "json"} {
		_, out, errOut := runCmd(t, in, "scan", "--format", format, "-")
		if strings.Contains(out+errOut, key) {
			t.Errorf("%s output holds the whole key without --show-secrets", format)
		}
		_, out, _ = runCmd(t, in, "scan", "--format", format, "--show-secrets", "-")
		if !strings.Contains(out, key) {
			t.Errorf("%s output lacks the key with --show-secrets", format)
		}
	}
}

func TestTargetConfig(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, ".env"), "DBT_CLOUD_API_KEY=3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a\n")
	write(t, filepath.Join(dir, ".patmigrate.yaml"), "version: 1\nrules:\n  - id: legacy-key-env\n    severity: warning\n")
	code, out, stderr := runCmd(t, "", "scan", "--format", "json", dir)
	if code != exitOK {
		t.Fatalf("exit %d (severity override not applied?); stderr %s", code, stderr)
	}
	if !strings.Contains(out, `"severity": "warning"`) {
		t.Errorf("finding not downgraded:\n%s", out)
	}
	if !strings.Contains(stderr, ".patmigrate.yaml changes rules: legacy-key-env") {
		t.Errorf("no warning that the target changes rules; stderr: %q", stderr)
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true}, {"1048576", 1 << 20, true}, {"10MiB", 10 << 20, true}, {"10MB", 10 << 20, true},
		{"512k", 512 << 10, true}, {"1 GiB", 1 << 30, true}, {"2g", 2 << 30, true}, {"-1", 0, false},
		{"ten", 0, false}, {"", 0, false}, {"9999999999999G", 0, false},
	}
	for _, tt := range tests {
		got, err := parseSize(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseSize(%q) = %d, %v; want %d, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestHelpHasExamples(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"scan", "--help"}, {"report", "--help"}, {"rules", "--help"},
		{"rules", "list", "--help"}, {"rules", "test", "--help"}, {"version", "--help"}} {
		code, out, _ := runCmd(t, "", args...)
		if code != exitOK || !strings.Contains(out, "Examples:") {
			t.Errorf("%v: exit %d, no Examples section:\n%s", args, code, out)
		}
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestHostileNamesReachNoTerminal scans a file whose name and content hold
// terminal control sequences: the text report and the short report show
// them as escapes.
func TestHostileNamesReachNoTerminal(t *testing.T) {
	dir := t.TempDir()
	name := "ci\x1b]0;pwned\x07\x1b[2J.env"
	write(t, filepath.Join(dir, name), "DBT_CLOUD_API_KEY=3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a # \x1b[31mred\u202e\n")
	for _, format := range []string{"text", "short", "markdown", "github"} {
		code, out, errOut := runCmd(t, "", "scan", "--format", format, dir)
		if code != 1 {
			t.Fatalf("%s: exit %d, stderr %s", format, code, errOut)
		}
		if strings.ContainsAny(out+errOut, "\x1b\x07\u202e") {
			t.Errorf("%s: a control character reached the output:\n%q", format, out)
		}
		if !strings.Contains(out, `ci\x1b]0;pwned\x07\x1b[2J.env`) && format != "github" {
			t.Errorf("%s: the path is not shown escaped:\n%s", format, out)
		}
	}
}

// TestUnwritableOutputFolder: a folder that takes no new file is refused
// before the scan, not after it.
func TestUnwritableOutputFolder(t *testing.T) {
	dir := t.TempDir()
	ro := filepath.Join(dir, "ro")
	if err := os.Mkdir(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	if f, err := os.CreateTemp(ro, "probe"); err == nil {
		// Root writes into a 0555 folder; no one writes into /sys.
		f.Close()
		os.Remove(f.Name())
		if runtime.GOOS != "linux" {
			t.Skip("this user writes into a 0555 folder")
		}
		ro = "/sys"
	}
	code, _, stderr := runCmd(t, "", "scan", "-o", filepath.Join(ro, "r.json"), dir)
	if code != exitUsage || !strings.Contains(stderr, "is not writable") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
