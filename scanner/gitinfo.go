package scanner

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
)

// gitInfo is what the working-tree walk needs from the repository around the
// target: which paths the index tracks and, with --respect-gitignore, the
// ignore rules. Paths here are relative to the repository's top folder; the
// walk prepends prefix, the target's place in it.
type gitInfo struct {
	top     string
	prefix  string // "" or "sub/dir/"
	tracked map[string]bool
}

// openGitInfo returns nil when root is not inside a git working tree. An
// index that cannot be read leaves tracked nil: every file then counts as
// tracked, the safe answer for the "local copy" advice.
func openGitInfo(root string) *gitInfo {
	repo, err := git.PlainOpenWithOptions(root, &git.PlainOpenOptions{DetectDotGit: true})
	if err != nil {
		return nil
	}
	wt, err := repo.Worktree()
	if err != nil {
		return nil
	}
	top, err := filepath.EvalSymlinks(wt.Filesystem.Root())
	if err != nil {
		return nil
	}
	rel, err := filepath.Rel(top, root)
	if err != nil || strings.HasPrefix(rel, "..") {
		return nil
	}
	gi := &gitInfo{top: top}
	if rel != "." {
		gi.prefix = filepath.ToSlash(rel) + "/"
	}
	idx, err := repo.Storer.Index()
	if err != nil {
		return gi
	}
	gi.tracked = make(map[string]bool, len(idx.Entries))
	for _, e := range idx.Entries {
		gi.tracked[e.Name] = true
	}
	return gi
}

// isTracked reports whether rel (relative to the target root) is in the
// index.
func (gi *gitInfo) isTracked(rel string) bool {
	if gi == nil || gi.tracked == nil {
		return true
	}
	return gi.tracked[gi.prefix+rel]
}

// ignorer evaluates .gitignore rules as the walk meets them. Patterns are
// appended in walk order with their folder as domain, so a pattern applies
// only below its .gitignore, and the last matching pattern decides, as in git.
// It is used by the walking goroutine only.
type ignorer struct {
	top      string
	patterns []gitignore.Pattern
}

// newIgnorer loads .git/info/exclude and the .gitignore files from the top of
// the repository down to the target root (exclusive); the walk adds the rest.
func newIgnorer(gi *gitInfo) *ignorer {
	ig := &ignorer{top: gi.top}
	ig.load(filepath.Join(gi.top, ".git", "info", "exclude"), nil)
	if gi.prefix != "" {
		parts := strings.Split(strings.TrimSuffix(gi.prefix, "/"), "/")
		for i := 0; i < len(parts); i++ {
			ig.loadDir(strings.Join(parts[:i], "/"))
		}
	}
	return ig
}

// loadDir reads the .gitignore of dir (relative to the repository top).
func (ig *ignorer) loadDir(dir string) {
	var domain []string
	if dir != "" {
		domain = strings.Split(dir, "/")
	}
	ig.load(filepath.Join(ig.top, filepath.FromSlash(dir), ".gitignore"), domain)
}

func (ig *ignorer) load(file string, domain []string) {
	data, err := os.ReadFile(file)
	if err != nil {
		return // no ignore file is the common case; an unreadable one is scanned and reported by the walk
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		ig.patterns = append(ig.patterns, gitignore.ParsePattern(line, domain))
	}
}

// ignored reports whether path (relative to the repository top) is ignored.
func (ig *ignorer) ignored(rel string, isDir bool) bool {
	parts := strings.Split(rel, "/")
	for i := len(ig.patterns) - 1; i >= 0; i-- {
		switch ig.patterns[i].Match(parts, isDir) {
		case gitignore.Exclude:
			return true
		case gitignore.Include:
			return false
		}
	}
	return false
}
