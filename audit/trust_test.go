package audit_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/patmigrate/patmigrate/audit"
	"github.com/patmigrate/patmigrate/rules"
	"github.com/patmigrate/patmigrate/scanner"
	"github.com/patmigrate/patmigrate/source"
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

// TestGateReportsWhatItSkips: a file over the size limit is a not-scanned
// finding in a gate's scan (--staged, --since, standard input), so that a
// key padded past the limit never passes in silence; a plain scan of a
// tree only counts it.
func TestGateReportsWhatItSkips(t *testing.T) {
	big := "DBT_CLOUD_API_KEY=" + key + "\n" + strings.Repeat("#", 2000) + "\n"
	dir, commits := repo(t, map[string]string{"README.md": "# x\n"}, map[string]string{"data/dump.env": big})
	limit := source.Filter{MaxSize: 1000}
	notScanned := func(t *testing.T, o audit.Options, target string) []scanner.Finding {
		t.Helper()
		o.Filter = limit
		out, err := audit.Run(context.Background(), []string{target}, o)
		if err != nil {
			t.Fatal(err)
		}
		var fs []scanner.Finding
		for _, f := range out[0].Result.Findings {
			if f.Kind == rules.NotScanned {
				fs = append(fs, f)
			}
		}
		return fs
	}
	check := func(t *testing.T, fs []scanner.Finding, path string) {
		t.Helper()
		if len(fs) != 1 || fs[0].Path != path || fs[0].Severity != rules.Warning || !strings.Contains(fs[0].Message, "1000 bytes") {
			t.Fatalf("not-scanned findings %+v, want one for %s naming the limit", fs, path)
		}
	}
	t.Run("since", func(t *testing.T) { check(t, notScanned(t, audit.Options{Since: commits[0]}, dir), "data/dump.env") })
	t.Run("stdin", func(t *testing.T) {
		check(t, notScanned(t, audit.Options{Stdin: strings.NewReader(big)}, audit.Stdin), source.StdinPath)
	})
	t.Run("staged", func(t *testing.T) {
		if err := os.WriteFile(filepath.Join(dir, "more.env"), []byte(big), 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := git.PlainOpen(dir)
		if err != nil {
			t.Fatal(err)
		}
		wt, _ := r.Worktree()
		if _, err := wt.Add("more.env"); err != nil {
			t.Fatal(err)
		}
		check(t, notScanned(t, audit.Options{Staged: true}, dir), "more.env")
	})
	t.Run("worktree", func(t *testing.T) {
		if fs := notScanned(t, audit.Options{}, dir); len(fs) != 0 {
			t.Errorf("a plain scan reported %+v", fs)
		}
	})
}
