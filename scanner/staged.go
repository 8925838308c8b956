package scanner

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Staged reads exactly what the next commit would add: the index entries
// whose content differs from HEAD at their path, read from the index's blobs
// (not the working-tree files, so a partially staged file is scanned as
// staged). Deletions add nothing; a pure rename (content HEAD already has)
// adds nothing new either. An unborn HEAD (the first commit) makes every
// entry new. It calls yield from the calling goroutine.
//
// It reads no more of HEAD than it must: where the index's cached tree of a
// folder (git keeps one for folders untouched since the last commit) equals
// HEAD's, the folder is skipped without reading its tree.
type Staged struct {
	Root string
	// MaxFileSize skips larger blobs; 0 means no limit.
	MaxFileSize int64
	// Include and Exclude filter paths as for Worktree.
	Include, Exclude []Glob
}

// Blobs yields the staged blobs. Unlike History, a Root inside the
// repository does not narrow the scan: `git commit` run from a subfolder
// commits everything staged, so the hook must see all of it, named from the
// repository's root as git names it.
func (s *Staged) Blobs(ctx context.Context, yield func(Blob) error) error {
	g, err := openGitRepo(s.Root)
	if err != nil {
		return err
	}
	defer g.Close()
	idx, done, err := g.index()
	if err != nil {
		return fmt.Errorf("%s: index: %w", s.Root, err)
	}
	defer done()
	var head *object.Tree
	if ref, err := g.repo.Head(); err == nil {
		if head, err = g.treeOf(ref.Hash()); err != nil {
			return fmt.Errorf("%s: HEAD: %w", s.Root, err)
		}
	} else if !errors.Is(err, plumbing.ErrReferenceNotFound) {
		return fmt.Errorf("%s: HEAD: %w", s.Root, err)
	}
	d := &stagedDiff{g: g, cur: idx.cursor(), deleted: map[plumbing.Hash]bool{}}
	d.dir(nil, head, idx.Cache)
	if d.err != nil {
		return fmt.Errorf("%s: %w", s.Root, d.err)
	}
	var buf []byte
	h := &History{MaxFileSize: s.MaxFileSize}
	for _, e := range d.changed {
		if err := ctx.Err(); err != nil {
			return err
		}
		name := string(e.Name)
		if matchAny(s.Exclude, name) || (len(s.Include) > 0 && !matchAny(s.Include, name)) {
			if err := yield(Blob{Path: name, Skip: SkipIgnored}); err != nil {
				return err
			}
			continue
		}
		if d.deleted[e.Hash] {
			continue // renamed: this content leaves another path of HEAD
		}
		b := Blob{Path: name}
		var err error
		buf, b.Data, b.Skip, err = h.readBlob(g.objects, e.Hash, buf)
		if err != nil {
			b.Err = fmt.Errorf("staged blob %s: %w", e.Hash, err)
		}
		if err := yield(b); err != nil {
			return err
		}
	}
	return nil
}

// stagedDiff compares the index with HEAD's tree folder by folder,
// collecting the entries that differ and the content of HEAD's paths that
// the index no longer has (to tell a rename from new content).
type stagedDiff struct {
	g       *gitRepo
	cur     *indexCursor
	changed []indexEntry
	deleted map[plumbing.Hash]bool
	err     error
}

// dir consumes the index entries under prefix, comparing them with the HEAD
// folder tree (nil when HEAD has none), and records those that differ. A
// folder whose cached tree equals HEAD's is skipped whole.
func (d *stagedDiff) dir(prefix []byte, tree *object.Tree, cache *cacheNode) {
	if cache != nil && cache.entries >= 0 && tree != nil && cache.hash == tree.Hash {
		if err := d.cur.skip(cache.entries); err != nil {
			d.err = err
		}
		return
	}
	var byName map[string]object.TreeEntry
	if tree != nil {
		byName = make(map[string]object.TreeEntry, len(tree.Entries))
		for _, e := range tree.Entries {
			byName[e.Name] = e
		}
	}
	seen := map[string]bool{}
	defer func() { d.deletions(byName, seen) }()
	for d.err == nil && d.cur.more() {
		name, err := d.cur.peek()
		if err != nil {
			d.err = err
			return
		}
		if !bytes.HasPrefix(name, prefix) {
			return
		}
		rest := name[len(prefix):]
		slash := bytes.IndexByte(rest, '/')
		if slash < 0 {
			e, err := d.cur.next()
			if err != nil {
				d.err = err
				return
			}
			seen[string(rest)] = true
			// Submodules and links carry no content; a sparse index's folder
			// entry holds content outside the sparse checkout, not staged;
			// stage 1 is a conflict's merge base.
			if e.Mode == filemode.Submodule || e.Mode == filemode.Symlink || e.Mode == filemode.Dir || e.Stage == 1 {
				continue
			}
			if he, ok := byName[string(rest)]; !ok || he.Hash != e.Hash {
				e.Name = append([]byte(nil), e.Name...) // the cursor's bytes may be reused (version 4)
				d.changed = append(d.changed, e)
			}
			continue
		}
		sub := string(rest[:slash])
		seen[sub] = true
		var subTree *object.Tree
		if he, ok := byName[sub]; ok && he.Mode == filemode.Dir {
			if subTree, err = object.GetTree(d.g.objects, he.Hash); err != nil {
				d.err = fmt.Errorf("HEAD: %w", err)
				return
			}
		}
		var subCache *cacheNode
		if cache != nil {
			subCache = cache.children[sub]
		}
		d.dir(append(append([]byte(nil), prefix...), rest[:slash+1]...), subTree, subCache)
	}
}

// deletions records the content of the HEAD entries of a folder that the
// index no longer has.
func (d *stagedDiff) deletions(head map[string]object.TreeEntry, seen map[string]bool) {
	for name, e := range head {
		if seen[name] {
			continue
		}
		switch e.Mode {
		case filemode.Dir:
			if t, err := object.GetTree(d.g.objects, e.Hash); err == nil {
				_ = diffTrees(d.g.objects, nil, t, "", func(_ string, blob plumbing.Hash, err error) error {
					if err == nil {
						d.deleted[blob] = true
					}
					return nil
				})
			}
		case filemode.Regular, filemode.Executable, filemode.Deprecated:
			d.deleted[e.Hash] = true
		}
	}
}
