package source

import (
	"bufio"
	"bytes"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/patmigrate/patmigrate/gitdb"
)

// gitInfo is what the working-tree walk needs from the repository around the
// target: which paths the index tracks and, with RespectGitignore, the
// ignore rules. Paths here are relative to the repository's top folder; the
// walk prepends prefix, the target's place in it.
type gitInfo struct {
	top     string
	gitDir  string // the git folder: .git, or where a .git file points
	prefix  string // "" or "sub/dir/"
	tracked map[string]bool
	// trackedDirs holds every folder the index tracks a file in.
	trackedDirs map[string]bool
	// submodules holds the paths of the index's gitlinks: the files below
	// one are tracked, by the submodule's own repository.
	submodules map[string]bool
}

// openGitInfo returns nil when root is not inside a git working tree. An
// index that cannot be read leaves tracked nil: every file then counts as
// tracked, the safe answer for the "local copy" advice.
func openGitInfo(root string) *gitInfo {
	top, gitDir, err := gitdb.Locate(root)
	if err != nil || top == "" {
		return nil
	}
	if top, err = filepath.EvalSymlinks(top); err != nil {
		return nil
	}
	rel, err := filepath.Rel(top, root)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return nil
	}
	gi := &gitInfo{top: top, gitDir: gitDir}
	if rel != "." {
		gi.prefix = filepath.ToSlash(rel) + "/"
	}
	idx, done, err := gitdb.ReadIndex(gitDir)
	if err != nil {
		return gi
	}
	defer done()
	entries, err := idx.Entries()
	if err != nil {
		return gi
	}
	gi.tracked = make(map[string]bool, len(entries))
	gi.trackedDirs = make(map[string]bool)
	for _, e := range entries {
		name := string(e.Name)
		if e.Mode == filemode.Submodule {
			if gi.submodules == nil {
				gi.submodules = make(map[string]bool)
			}
			gi.submodules[name] = true
		} else {
			gi.tracked[name] = true
		}
		for d := path.Dir(name); d != "." && !gi.trackedDirs[d]; d = path.Dir(d) {
			gi.trackedDirs[d] = true
		}
	}
	return gi
}

// isTracked reports whether rel (relative to the target root) is in the
// index.
func (gi *gitInfo) isTracked(rel string) bool {
	if gi == nil || gi.tracked == nil {
		return true
	}
	return gi.inIndex(gi.prefix+rel, false)
}

// isSubmodule reports whether rel (relative to the target root) is a
// submodule's folder.
func (gi *gitInfo) isSubmodule(rel string) bool {
	return gi != nil && gi.submodules[gi.prefix+rel]
}

// inIndex reports whether the index tracks p (relative to the repository
// top): the file itself, for a folder a file in it, or a submodule holding
// either.
func (gi *gitInfo) inIndex(p string, isDir bool) bool {
	if (isDir && gi.trackedDirs[p]) || (!isDir && gi.tracked[p]) {
		return true
	}
	for d := p; len(gi.submodules) > 0 && d != "."; d = path.Dir(d) {
		if gi.submodules[d] {
			return true
		}
	}
	return false
}

// ignorer evaluates .gitignore rules as the walk meets them. Patterns are
// appended in walk order with their folder as domain, so a pattern applies
// only below its .gitignore, and the last matching pattern decides, as in git.
// It is used by the walking goroutine only.
type ignorer struct {
	gi       *gitInfo
	top      string
	patterns []gitignore.Pattern
}

// newIgnorer loads .git/info/exclude and the .gitignore files from the top of
// the repository down to the target root (exclusive); the walk adds the rest.
func newIgnorer(gi *gitInfo) *ignorer {
	ig := &ignorer{gi: gi, top: gi.top}
	ig.load(filepath.Join(gi.gitDir, "info", "exclude"), nil)
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

// skips reports whether the walk skips rel (relative to the target root): git
// ignores it and it is not, or for a folder holds nothing, in the index. As
// in git, ignore rules never hide a tracked file. A nil ignorer skips nothing.
func (ig *ignorer) skips(rel string, isDir bool) bool {
	if ig == nil {
		return false
	}
	p := ig.gi.prefix + rel
	return !ig.gi.inIndex(p, isDir) && ig.ignored(p, isDir)
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
