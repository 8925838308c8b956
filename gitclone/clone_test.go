package gitclone

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// TestTempIsPrivate: a clone holds the repository's secrets on disk, so
// its folder is the user's alone (0700), and cleanup removes it. Even a
// clone left behind by SIGKILL then exposes nothing to other users.
func TestTempIsPrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX permissions")
	}
	src := t.TempDir()
	r, err := git.PlainInit(src, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, ".env"), []byte("DBT_CLOUD_API_KEY=x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	wt, err := r.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wt.Add(".env"); err != nil {
		t.Fatal(err)
	}
	sig := &object.Signature{Name: "dev", Email: "dev@example.com", When: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := wt.Commit("c", &git.CommitOptions{Author: sig}); err != nil {
		t.Fatal(err)
	}
	// Without history a remote is cloned shallow; a file:// URL, whose
	// transport cannot, in full.
	for _, history := range []bool{false, true} {
		dir, cleanup, err := Temp(context.Background(), "file://"+src, Options{History: history})
		if err != nil {
			t.Fatalf("history %v: %v", history, err)
		}
		checkClone(t, dir, cleanup)
	}
}

func checkClone(t *testing.T, dir string, cleanup func()) {
	t.Helper()
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o700 {
		t.Errorf("clone folder mode %o, want 700", perm)
	}
	if _, err := os.Stat(filepath.Join(dir, ".env")); err != nil {
		t.Errorf("the clone has no checkout: %v", err)
	}
	cleanup()
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("cleanup left %s: %v", dir, err)
	}
}

func TestDisplayURL(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"https://x-access-token:ghp_secret@github.com/acme/data.git", "https://github.com/acme/data.git"},
		{"https://user:p%40ss@host/re%zzpo.git", "https://host/re%zzpo.git"},
		{"http://tok@[::1:1/x", "http://[::1:1/x"},
		{"HTTPS://user:tok@github.com/a.git", "HTTPS://github.com/a.git"},
		{"ssh://git@github.com/a.git", "ssh://github.com/a.git"},
		{"https://github.com/a@b.git", "https://github.com/a@b.git"},
		{"https://host/path?x=a@b", "https://host/path?x=a@b"},
		{"./services", "./services"},
	} {
		if got := DisplayURL(tt.in); got != tt.want {
			t.Errorf("DisplayURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, s := range []string{"HTTPS://github.com/a.git", "File:///tmp/x", "https://h"} {
		if !IsRemote(s) {
			t.Errorf("IsRemote(%q) = false", s)
		}
	}
	if IsRemote("./https:/x") {
		t.Error("a relative path is remote")
	}
}
