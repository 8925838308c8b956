package gitdb

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/go-git/go-git/v5"

	"github.com/patmigrate/patmigrate/internal/gittest"
)

// parseIndex must agree with go-git's decoder on an index written by git
// itself (with a cached tree, partly invalidated), and with index version 4.
// git is only a test fixture builder here.
func TestReadGitIndexAgreesWithGoGit(t *testing.T) {
	gittest.Need(t)
	for _, version := range []string{"2", "3", "4"} {
		t.Run("v"+version, func(t *testing.T) {
			dir := t.TempDir()
			run := func(args ...string) { gittest.Run(t, dir, args...) }
			run("init", "-q")
			for _, f := range []string{"a/b/c.txt", "a/d.txt", "e/f/g.txt", "e/h.txt", "top.txt", "a/b/very-long-name-to-exercise-padding.txt"} {
				p := filepath.Join(dir, f)
				os.MkdirAll(filepath.Dir(p), 0o755)
				os.WriteFile(p, []byte(f), 0o644)
			}
			run("add", "-A")
			run("commit", "-qm", "base")
			os.WriteFile(filepath.Join(dir, "a/b/c.txt"), []byte("changed"), 0o644)
			run("add", "a/b/c.txt") // invalidates a/b, a and the root in the cached tree
			run("update-index", "--index-version", version)
			data, err := os.ReadFile(filepath.Join(dir, ".git", "index"))
			if err != nil {
				t.Fatal(err)
			}
			idx, err := parseIndex(data)
			if err != nil {
				t.Fatal(err)
			}
			got, err := idx.Entries()
			if err != nil {
				t.Fatal(err)
			}
			repo, _ := git.PlainOpen(dir)
			want, err := repo.Storer.Index()
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want.Entries) {
				t.Fatalf("%d entries, go-git %d", len(got), len(want.Entries))
			}
			for i, e := range want.Entries {
				if string(got[i].Name) != e.Name || got[i].Hash != e.Hash || got[i].Mode != e.Mode {
					t.Errorf("entry %d = %s %s %v, go-git %s %s %v", i, got[i].Name, got[i].Hash, got[i].Mode, e.Name, e.Hash, e.Mode)
				}
			}
			c := idx.cache
			if version != "4" || c != nil { // git may drop the cached tree when rewriting
				if c == nil || c.entries != -1 || c.children["e"] == nil || c.children["e"].entries != 2 || c.children["a"].entries != -1 {
					t.Errorf("cached tree: %+v", c)
				}
			}
		})
	}
}
