package gitdb

import (
	"errors"
	"fmt"
	"io"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// treeOf returns the root tree of commit h, or nil when it cannot be read.
func (g *Repo) treeOf(h plumbing.Hash) (*object.Tree, error) {
	c, err := object.GetCommit(g.objects, h)
	if err != nil {
		return nil, err
	}
	return c.Tree()
}

// maxFileAt bounds what FileAt reads: it serves configuration files.
const maxFileAt = 16 << 20

// FileAt returns the content of the file at path (slash-separated) in
// commit's tree, and false when the tree has no such file.
func (g *Repo) FileAt(commit plumbing.Hash, path string) ([]byte, bool, error) {
	tree, err := g.treeOf(commit)
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

// diffTrees calls fn for every blob path whose content in to differs from
// from (nil: an empty tree), descending only into subtrees whose hashes
// differ. Submodules (gitlinks) and symbolic links carry no content to scan
// and are skipped. A subtree that cannot be read is reported to fn with its
// error.
func diffTrees(s storer.EncodedObjectStorer, from, to *object.Tree, prefix string, fn func(path string, blob plumbing.Hash, err error) error) error {
	var old map[string]object.TreeEntry
	if from != nil {
		old = make(map[string]object.TreeEntry, len(from.Entries))
		for _, e := range from.Entries {
			old[e.Name] = e
		}
	}
	for _, e := range to.Entries {
		prev, had := old[e.Name]
		if had && prev.Hash == e.Hash && prev.Mode == e.Mode {
			continue
		}
		path := prefix + e.Name
		switch e.Mode {
		case filemode.Dir:
			sub, err := object.GetTree(s, e.Hash)
			if err != nil {
				if err := fn(path+"/", plumbing.ZeroHash, err); err != nil {
					return err
				}
				continue
			}
			var prevSub *object.Tree
			if had && prev.Mode == filemode.Dir {
				if prevSub, err = object.GetTree(s, prev.Hash); err != nil {
					// Without the old folder, all of the new one reads
					// as changed: say why, then diff against nothing.
					if err := fn(path+"/", plumbing.ZeroHash, fmt.Errorf("previous version: %w", err)); err != nil {
						return err
					}
				}
			}
			if err := diffTrees(s, prevSub, sub, path+"/", fn); err != nil {
				return err
			}
		case filemode.Regular, filemode.Executable, filemode.Deprecated:
			if had && prev.Hash == e.Hash {
				continue // a mode change only
			}
			if err := fn(path, e.Hash, nil); err != nil {
				return err
			}
		}
	}
	return nil
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
	tree, err := g.treeOf(head.Hash())
	if err != nil {
		return out, fmt.Errorf("HEAD %s: %w", head.Hash(), err)
	}
	var errs []error
	_ = diffTrees(g.objects, nil, tree, "", func(path string, blob plumbing.Hash, err error) error {
		if err != nil {
			errs = append(errs, fmt.Errorf("HEAD %s: %s: %w", head.Hash(), path, err))
		} else {
			out[path] = blob
		}
		return nil
	})
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
	tree, err := g.treeOf(c.Hash)
	if err != nil {
		return fmt.Errorf("tree: %w", err)
	}
	var parent *object.Tree
	if len(c.Parents) > 0 {
		if parent, err = g.treeOf(c.Parents[0]); err != nil {
			fn(".", plumbing.ZeroHash, fmt.Errorf("parent %s: %w (what this commit changed is unknown: all of it is scanned as new)", c.Parents[0], err))
		}
	}
	var others []*object.Tree
	for _, p := range c.Parents[min(1, len(c.Parents)):] {
		t, err := g.treeOf(p)
		if err != nil {
			fn(".", plumbing.ZeroHash, fmt.Errorf("parent %s: %w", p, err))
			continue
		}
		others = append(others, t)
	}
	return diffTrees(g.objects, parent, tree, "", func(path string, blob plumbing.Hash, err error) error {
		if err != nil {
			fn(path, blob, err)
			return nil
		}
		for _, o := range others {
			if e, err := o.FindEntry(path); err == nil && e.Hash == blob {
				return nil
			}
		}
		fn(path, blob, nil)
		return nil
	})
}
