package gitdb

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
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
	var head tree
	var headID plumbing.Hash
	if ref, err := g.repo.Head(); err == nil {
		if headID, err = g.treeID(ref.Hash()); err == nil {
			head, err = g.readTree(headID)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("HEAD: %w", err)
		}
	} else if !errors.Is(err, plumbing.ErrReferenceNotFound) {
		return nil, nil, fmt.Errorf("HEAD: %w", err)
	}
	d := &stagedDiff{g: g, cur: idx.cursor(), deleted: map[plumbing.Hash]bool{}}
	d.dir(nil, headID, head, idx.cache)
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
// folder t, of id id (nil when HEAD has none), and records those that
// differ. A folder whose cached tree equals HEAD's is skipped whole.
func (d *stagedDiff) dir(prefix []byte, id plumbing.Hash, t tree, cache *cacheNode) {
	if cache != nil && cache.entries >= 0 && t != nil && cache.hash == id {
		if err := d.cur.skip(cache.entries); err != nil {
			d.err = err
		}
		return
	}
	var byName map[string]entry
	if t != nil {
		byName = map[string]entry{}
		for len(t) > 0 {
			e, rest, err := t.next()
			if err != nil {
				d.err = fmt.Errorf("HEAD: %s: %w", prefix, err)
				return
			}
			byName[string(e.name)] = e
			t = rest
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
			if he, ok := byName[string(rest)]; !ok || he.hash != e.Hash || !he.isFile() {
				e.Name = append([]byte(nil), e.Name...) // the index is unmapped when Staged returns
				d.changed = append(d.changed, e)
			}
			continue
		}
		sub := string(rest[:slash])
		seen[sub] = true
		var subTree tree
		var subID plumbing.Hash
		if he, ok := byName[sub]; ok && he.isDir() {
			if subTree, err = d.g.readTree(he.hash); err != nil {
				d.err = fmt.Errorf("HEAD: %w", err)
				return
			}
			subID = he.hash
		}
		var subCache *cacheNode
		if cache != nil {
			subCache = cache.children[sub]
		}
		d.dir(append(append([]byte(nil), prefix...), rest[:slash+1]...), subID, subTree, subCache)
	}
}

// deletions records the content of the HEAD entries of a folder that the
// index no longer has.
func (d *stagedDiff) deletions(prefix []byte, head map[string]entry, seen map[string]bool) {
	for name, e := range head {
		if seen[name] {
			continue
		}
		switch {
		case e.isDir():
			// A folder of HEAD that cannot be read hides what it held:
			// content moved from there would look new, which only costs a
			// repeated finding, but the caller is told.
			err := d.g.diffTrees(plumbing.ZeroHash, e.hash, string(prefix)+name+"/", func(p string, blob plumbing.Hash, err error) error {
				if err != nil {
					d.problems = append(d.problems, fmt.Errorf("HEAD: %s: %w", p, err))
				} else {
					d.deleted[blob] = true
				}
				return nil
			})
			if err != nil {
				d.problems = append(d.problems, fmt.Errorf("HEAD: %w", err))
			}
		case e.isFile():
			d.deleted[e.hash] = true
		}
	}
}
