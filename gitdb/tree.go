package gitdb

import (
	"errors"
	"fmt"
	"io"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// maxFileAt bounds what FileAt reads: it serves configuration files.
const maxFileAt = 16 << 20

// FileAt returns the content of the file at path (slash-separated) in
// commit's tree, and false when the tree has no such file.
func (g *Repo) FileAt(commit plumbing.Hash, path string) ([]byte, bool, error) {
	c, err := object.GetCommit(g.objects, commit)
	if err != nil {
		return nil, false, fmt.Errorf("commit %s: %w", commit, err)
	}
	tree, err := c.Tree()
	if err != nil {
		return nil, false, fmt.Errorf("commit %s: %w", commit, err)
	}
	f, err := tree.File(path)
	if errors.Is(err, object.ErrFileNotFound) || errors.Is(err, object.ErrDirectoryNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("%s at %s: %w", path, commit, err)
	}
	if f.Size > maxFileAt {
		return nil, false, fmt.Errorf("%s at %s: %w", path, commit, ErrTooLarge)
	}
	r, err := f.Reader()
	if err != nil {
		return nil, false, fmt.Errorf("%s at %s: %w", path, commit, err)
	}
	defer r.Close()
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, false, fmt.Errorf("%s at %s: %w", path, commit, err)
	}
	return data, true, nil
}

// HeadBlobs maps every path in HEAD's tree to its blob. An unborn HEAD holds
// nothing. A folder of HEAD that cannot be read is an error, returned with
// the paths that could be read: a caller that took the missing paths for
// absent would call content that HEAD has "history only".
func (g *Repo) HeadBlobs() (map[string]plumbing.Hash, error) {
	out := map[string]plumbing.Hash{}
	head, err := g.repo.Head()
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return out, nil
	}
	if err != nil {
		return out, fmt.Errorf("HEAD: %w", err)
	}
	root, err := g.treeID(head.Hash())
	if err == nil {
		_, err = g.parseTree(root, nil)
	}
	if err != nil {
		return out, fmt.Errorf("HEAD %s: %w", head.Hash(), err)
	}
	var errs []error
	err = g.diffTrees(plumbing.ZeroHash, root, "", func(path string, blob plumbing.Hash, err error) error {
		if err != nil {
			errs = append(errs, fmt.Errorf("HEAD %s: %s: %w", head.Hash(), path, err))
		} else {
			out[path] = blob
		}
		return nil
	})
	if err != nil {
		errs = append(errs, fmt.Errorf("HEAD %s: %w", head.Hash(), err))
	}
	return out, errors.Join(errs...)
}

// Introduced calls fn for every blob path commit c introduced: what differs
// from its first parent and, for a merge, from every other parent too.
// Content a merge takes from a parent was introduced by that parent's line,
// not by the merge: merging main into a pull request does not make the
// request introduce main's keys. Paths are relative to the repository's
// root.
//
// What cannot be read is passed to fn with its error and the walk goes on:
// a folder (its path ends in "/"), or a parent (path "."), in which case
// its content is taken as new rather than lost. An error returned means c's
// own tree could not be read.
func (g *Repo) Introduced(c *Commit, fn func(path string, blob plumbing.Hash, err error)) error {
	var parent plumbing.Hash
	var base *parsedTree
	if len(c.Parents) > 0 {
		var err error
		if parent, err = g.treeID(c.Parents[0]); err == nil {
			base, err = g.parseTree(parent, nil)
		}
		if err != nil {
			parent = plumbing.ZeroHash
			fn(".", plumbing.ZeroHash, fmt.Errorf("parent %s: %w (what this commit changed is unknown: all of it is scanned as new)", c.Parents[0], err))
		}
	}
	root, err := g.treeID(c.Hash)
	if err == nil {
		_, err = g.parseTree(root, base)
	}
	if err != nil {
		return fmt.Errorf("tree: %w", err)
	}
	var others []plumbing.Hash
	for _, p := range c.Parents[min(1, len(c.Parents)):] {
		t, err := g.treeID(p)
		if err != nil {
			fn(".", plumbing.ZeroHash, fmt.Errorf("parent %s: %w", p, err))
			continue
		}
		others = append(others, t)
	}
	return g.diffTrees(parent, root, "", func(path string, blob plumbing.Hash, err error) error {
		if err != nil {
			fn(path, blob, err)
			return nil
		}
		for _, o := range others {
			if e, ok := g.findEntry(o, path); ok && e.hash == blob && e.isFile() {
				return nil
			}
		}
		fn(path, blob, nil)
		return nil
	})
}
