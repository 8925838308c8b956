package audit_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/patmigrate/patmigrate/audit"
	"github.com/patmigrate/patmigrate/rules"
	"github.com/patmigrate/patmigrate/scanner"
)

const key = "3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a"

// repo builds a repository with one commit per map of files and returns
// its folder and the commits' hashes.
func repo(t *testing.T, commits ...map[string]string) (string, []string) {
	t.Helper()
	dir := t.TempDir()
	r, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	wt, err := r.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	when := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var hashes []string
	for i, files := range commits {
		for name, content := range files {
			p := filepath.Join(dir, name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := wt.Add(name); err != nil {
				t.Fatal(err)
			}
		}
		when = when.Add(time.Minute)
		sig := &object.Signature{Name: "dev", Email: "dev@example.com", When: when}
		h, err := wt.Commit("c"+string(rune('0'+i)), &git.CommitOptions{Author: sig, Committer: sig, AllowEmptyCommits: true})
		if err != nil {
			t.Fatal(err)
		}
		hashes = append(hashes, h.String())
	}
	return dir, hashes
}

// TestSuppressionsFromTheBase is the pull request that adds a key and,
// in the same change, what would silence it: with --since the key is
// reported and so is the suppression, unless the caller trusts the head.
// A suppression already at the base keeps working.
func TestSuppressionsFromTheBase(t *testing.T) {
	fp := scanner.Fingerprint("legacy-key-env", "ci/.env", key)
	keyLine := "DBT_CLOUD_API_KEY=" + key + "\n"
	tests := []struct {
		name       string
		base, head map[string]string
		// want: is the key reported, and how many suppression-added
		// findings, without and with --trust-suppressions-from-head.
		key, trustedKey bool
		added           int
	}{
		{"a rule file that disables the rule",
			map[string]string{"README.md": "# x\n"},
			map[string]string{"ci/.env": keyLine, ".patmigrate.yaml": "version: 1\nrules:\n  - id: legacy-key-env\n    disabled: true\n"},
			true, false, 1},
		{"an ignore entry",
			map[string]string{"README.md": "# x\n"},
			map[string]string{"ci/.env": keyLine, ".patmigrateignore": fp + " # test key\n"},
			true, false, 1},
		{"an inline ignore",
			map[string]string{"README.md": "# x\n"},
			map[string]string{"ci/.env": "DBT_CLOUD_API_KEY=" + key + " # patmigrate:ignore\n"},
			true, false, 1},
		{"an inline ignore already at the base",
			map[string]string{"ci/.env": "DBT_CLOUD_API_KEY=" + key + " # patmigrate:ignore\n"},
			map[string]string{"ci/.env": "DBT_CLOUD_API_KEY=" + key + " # patmigrate:ignore\nRUN=2\n"},
			false, false, 0},
		{"an ignore entry already at the base",
			map[string]string{".patmigrateignore": fp + " # accepted\n"},
			map[string]string{"ci/.env": keyLine},
			false, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, commits := repo(t, tt.base, tt.head)
			for _, trust := range []bool{false, true} {
				out, err := audit.Run(context.Background(), []string{dir}, audit.Options{Since: commits[0], TrustSuppressionsFromHead: trust})
				if err != nil {
					t.Fatal(err)
				}
				var keys, added int
				for _, f := range out[0].Result.Findings {
					switch f.Kind {
					case rules.LegacyUserKey:
						keys++
					case rules.SuppressionAdded:
						added++
						if f.Severity != rules.High || f.Message == "" || slices.Contains([]string{"", "."}, f.Path) {
							t.Errorf("suppression-added finding: %+v", f)
						}
					}
				}
				wantKey, wantAdded := tt.key, tt.added
				if trust {
					wantKey, wantAdded = tt.trustedKey, 0
				}
				if (keys > 0) != wantKey || added != wantAdded {
					t.Errorf("trust=%v: %d key findings, %d suppression-added; want key %v, %d added", trust, keys, added, wantKey, wantAdded)
				}
			}
		})
	}
}
