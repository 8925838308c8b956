package gitdb

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
)

// A tree is a tree object's content as stored: entries of "<octal mode>
// <name>\x00<id>", sorted by name, a folder's name compared as if it ended
// in "/". The walk reads trees in place: decoding every entry of a large
// folder (vcpkg's ports/ holds 2,500) for each commit that touches one of
// them was half of a history scan's time.
type tree []byte

// entry is one entry of a tree; its name points into the tree's data.
type entry struct {
	mode uint32
	name []byte
	hash plumbing.Hash
}

// The kinds of entry, by the file-type bits of the mode as git reads them
// (canonical_mode): old trees hold modes like 100664 that git takes for a
// regular file.
const (
	modeType    = 0o170000
	modeDir     = 0o040000
	modeFile    = 0o100000
	modeSymlink = 0o120000
	modeGitlink = 0o160000
)

func (e entry) isDir() bool  { return e.mode&modeType == modeDir }
func (e entry) isFile() bool { return e.mode&modeType == modeFile }

// errTree is a tree object that is not one.
var errTree = errors.New("malformed tree")

// next parses the first entry of t and returns it with the rest of t.
func (t tree) next() (entry, tree, error) {
	sp := bytes.IndexByte(t, ' ')
	if sp <= 0 || sp > 7 {
		return entry{}, nil, fmt.Errorf("%w: no mode", errTree)
	}
	var e entry
	for _, c := range t[:sp] {
		if c < '0' || c > '7' {
			return entry{}, nil, fmt.Errorf("%w: mode %q", errTree, t[:sp])
		}
		e.mode = e.mode<<3 | uint32(c-'0')
	}
	nul := bytes.IndexByte(t[sp+1:], 0)
	if nul < 0 || len(t)-(sp+1+nul+1) < len(e.hash) {
		return entry{}, nil, fmt.Errorf("%w: truncated entry", errTree)
	}
	e.name = t[sp+1 : sp+1+nul]
	rest := t[sp+1+nul+1:]
	copy(e.hash[:], rest)
	return e, rest[len(e.hash):], nil
}

// compareEntries orders entries as git sorts a tree (base_name_compare).
func compareEntries(a, b entry) int {
	n := min(len(a.name), len(b.name))
	if c := bytes.Compare(a.name[:n], b.name[:n]); c != 0 {
		return c
	}
	ac, bc := sortByte(a, n), sortByte(b, n)
	switch {
	case ac < bc:
		return -1
	case ac > bc:
		return 1
	}
	return 0
}

// sortByte is the byte of e's name at i as sorting sees it: past the end,
// "/" for a folder.
func sortByte(e entry, i int) int {
	switch {
	case i < len(e.name):
		return int(e.name[i])
	case e.isDir():
		return '/'
	}
	return 0
}

// check reports whether t parses whole, and whether its entries are in
// git's order with no name twice: a merge of two trees in step relies on
// it, and a tree written by hand may break it.
func (t tree) check() (sorted bool, err error) {
	sorted = true
	var prev entry
	for first := true; len(t) > 0; first = false {
		var e entry
		if e, t, err = t.next(); err != nil {
			return false, err
		}
		if !first && compareEntries(prev, e) >= 0 {
			sorted = false
		}
		prev = e
	}
	return sorted, nil
}

// validName reports whether git would check out a file of this name: not
// empty, ".", "..", and holding no "/" or NUL. A tree made by hand can
// hold any bytes.
func validName(name []byte) bool {
	s := string(name)
	return s != "" && s != "." && s != ".." && !strings.ContainsAny(s, "/\x00")
}

// safeName is how an invalid name appears in a path: quoted, its slashes
// escaped, so that it stays one component that no reader takes for a
// folder or the parent.
func safeName(name []byte) string {
	return "(invalid name " + strings.ReplaceAll(strconv.Quote(string(name)), "/", `\x2f`) + ")"
}

// readTree returns the content of tree h.
func (g *Repo) readTree(h plumbing.Hash) (tree, error) {
	data, err := g.objects.raw(plumbing.TreeObject, h)
	if err != nil {
		return nil, fmt.Errorf("tree %s: %w", h, err)
	}
	return tree(data), nil
}

// treeOf returns the root tree of commit h.
func (g *Repo) treeOf(h plumbing.Hash) (tree, error) {
	id, err := g.treeID(h)
	if err != nil {
		return nil, err
	}
	return g.readTree(id)
}

// treeID returns the id of commit h's root tree.
func (g *Repo) treeID(h plumbing.Hash) (plumbing.Hash, error) {
	data, err := g.objects.raw(plumbing.CommitObject, h)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	id, err := commitTree(data)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("commit %s: %w", h, err)
	}
	return id, nil
}

// commitTree returns the tree a commit object names on its first line.
func commitTree(data []byte) (plumbing.Hash, error) {
	hexLen := 2 * len(plumbing.ZeroHash)
	rest, ok := bytes.CutPrefix(data, []byte("tree "))
	if !ok || len(rest) < hexLen+1 || rest[hexLen] != '\n' || !plumbing.IsHash(string(rest[:hexLen])) {
		return plumbing.ZeroHash, errors.New("malformed commit: no tree")
	}
	return plumbing.NewHash(string(rest[:hexLen])), nil
}

// findEntry returns the entry at path (slash-separated) in t, and whether
// there is one.
func (g *Repo) findEntry(t tree, path string) (entry, bool) {
	for {
		name, rest, more := strings.Cut(path, "/")
		e, ok := lookup(t, name, more)
		if !ok || !more {
			return e, ok
		}
		sub, err := g.readTree(e.hash)
		if err != nil {
			return entry{}, false
		}
		t, path = sub, rest
	}
}

// lookup returns the entry of t named name, a folder when dir is set.
func lookup(t tree, name string, dir bool) (entry, bool) {
	for len(t) > 0 {
		e, rest, err := t.next()
		if err != nil {
			return entry{}, false
		}
		if string(e.name) == name && e.isDir() == dir {
			return e, true
		}
		t = rest
	}
	return entry{}, false
}

// blobFn receives each blob path of a diff, or a folder (its path ends in
// "/") that could not be read, with its error.
type blobFn func(path string, blob plumbing.Hash, err error) error

// diffTrees calls fn for every blob path whose content in to differs from
// from (nil: an empty tree), descending only into subtrees whose ids
// differ. Submodules (gitlinks) and symbolic links carry no content to scan
// and are skipped. A subtree that cannot be read is reported to fn with its
// error, and the diff goes on.
func (g *Repo) diffTrees(from, to tree, prefix string, fn blobFn) error {
	folder := prefix
	if folder == "" {
		folder = "."
	}
	toSorted, err := to.check()
	if err != nil {
		return fn(folder, plumbing.ZeroHash, err)
	}
	fromSorted, err := from.check()
	if err != nil {
		// Without the old folder, all of the new one reads as changed.
		if err := fn(folder, plumbing.ZeroHash, fmt.Errorf("previous version: %w", err)); err != nil {
			return err
		}
		from, fromSorted = nil, true
	}
	if !toSorted || !fromSorted {
		return g.diffUnsorted(from, to, prefix, fn)
	}
	var prev entry
	have := false // prev holds from's next entry
	for len(to) > 0 {
		e, rest, _ := to.next() // checked above
		to = rest
		// Step from on to the first entry not before e.
		for {
			if !have {
				if len(from) == 0 {
					break
				}
				prev, from, _ = from.next()
				have = true
			}
			if compareEntries(prev, e) >= 0 {
				break
			}
			have = false
		}
		var old *entry
		if have && compareEntries(prev, e) == 0 {
			old, have = &prev, false
		}
		if err := g.diffEntry(old, e, prefix, fn); err != nil {
			return err
		}
	}
	return nil
}

// diffUnsorted is diffTrees for trees out of git's order (written by hand:
// git fsck rejects them), matching entries by name and kind.
func (g *Repo) diffUnsorted(from, to tree, prefix string, fn blobFn) error {
	type key struct {
		name string
		dir  bool
	}
	old := map[key]entry{}
	for len(from) > 0 {
		e, rest, _ := from.next()
		old[key{string(e.name), e.isDir()}] = e
		from = rest
	}
	for len(to) > 0 {
		e, rest, _ := to.next()
		to = rest
		var prev *entry
		if p, ok := old[key{string(e.name), e.isDir()}]; ok {
			prev = &p
		}
		if err := g.diffEntry(prev, e, prefix, fn); err != nil {
			return err
		}
	}
	return nil
}

// diffEntry reports what entry e of a tree brings that old (the entry of
// the same name and kind in the previous tree, nil when none) does not.
func (g *Repo) diffEntry(old *entry, e entry, prefix string, fn blobFn) error {
	if old != nil && old.hash == e.hash && (old.mode == e.mode || old.isFile() && e.isFile()) {
		return nil // unchanged, or a file's mode change only
	}
	if !e.isDir() && !e.isFile() {
		return nil // a symbolic link or a submodule
	}
	name := string(e.name)
	if !validName(e.name) {
		// The content is scanned all the same, under a name no reader can
		// take for a path of its own, and the tree is reported.
		name = safeName(e.name)
		if err := fn(prefix+name, e.hash, fmt.Errorf("%w: entry %s is not a valid file name (git fsck rejects it)", errTree, name)); err != nil {
			return err
		}
	}
	path := prefix + name
	if e.isFile() {
		return fn(path, e.hash, nil)
	}
	sub, err := g.readTree(e.hash)
	if err != nil {
		return fn(path+"/", plumbing.ZeroHash, err)
	}
	var prevSub tree
	if old != nil {
		if prevSub, err = g.readTree(old.hash); err != nil {
			if err := fn(path+"/", plumbing.ZeroHash, fmt.Errorf("previous version: %w", err)); err != nil {
				return err
			}
		}
	}
	return g.diffTrees(prevSub, sub, path+"/", fn)
}
