package gitdb

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// StagedEntry is an index entry whose content the next commit would add.
type StagedEntry struct {
	Path string // slash-separated, from the repository's root
	Blob plumbing.Hash
	// Renamed says HEAD has this content at a path the index no longer
	// has: the commit moves it, and adds nothing new.
	Renamed bool
}

// Staged returns exactly what the next commit would add: the index entries
// whose content differs from HEAD at their path. Deletions add nothing; a
// pure rename is marked (StagedEntry.Renamed). An unborn HEAD (the first commit) makes every entry
// new. A missing index is an empty one.
//
// It reads no more of HEAD than it must: where the index's cached tree of a
// folder (git keeps one for folders untouched since the last commit) equals
// HEAD's, the folder is skipped without reading its tree.
//
// problems lists what could not be read without stopping the comparison (a
// folder of HEAD that only tells renames apart); err is non-nil when the
// index or HEAD could not be compared at all.
func (g *Repo) Staged() (entries []StagedEntry, problems []error, err error) {
	idx, done, err := g.index()
	if err != nil {
		return nil, nil, fmt.Errorf("index: %w", err)
	}
	defer done()
	var head *object.Tree
	if ref, err := g.repo.Head(); err == nil {
		if head, err = g.treeOf(ref.Hash()); err != nil {
			return nil, nil, fmt.Errorf("HEAD: %w", err)
		}
	} else if !errors.Is(err, plumbing.ErrReferenceNotFound) {
		return nil, nil, fmt.Errorf("HEAD: %w", err)
	}
	d := &stagedDiff{g: g, cur: idx.cursor(), deleted: map[plumbing.Hash]bool{}}
	d.dir(nil, head, idx.cache)
	if d.err != nil {
		return nil, d.problems, d.err
	}
	for _, e := range d.changed {
		entries = append(entries, StagedEntry{Path: string(e.Name), Blob: e.Hash, Renamed: d.deleted[e.Hash]})
	}
	return entries, d.problems, nil
}

// stagedDiff compares the index with HEAD's tree folder by folder,
// collecting the entries that differ and the content of HEAD's paths that
// the index no longer has (to tell a rename from new content).
type stagedDiff struct {
	g        *Repo
	cur      *indexCursor
	changed  []IndexEntry
	deleted  map[plumbing.Hash]bool
	err      error   // the index cannot be read on
	problems []error // what could not be read, short of that
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
	defer func() { d.deletions(prefix, byName, seen) }()
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
				e.Name = append([]byte(nil), e.Name...) // the index is unmapped when Staged returns
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
func (d *stagedDiff) deletions(prefix []byte, head map[string]object.TreeEntry, seen map[string]bool) {
	for name, e := range head {
		if seen[name] {
			continue
		}
		switch e.Mode {
		case filemode.Dir:
			// A folder of HEAD that cannot be read hides what it held:
			// content moved from there would look new, which only costs a
			// repeated finding, but the caller is told.
			t, err := object.GetTree(d.g.objects, e.Hash)
			if err != nil {
				d.problems = append(d.problems, fmt.Errorf("HEAD: %s%s/: %w", prefix, name, err))
				continue
			}
			_ = diffTrees(d.g.objects, nil, t, "", func(p string, blob plumbing.Hash, err error) error {
				if err != nil {
					d.problems = append(d.problems, fmt.Errorf("HEAD: %s%s/%s: %w", prefix, name, p, err))
				} else {
					d.deleted[blob] = true
				}
				return nil
			})
		case filemode.Regular, filemode.Executable, filemode.Deprecated:
			d.deleted[e.Hash] = true
		}
	}
}
