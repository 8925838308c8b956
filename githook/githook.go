// Package githook installs patmigrate as a git pre-commit hook. It respects
// core.hooksPath, keeps a hook already there (which then runs first), and is
// idempotent. It reads git's configuration with go-git. It writes only the
// hook file and the earlier hook it keeps, never git's configuration, and
// it runs nothing.
package githook

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// Marker identifies a hook this package wrote.
const Marker = "# installed by patmigrate hook install"

// chainedName is where an earlier pre-commit hook is kept.
const chainedName = "pre-commit.patmigrate-chained"

// Dir returns the folder git runs hooks from for the repository at or above
// dir: core.hooksPath when set (relative to the working tree), else the
// hooks folder of the repository's git folder.
func Dir(dir string) (string, error) {
	repo, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		return "", fmt.Errorf("%s: %w", dir, err)
	}
	hooksPath, err := hooksPathOption(repo)
	if err != nil {
		return "", fmt.Errorf("%s: git config: %w", dir, err)
	}
	top := dir
	if wt, err := repo.Worktree(); err == nil {
		top = wt.Filesystem.Root()
	}
	if p := hooksPath; p != "" {
		if strings.HasPrefix(p, "~/") {
			home, err := os.UserHomeDir()
			if err != nil {
				return "", err
			}
			p = filepath.Join(home, p[2:])
		}
		if !filepath.IsAbs(p) {
			p = filepath.Join(top, p)
		}
		return p, nil
	}
	st, ok := repo.Storer.(*filesystem.Storage)
	if !ok {
		return "", errors.New("unsupported repository storage")
	}
	gitDir := st.Filesystem().Root()
	// A linked worktree's git folder (.git/worktrees/NAME) names the
	// repository's own in "commondir"; git runs the hooks found there.
	if common, err := os.ReadFile(filepath.Join(gitDir, "commondir")); err == nil {
		c := strings.TrimSpace(string(common))
		if !filepath.IsAbs(c) {
			c = filepath.Join(gitDir, c)
		}
		gitDir = filepath.Clean(c)
	}
	return filepath.Join(gitDir, "hooks"), nil
}

// hooksPathOption returns core.hooksPath from the repository's config, else
// the user's (~/.gitconfig, where it is often set for every repository),
// else the system's. go-git's scoped config does not merge options it does
// not model, so each scope is read here.
func hooksPathOption(repo *git.Repository) (string, error) {
	local, err := repo.Config()
	if err != nil {
		return "", err
	}
	if p := local.Raw.Section("core").Option("hooksPath"); p != "" {
		return p, nil
	}
	for _, scope := range []config.Scope{config.GlobalScope, config.SystemScope} {
		cfg, err := config.LoadConfig(scope)
		if err != nil {
			continue // an unreadable user config is not this repository's problem
		}
		if p := cfg.Raw.Section("core").Option("hooksPath"); p != "" {
			return p, nil
		}
	}
	return "", nil
}

// Script returns the hook that runs command (a path to patmigrate, or a
// name found on PATH) on what is staged, after the chained hook if any.
func Script(command string) string {
	return `#!/bin/sh
` + Marker + `: it scans what is staged for dbt Cloud
# credentials before each commit. "patmigrate hook uninstall" removes it and puts back the hook
# that was here before, if any (kept as ` + chainedName + `, which runs first).
hook_dir=$(dirname "$0")
if [ -x "$hook_dir/` + chainedName + `" ]; then
	"$hook_dir/` + chainedName + `" "$@" || exit $?
fi
exec ` + shellQuote(command) + ` scan --staged
`
}

func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Install writes the pre-commit hook for the repository at or above dir and
// returns its path. A pre-commit hook that is not patmigrate's is kept as
// pre-commit.patmigrate-chained and runs first. Installing again rewrites
// patmigrate's hook (changed reports whether its content changed).
func Install(dir, command string) (path string, changed bool, err error) {
	hooks, err := Dir(dir)
	if err != nil {
		return "", false, err
	}
	if err := os.MkdirAll(hooks, 0o755); err != nil {
		return "", false, err
	}
	path = filepath.Join(hooks, "pre-commit")
	script := []byte(Script(command))
	old, err := os.ReadFile(path)
	switch {
	case err == nil && bytes.Contains(old, []byte(Marker)):
		if bytes.Equal(old, script) {
			return path, false, nil
		}
	case err == nil:
		chained := filepath.Join(hooks, chainedName)
		if _, err := os.Lstat(chained); err == nil {
			return "", false, fmt.Errorf("%s: both a pre-commit hook and %s exist; move one away first", hooks, chainedName)
		}
		if err := os.Rename(path, chained); err != nil {
			return "", false, err
		}
	case !errors.Is(err, os.ErrNotExist):
		return "", false, err
	}
	if err := os.WriteFile(path, script, 0o755); err != nil {
		return "", false, err
	}
	return path, true, os.Chmod(path, 0o755)
}

// Uninstall removes patmigrate's pre-commit hook and puts back the hook it
// chained, if any. It changes nothing (changed is false) when the hook there
// is not patmigrate's.
func Uninstall(dir string) (path string, changed bool, err error) {
	hooks, err := Dir(dir)
	if err != nil {
		return "", false, err
	}
	path = filepath.Join(hooks, "pre-commit")
	old, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) || (err == nil && !bytes.Contains(old, []byte(Marker))) {
		return path, false, nil
	}
	if err != nil {
		return "", false, err
	}
	if err := os.Remove(path); err != nil {
		return "", false, err
	}
	chained := filepath.Join(hooks, chainedName)
	if _, err := os.Lstat(chained); err == nil {
		if err := os.Rename(chained, path); err != nil {
			return "", false, err
		}
	}
	return path, true, nil
}
