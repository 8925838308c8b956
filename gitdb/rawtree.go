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
// regular file. Links (0o120000) and submodules (0o160000) are neither.
const (
	modeType = 0o170000
	modeDir  = 0o040000
	modeFile = 0o100000
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
