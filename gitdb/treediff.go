package gitdb

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
)

// parsedTree is a tree read and checked once, with where each entry
// starts. A commit's folder is usually its parent's with an entry or two
// changed, so the walk derives a folder's starts from its previous
// version's: the bytes the two share before and after the change hold the
// same entries at the same places, and only the changed middle is parsed.
// A large folder then costs a byte comparison per commit, not a parse.
type parsedTree struct {
	id     plumbing.Hash
	data   tree
	starts []uint32
	sorted bool // in git's order, no name twice: diffs merge in step
	// What a tree parsed from a previous version (derived) shares with
	// it, for the diff of the two to skip: its first same entries are the
	// base's first ones, and its entries from tail on are the base's from
	// baseTail on.
	derived              bool
	base                 plumbing.Hash
	same, tail, baseTail int
}

func (p *parsedTree) len() int { return len(p.starts) }

// entry returns entry i (parsed when p was: it cannot fail).
func (p *parsedTree) entry(i int) entry {
	e, _, _ := p.data[p.starts[i]:].next()
	return e
}

// end returns where entry i ends.
func (p *parsedTree) end(i int) int {
	if i+1 < len(p.starts) {
		return int(p.starts[i+1])
	}
	return len(p.data)
}

// prefixEntries is how many entries of p end within its first n bytes.
func (p *parsedTree) prefixEntries(n int) int {
	return sort.Search(p.len(), func(i int) bool { return p.end(i) > n })
}

// sizeOf is what a parsed tree costs the cache.
func (p *parsedTree) sizeOf() int64 { return int64(len(p.data) + 4*len(p.starts) + 64) }

// parseTree parses tree h, from its previous version base (nil: none).
func (g *Repo) parseTree(h plumbing.Hash, base *parsedTree) (*parsedTree, error) {
	if g.trees == nil {
		g.trees = newTreeCache(treeCacheBudget)
	}
	if p, ok := g.trees.get(h); ok {
		return p, nil
	}
	data, err := g.readTree(h)
	if err != nil {
		return nil, err
	}
	p, err := parseFrom(data, base)
	if err != nil {
		return nil, fmt.Errorf("tree %s: %w", h, err)
	}
	p.id = h
	g.trees.put(h, p)
	g.listed.parsed += int64(p.len())
	return p, nil
}

// treeCacheBudget bounds the parsed trees kept for the next commits.
const treeCacheBudget = 32 << 20

// parseFrom parses data, taking what it shares with base's data from base.
func parseFrom(data tree, base *parsedTree) (*parsedTree, error) {
	if len(data) > 1<<32-1 {
		return nil, fmt.Errorf("%w: larger than 4 GiB", errTree)
	}
	p := &parsedTree{data: data, sorted: true}
	pos, shift, suffix := 0, 0, len(data)
	var prev entry
	havePrev := false
	if base != nil && base.sorted && base.len() > 0 {
		n := commonPrefix(base.data, data)
		m := commonSuffix(base.data[n:], data[n:])
		i0 := base.prefixEntries(n)
		p.starts = make([]uint32, 0, base.len()+4)
		p.starts = append(p.starts, base.starts[:i0]...)
		p.derived, p.base, p.same = true, base.id, i0
		p.baseTail = base.len()
		if i0 > 0 {
			pos, prev, havePrev = base.end(i0-1), base.entry(i0-1), true
		}
		shift, suffix = len(data)-len(base.data), len(data)-m
	}
	for pos < len(data) {
		if base != nil && pos >= suffix && pos-shift >= 0 {
			// Past the change: where an entry of base starts here, the rest
			// is base's, shifted.
			if k, found := slices.BinarySearch(base.starts, uint32(pos-shift)); found {
				if havePrev && compareEntries(prev, base.entry(k)) >= 0 {
					p.sorted = false
				}
				p.tail, p.baseTail = p.len(), k
				for _, s := range base.starts[k:] {
					p.starts = append(p.starts, uint32(int(s)+shift))
				}
				return p, nil
			}
		}
		e, rest, err := data[pos:].next()
		if err != nil {
			return nil, err
		}
		if havePrev && compareEntries(prev, e) >= 0 {
			p.sorted = false
		}
		p.starts = append(p.starts, uint32(pos))
		prev, havePrev = e, true
		pos = len(data) - len(rest)
	}
	p.tail = p.len()
	return p, nil
}

// block is how much commonPrefix and commonSuffix compare at once.
const block = 4096

// commonPrefix returns the length of the longest common prefix of a and b,
// comparing a block at a time (bytes.Equal is vectorised).
func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for i+block <= n && bytes.Equal(a[i:i+block], b[i:i+block]) {
		i += block
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

// commonSuffix returns the length of the longest common suffix of a and b.
func commonSuffix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for i+block <= n && bytes.Equal(a[len(a)-i-block:len(a)-i], b[len(b)-i-block:len(b)-i]) {
		i += block
	}
	for i < n && a[len(a)-1-i] == b[len(b)-1-i] {
		i++
	}
	return i
}

// blobFn receives each blob path of a diff, or a folder (its path ends in
// "/") that could not be read, with its error.
type blobFn func(path string, blob plumbing.Hash, err error) error

// diffTrees calls fn for every blob path whose content in tree to differs
// from tree from (plumbing.ZeroHash: none), descending only into subtrees
// whose ids differ. Submodules (gitlinks) and symbolic links carry no
// content to scan and are skipped. A subtree that cannot be read is
// reported to fn with its error (its path ends in "/"), and the diff goes
// on.
func (g *Repo) diffTrees(from, to plumbing.Hash, prefix string, fn blobFn) error {
	return g.diffDepth(from, to, prefix, 0, fn)
}

// Bounds on what a diff lists. git refuses folders nested deeper than
// core.maxTreeDepth (4096); a pack index that lies about ids can make a
// folder that holds itself, which only the depth stops. A tree bomb (folders
// that each name one subfolder ten times over, ten deep: a few KiB of trees
// that list ten billion paths) is caught by what the diffs list against the
// trees they read: in a real history every listed entry belongs to a tree
// read for it (a changed folder has a new id), save a folder copied whole a
// few times (Python packages holding one empty __init__.py), so
// maxListedPerEntry times the entries read leaves room for any real
// repository, and maxListedFree for any small one.
const (
	maxTreeDepth      = 4096
	maxListedFree     = 1 << 20
	maxListedPerEntry = 64
)

// errTreeBomb stops the diffs of a repository whose trees list far more
// than they hold.
var errTreeBomb = errors.New("tree bomb: its folders repeat subfolders over and over, listing far more paths than its trees hold; the rest of its history is not read")

// listed counts, for the bound above, the entries the diffs of a
// repository listed and those of the trees it parsed.
type listed struct{ entries, parsed int64 }

func (g *Repo) diffDepth(from, to plumbing.Hash, prefix string, depth int, fn blobFn) error {
	folder := prefix
	if folder == "" {
		folder = "."
	}
	if depth > maxTreeDepth {
		return fn(folder, plumbing.ZeroHash, fmt.Errorf("%w: folders nested more than %d deep (git's core.maxTreeDepth)", errTree, maxTreeDepth))
	}
	var old *parsedTree
	if !from.IsZero() {
		var err error
		if old, err = g.parseTree(from, nil); err != nil {
			// Without the old folder, all of the new one reads as changed.
			if err := fn(folder, plumbing.ZeroHash, fmt.Errorf("previous version: %w", err)); err != nil {
				return err
			}
		}
	}
	cur, err := g.parseTree(to, old)
	if err != nil {
		return fn(folder, plumbing.ZeroHash, err)
	}
	return changes(old, cur, func(prev *entry, e entry) error {
		if g.listed.entries++; g.listed.entries > maxListedFree+maxListedPerEntry*g.listed.parsed {
			return fmt.Errorf("%s: %w (%d entries listed from %d read)", folder, errTreeBomb, g.listed.entries, g.listed.parsed)
		}
		return g.diffEntry(prev, e, prefix, depth, fn)
	})
}

// changes calls fn for each entry of cur with the entry of the same name
// and kind in old (nil when old has none, or is nil). When cur was parsed
// from old, the entries they share before and after the change are left
// out: they are unchanged.
func changes(old, cur *parsedTree, fn func(prev *entry, e entry) error) error {
	if old == nil {
		old = &parsedTree{sorted: true} // nothing before
	}
	if !old.sorted || !cur.sorted {
		return changesUnsorted(old, cur, fn)
	}
	i, j, oi, oj := 0, cur.len(), 0, old.len()
	if cur.derived && cur.base == old.id {
		i, j, oi, oj = cur.same, cur.tail, cur.same, cur.baseTail
	}
	for ; i < j; i++ {
		e := cur.entry(i)
		for oi < oj && compareEntries(old.entry(oi), e) < 0 {
			oi++
		}
		var prev *entry
		if oi < oj {
			if o := old.entry(oi); compareEntries(o, e) == 0 {
				prev = &o
				oi++
			}
		}
		if err := fn(prev, e); err != nil {
			return err
		}
	}
	return nil
}

// changesUnsorted is changes for trees out of git's order (written by
// hand: git fsck rejects them), matching every entry by name and kind.
func changesUnsorted(old, cur *parsedTree, fn func(prev *entry, e entry) error) error {
	type key struct {
		name string
		dir  bool
	}
	byName := map[key]entry{}
	for i := range old.len() {
		e := old.entry(i)
		byName[key{string(e.name), e.isDir()}] = e
	}
	for i := range cur.len() {
		e := cur.entry(i)
		var prev *entry
		if p, ok := byName[key{string(e.name), e.isDir()}]; ok {
			prev = &p
		}
		if err := fn(prev, e); err != nil {
			return err
		}
	}
	return nil
}

// diffEntry reports what entry e of a tree brings that old (the entry of
// the same name and kind in the previous tree, nil when none) does not.
func (g *Repo) diffEntry(old *entry, e entry, prefix string, depth int, fn blobFn) error {
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
	var from plumbing.Hash
	if old != nil {
		from = old.hash
	}
	return g.diffDepth(from, e.hash, path+"/", depth+1, fn)
}

// findEntry returns the entry at path (slash-separated) in tree root, and
// whether there is one.
func (g *Repo) findEntry(root plumbing.Hash, path string) (entry, bool) {
	for id := root; ; {
		t, err := g.parseTree(id, nil)
		if err != nil {
			return entry{}, false
		}
		name, rest, more := strings.Cut(path, "/")
		e, ok := t.lookup(name, more)
		if !ok || !more {
			return e, ok
		}
		id, path = e.hash, rest
	}
}

// lookup returns the entry named name, a folder when dir is set.
func (p *parsedTree) lookup(name string, dir bool) (entry, bool) {
	probe := entry{name: []byte(name)}
	if dir {
		probe.mode = modeDir
	}
	if p.sorted {
		i := sort.Search(p.len(), func(i int) bool { return compareEntries(p.entry(i), probe) >= 0 })
		if i < p.len() {
			if e := p.entry(i); string(e.name) == name && e.isDir() == dir {
				return e, true
			}
		}
		return entry{}, false
	}
	for i := range p.len() {
		if e := p.entry(i); string(e.name) == name && e.isDir() == dir {
			return e, true
		}
	}
	return entry{}, false
}

// treeCache keeps parsed trees up to a byte budget, the oldest evicted
// first: the walk asks again for the trees of the last few commits.
type treeCache struct {
	budget, used int64
	m            map[plumbing.Hash]*parsedTree
	order        []plumbing.Hash
}

func newTreeCache(budget int64) *treeCache {
	return &treeCache{budget: budget, m: map[plumbing.Hash]*parsedTree{}}
}

func (c *treeCache) get(h plumbing.Hash) (*parsedTree, bool) {
	p, ok := c.m[h]
	return p, ok
}

func (c *treeCache) put(h plumbing.Hash, p *parsedTree) {
	if p.sizeOf() > c.budget/4 {
		return
	}
	c.m[h] = p
	c.order = append(c.order, h)
	c.used += p.sizeOf()
	for c.used > c.budget && len(c.order) > 0 {
		old := c.order[0]
		c.order = c.order[1:]
		c.used -= c.m[old].sizeOf()
		delete(c.m, old)
	}
}

// clear empties the cache.
func (c *treeCache) clear() {
	if c != nil {
		*c = *newTreeCache(c.budget)
	}
}
