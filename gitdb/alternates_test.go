package gitdb

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// TestAlternates builds the layouts git clone --shared and --reference
// make (a repository whose objects are another's, named in
// objects/info/alternates) and reads a borrowed commit's blob through each:
// an absolute path, a relative one, alternates of alternates, and
// GIT_ALTERNATE_OBJECT_DIRECTORIES. A missing alternate is an error that
// names it.
func TestAlternates(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "src")
	r, err := git.PlainInit(src, false)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, src, ".env", []byte("DBT_CLOUD_API_KEY=3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a\n"))
	wt, _ := r.Worktree()
	if _, err := wt.Add(".env"); err != nil {
		t.Fatal(err)
	}
	sig := &object.Signature{Name: "a", Email: "a@example.com", When: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	head, err := wt.Commit("c", &git.CommitOptions{Author: sig})
	if err != nil {
		t.Fatal(err)
	}
	commit, _ := r.CommitObject(head)
	file, err := commit.File(".env")
	if err != nil {
		t.Fatal(err)
	}
	srcObjects := filepath.Join(src, ".git", "objects")

	// borrower makes a repository whose only objects are its alternates'.
	borrower := func(name, alternates string) string {
		dir := filepath.Join(root, name)
		b, err := git.PlainInit(dir, false)
		if err != nil {
			t.Fatal(err)
		}
		if alternates != "" {
			writeFile(t, filepath.Join(dir, ".git", "objects", "info"), "alternates", []byte(alternates+"\n"))
		}
		if err := b.Storer.SetReference(plumbing.NewHashReference("refs/heads/master", head)); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	shared := borrower("shared", srcObjects)
	tests := []struct {
		name, dir, env string
	}{
		{"absolute", shared, ""},
		{"relative", borrower("relative", filepath.Join("..", "..", "..", "src", ".git", "objects")), ""},
		{"alternates of alternates", borrower("chained", filepath.Join(shared, ".git", "objects")), ""},
		{"GIT_ALTERNATE_OBJECT_DIRECTORIES", borrower("env", ""), srcObjects},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("GIT_ALTERNATE_OBJECT_DIRECTORIES", tt.env)
			g, err := Open(tt.dir)
			if err != nil {
				t.Fatal(err)
			}
			defer g.Close()
			if _, err := g.repo.CommitObject(head); err != nil {
				t.Fatalf("the borrowed commit: %v", err)
			}
			_, data, err := g.ReadBlob(file.Hash, 0, nil)
			if err != nil || !strings.Contains(string(data), "DBT_CLOUD_API_KEY") {
				t.Errorf("the borrowed blob: %q, %v", data, err)
			}
		})
	}
	t.Run("a missing alternate", func(t *testing.T) {
		dir := borrower("missing", filepath.Join(root, "gone", ".git", "objects"))
		if _, err := Open(dir); err == nil || !strings.Contains(err.Error(), "does not exist") {
			t.Errorf("Open: %v", err)
		}
	})
	if err := os.RemoveAll(filepath.Join(root, "gone")); err != nil {
		t.Fatal(err)
	}
}

// TestReadOnlyExtensions: a repository with extensions that change nothing
// for a reader (a sparse checkout's worktreeConfig, preciousObjects,
// partialClone) opens; an unknown one is an error that names it and says
// what to do.
func TestReadOnlyExtensions(t *testing.T) {
	for _, tt := range []struct {
		ext  string
		want string // "" opens
	}{
		{"worktreeConfig = true", ""},
		{"preciousObjects = true", ""},
		{"partialClone = origin", ""},
		{"frobnicate = true", "frobnicate"},
	} {
		t.Run(tt.ext, func(t *testing.T) {
			dir := t.TempDir()
			r, err := git.PlainInit(dir, false)
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, dir, "a.txt", []byte("a\n"))
			wt, _ := r.Worktree()
			wt.Add("a.txt")
			sig := &object.Signature{Name: "a", Email: "a@example.com", When: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
			head, err := wt.Commit("c", &git.CommitOptions{Author: sig})
			if err != nil {
				t.Fatal(err)
			}
			cfg := filepath.Join(dir, ".git", "config")
			data, _ := os.ReadFile(cfg)
			data = []byte(strings.Replace(string(data), "[core]\n", "[core]\n\trepositoryformatversion = 1\n", 1) + "[extensions]\n\t" + tt.ext + "\n")
			if err := os.WriteFile(cfg, data, 0o644); err != nil {
				t.Fatal(err)
			}
			g, err := Open(dir)
			if tt.want != "" {
				if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "scan a clone made without") {
					t.Errorf("Open: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer g.Close()
			if _, err := g.repo.CommitObject(head); err != nil {
				t.Error(err)
			}
			if top, _, err := Locate(dir); err != nil || top == "" {
				t.Errorf("Locate: %q, %v", top, err)
			}
		})
	}
}
