// The matrix uses Linux's *at system calls to build a tree deeper than
// a path can name.

//go:build linux

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestBadInput is the matrix of inputs a user does not control, each with
// its exit status and what the message must name (TESTING.md lists the
// rest of the matrix and where each case is tested).
func TestBadInput(t *testing.T) {
	const key = "3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a"
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string) []string // the arguments
		code  int
		want  string // in stdout+stderr
	}{
		{"a 2 GB sparse file is skipped, not read", func(t *testing.T, dir string) []string {
			f, err := os.Create(filepath.Join(dir, "big.env"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := f.Truncate(2 << 30); err != nil {
				t.Skipf("sparse file: %v", err)
			}
			return []string{"scan", "--format", "json", dir}
		}, 0, `"too_large": 1`},
		{"a 50 MB single line is scanned whole", func(t *testing.T, dir string) []string {
			line := strings.Repeat("a", 50<<20) + " DBT_CLOUD_API_KEY=" + key
			write(t, filepath.Join(dir, "one.env"), line)
			return []string{"scan", "--max-file-size", "0", "--format", "json", dir}
		}, 1, `"kind": "legacy-user-key"`},
		{"10,000 nested folders: what cannot be opened is reported", func(t *testing.T, dir string) []string {
			nest(t, dir, 10000)
			return []string{"scan", "--format", "json", dir}
		}, 3, `"errors": [`},
		{"a HEAD that points nowhere", func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, ".git", "HEAD"), "0123456789abcdef0123456789abcdef01234567\n")
			for _, d := range []string{"objects", "refs/heads"} {
				if err := os.MkdirAll(filepath.Join(dir, ".git", d), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			return []string{"scan", "--history", dir}
		}, 3, "HEAD"},
		{"a malformed baseline", func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "baseline.json"), "{not json")
			return []string{"scan", "--baseline", filepath.Join(dir, "baseline.json"), dir}
		}, 2, "baseline"},
		{"a baseline of another schema", func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "baseline.json"), `{"schema": "something/v9"}`)
			return []string{"scan", "--baseline", filepath.Join(dir, "baseline.json"), dir}
		}, 2, "something/v9"},
		{"a malformed plan", func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "plan.yaml"), "accounts: [\n")
			return []string{"apply", filepath.Join(dir, "plan.yaml")}
		}, 2, "plan.yaml"},
		{"a rule file that is not YAML", func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "r.yaml"), "rules: [\n")
			return []string{"scan", "--rules", filepath.Join(dir, "r.yaml"), dir}
		}, 2, "r.yaml"},
		{"a rule with a bad regex", func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "r.yaml"), "version: 1\nrules:\n  - id: x\n    kind: legacy-user-key\n    keywords: [dbt]\n"+
				"    pattern: '(?P<secret>[0-9a-f'\n    remediation: r\n    examples: {match: [a], nomatch: [b]}\n")
			return []string{"scan", "--rules", filepath.Join(dir, "r.yaml"), dir}
		}, 2, "r.yaml:6"},
		{"a rule without examples", func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "r.yaml"), "version: 1\nrules:\n  - id: x\n    kind: legacy-user-key\n    keywords: [dbt]\n"+
				"    pattern: '(?P<secret>[0-9a-f]{40})'\n    remediation: r\n")
			return []string{"scan", "--rules", filepath.Join(dir, "r.yaml"), dir}
		}, 2, "examples"},
		{"a duplicate rule id", func(t *testing.T, dir string) []string {
			rule := "  - id: x\n    disabled: true\n"
			write(t, filepath.Join(dir, "r.yaml"), "version: 1\nrules:\n"+rule+rule)
			return []string{"scan", "--rules", filepath.Join(dir, "r.yaml"), dir}
		}, 2, "duplicate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			args := tt.setup(t, dir)
			code, out, errOut := runCmd(t, "", args...)
			if code != tt.code || !strings.Contains(out+errOut, tt.want) {
				t.Errorf("exit %d, want %d with %q in the output:\n%.2000s\n%s", code, tt.code, tt.want, out, errOut)
			}
			if tt.code == 0 || tt.code == 1 || tt.code == 3 {
				if strings.HasPrefix(strings.TrimSpace(out), "{") && !json.Valid([]byte(out)) {
					t.Errorf("the JSON report does not parse")
				}
			}
		})
	}
}

// nest makes depth folders inside one another under dir, a key at the
// bottom, with paths relative to open folders: the whole path is longer
// than the system lets one name.
func nest(t *testing.T, dir string, depth int) {
	t.Helper()
	fd, err := syscall.Open(dir, syscall.O_RDONLY|syscall.O_DIRECTORY, 0)
	if err != nil {
		t.Fatal(err)
	}
	for range depth {
		if err := syscall.Mkdirat(fd, "d", 0o755); err != nil {
			t.Fatal(err)
		}
		next, err := syscall.Openat(fd, "d", syscall.O_RDONLY|syscall.O_DIRECTORY, 0)
		syscall.Close(fd)
		if err != nil {
			t.Fatal(err)
		}
		fd = next
	}
	defer syscall.Close(fd)
	f, err := syscall.Openat(fd, "k.env", syscall.O_CREAT|syscall.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = syscall.Write(f, []byte("DBT_CLOUD_API_KEY=3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a\n"))
	syscall.Close(f)
}
