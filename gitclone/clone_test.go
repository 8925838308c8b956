package gitclone

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
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

// TestHostileGitServer is a loopback server that answers every request 401
// with megabytes that echo the request's Authorization header: the error
// is short and holds neither the token nor the header.
func TestHostileGitServer(t *testing.T) {
	const token = "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Get("Authorization")
		w.WriteHeader(http.StatusUnauthorized)
		echo := []byte("you sent " + got + " and " + token + "\n")
		for n := 0; n < 8<<20; n += len(echo) {
			if _, err := w.Write(echo); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	_, _, err := Temp(context.Background(), srv.URL+"/acme/data.git", Options{Token: token})
	if err == nil {
		t.Fatal("clone succeeded")
	}
	if got == "" {
		t.Error("the token was not sent to a loopback http server")
	}
	basic := base64.StdEncoding.EncodeToString([]byte("x-access-token:" + token))
	msg := err.Error()
	if strings.Contains(msg, token) || strings.Contains(msg, basic) {
		t.Errorf("the error holds the credential: %.300s", msg)
	}
	if len(msg) > 2*errorBodyMax {
		t.Errorf("error of %d bytes: the body was not capped", len(msg))
	}
}

func TestSendsToken(t *testing.T) {
	for _, tt := range []struct {
		url  string
		want bool
	}{
		{"https://github.com/a.git", true},
		{"HTTPS://github.com/a.git", true},
		{"http://github.com/a.git", false},
		{"http://127.0.0.1:8080/a.git", true},
		{"http://[::1]/a.git", true},
		{"http://LOCALHOST/a.git", true},
		{"http://127.0.0.1.example.com/a.git", false},
		{"ssh://git@github.com/a.git", false},
		{"file:///tmp/a", false},
	} {
		if got := sendsToken(tt.url); got != tt.want {
			t.Errorf("sendsToken(%q) = %v", tt.url, got)
		}
	}
}

func TestNoDowngrade(t *testing.T) {
	req := func(u string) *http.Request {
		r, err := http.NewRequest("GET", u, nil)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if err := noDowngrade(req("http://h/x"), []*http.Request{req("https://h/x")}); err == nil {
		t.Error("a redirect from https to http was followed")
	}
	if err := noDowngrade(req("https://h/y"), []*http.Request{req("https://h/x")}); err != nil {
		t.Errorf("https to https: %v", err)
	}
}
