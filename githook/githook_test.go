package githook_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5"

	"github.com/patmigrate/patmigrate/githook"
)

func newRepo(t *testing.T) (string, *git.Repository) {
	t.Helper()
	dir := t.TempDir()
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	return dir, repo
}

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestInstallIdempotentAndUninstall(t *testing.T) {
	dir, _ := newRepo(t)
	path, changed, err := githook.Install(dir, "/usr/local/bin/patmigrate")
	if err != nil || !changed {
		t.Fatalf("Install: %v, changed=%v", err, changed)
	}
	if want := filepath.Join(dir, ".git", "hooks", "pre-commit"); path != want {
		t.Errorf("path = %s, want %s", path, want)
	}
	script := read(t, path)
	if !strings.HasPrefix(script, "#!/bin/sh\n") || !strings.Contains(script, "exec /usr/local/bin/patmigrate scan --staged") {
		t.Errorf("script:\n%s", script)
	}
	if info, _ := os.Stat(path); info.Mode().Perm()&0o111 == 0 {
		t.Errorf("hook is not executable: %v", info.Mode())
	}
	if _, changed, err := githook.Install(dir, "/usr/local/bin/patmigrate"); err != nil || changed {
		t.Errorf("second Install: %v, changed=%v", err, changed)
	}
	if _, changed, err := githook.Uninstall(dir); err != nil || !changed {
		t.Errorf("Uninstall: %v, changed=%v", err, changed)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("hook still there: %v", err)
	}
	if _, changed, err := githook.Uninstall(dir); err != nil || changed {
		t.Errorf("second Uninstall: %v, changed=%v", err, changed)
	}
}

func TestInstallChainsAnExistingHook(t *testing.T) {
	dir, _ := newRepo(t)
	hooks := filepath.Join(dir, ".git", "hooks")
	os.MkdirAll(hooks, 0o755)
	theirs := "#!/bin/sh\necho lint\n"
	if err := os.WriteFile(filepath.Join(hooks, "pre-commit"), []byte(theirs), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, _, err := githook.Install(dir, "patmigrate"); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(hooks, "pre-commit.patmigrate-chained")); got != theirs {
		t.Errorf("chained hook = %q", got)
	}
	if !strings.Contains(read(t, filepath.Join(hooks, "pre-commit")), "pre-commit.patmigrate-chained") {
		t.Error("new hook does not run the chained one")
	}
	if _, _, err := githook.Uninstall(dir); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(hooks, "pre-commit")); got != theirs {
		t.Errorf("restored hook = %q", got)
	}
	// A foreign hook is never removed.
	if _, changed, err := githook.Uninstall(dir); err != nil || changed {
		t.Errorf("Uninstall of a foreign hook: %v, changed=%v", err, changed)
	}
}

func TestHooksPath(t *testing.T) {
	dir, repo := newRepo(t)
	cfg, err := repo.Config()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Raw.Section("core").SetOption("hooksPath", ".githooks")
	if err := repo.SetConfig(cfg); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "src")
	os.MkdirAll(sub, 0o755)
	path, _, err := githook.Install(sub, "patmigrate")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, ".githooks", "pre-commit"); path != want {
		t.Errorf("path = %s, want %s (core.hooksPath, relative to the working tree)", path, want)
	}
}

func TestNotARepository(t *testing.T) {
	if _, _, err := githook.Install(t.TempDir(), "patmigrate"); err == nil {
		t.Error("Install outside a repository succeeded")
	}
}

func TestScriptQuotesTheCommand(t *testing.T) {
	s := githook.Script("/opt/my tools/patmigrate")
	if !strings.Contains(s, "exec '/opt/my tools/patmigrate' scan --staged") {
		t.Errorf("script:\n%s", s)
	}
}
