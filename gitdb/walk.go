package gitdb

import (
	"bytes"
	"container/heap"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-billy/v5/util"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Commit is what a walk of history learns of a commit.
type Commit struct {
	Hash    plumbing.Hash
	When    time.Time // the committer's time
	Author  string
	Parents []plumbing.Hash
	Shallow bool // a shallow clone's boundary: its parents are not in the repository
}

// Tips returns the commits every ref points to (branches, tags, remote
// branches, the stash, HEAD), peeling annotated tags. Refs to trees or
// blobs are rare and not followed.
func (g *Repo) Tips() ([]plumbing.Hash, error) {
	iter, err := g.repo.Storer.IterReferences()
	if err != nil {
		return nil, err
	}
	var out []plumbing.Hash
	seen := map[plumbing.Hash]bool{}
	add := func(h plumbing.Hash) {
		for range 10 { // annotated tags of annotated tags
			tag, err := object.GetTag(g.objects, h)
			if err != nil {
				break
			}
			h = tag.Target
		}
		if !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	err = iter.ForEach(func(ref *plumbing.Reference) error {
		// refs/replace/ names replacements, which stand in for other
		// objects (Replacements), not tips of history.
		if ref.Type() == plumbing.HashReference && !strings.HasPrefix(ref.Name().String(), "refs/replace/") {
			add(ref.Hash())
		}
		return nil
	})
	if head, herr := g.repo.Head(); herr == nil {
		add(head.Hash())
	}
	for _, h := range g.stashes() {
		add(h)
	}
	return out, err
}

// stashes returns every stash entry: refs/stash names only the newest; the
// older ones (stash@{1}, ...) live in its reflog, which go-git does not
// read. Each reflog line is "old new name <email> time zone\tmessage".
func (g *Repo) stashes() []plumbing.Hash {
	data, err := util.ReadFile(g.fs, "logs/refs/stash")
	if err != nil {
		return nil
	}
	var out []plumbing.Hash
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && plumbing.IsHash(f[1]) {
			out = append(out, plumbing.NewHash(f[1]))
		}
	}
	return out
}

// Commits returns every commit reachable from tips and not from any of
// stop, parents first (see topoOrder). The parents of a shallow clone's boundary commits are not
// followed, as git does not; a commit that cannot be read is reported
// through missing and the walk goes on.
func (g *Repo) Commits(tips []plumbing.Hash, stop map[plumbing.Hash]bool, missing func(plumbing.Hash, error)) []*Commit {
	var out []*Commit
	seen := map[plumbing.Hash]bool{}
	shallow := g.Shallow()
	queue := slices.Clone(tips)
	for len(queue) > 0 {
		h := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if seen[h] || stop[h] {
			continue
		}
		seen[h] = true
		c, err := object.GetCommit(g.objects, h)
		if err != nil {
			missing(h, err)
			continue
		}
		ci := &Commit{Hash: h, When: c.Committer.When, Author: c.Author.Name, Parents: c.ParentHashes}
		if shallow[h] {
			ci.Parents, ci.Shallow = nil, true
		}
		out = append(out, ci)
		queue = append(queue, ci.Parents...)
	}
	return topoOrder(out)
}

// topoOrder orders commits parents first, and among commits whose parents
// are all placed, oldest first (committer time, then id): the first commit
// to bring content is then found even when clocks are skewed or several
// commits share a second (a rebase, a script).
func topoOrder(cs []*Commit) []*Commit {
	index := make(map[plumbing.Hash]int, len(cs))
	for i, c := range cs {
		index[c.Hash] = i
	}
	waiting := make([]int, len(cs)) // parents not yet placed
	children := make([][]int, len(cs))
	for i, c := range cs {
		for _, p := range c.Parents {
			if j, ok := index[p]; ok {
				waiting[i]++
				children[j] = append(children[j], i)
			}
		}
	}
	older := func(a, b int) bool {
		if c := cs[a].When.Compare(cs[b].When); c != 0 {
			return c < 0
		}
		return bytes.Compare(cs[a].Hash[:], cs[b].Hash[:]) < 0
	}
	h := &commitHeap{less: older}
	for i := range cs {
		if waiting[i] == 0 {
			heap.Push(h, i)
		}
	}
	out := make([]*Commit, 0, len(cs))
	for h.Len() > 0 {
		i := heap.Pop(h).(int)
		out = append(out, cs[i])
		for _, c := range children[i] {
			if waiting[c]--; waiting[c] == 0 {
				heap.Push(h, c)
			}
		}
	}
	return out
}

// commitHeap is a min-heap of commit indexes for topoOrder.
type commitHeap struct {
	items []int
	less  func(a, b int) bool
}

func (h *commitHeap) Len() int           { return len(h.items) }
func (h *commitHeap) Less(i, j int) bool { return h.less(h.items[i], h.items[j]) }
func (h *commitHeap) Swap(i, j int)      { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *commitHeap) Push(x any)         { h.items = append(h.items, x.(int)) }
func (h *commitHeap) Pop() any {
	x := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return x
}

// Shallow returns the boundary commits of a shallow clone (.git/shallow),
// whose parents are not in the repository.
func (g *Repo) Shallow() map[plumbing.Hash]bool {
	hs, _ := g.repo.Storer.Shallow()
	out := make(map[plumbing.Hash]bool, len(hs))
	for _, h := range hs {
		out[h] = true
	}
	return out
}

// Reachable returns every commit reachable from h. A commit that cannot be
// read is reported through missing: its ancestors are then not known to be
// reachable, and a range that stops at them would take them for new.
func (g *Repo) Reachable(h plumbing.Hash, missing func(plumbing.Hash, error)) map[plumbing.Hash]bool {
	out := map[plumbing.Hash]bool{}
	queue := []plumbing.Hash{h}
	for len(queue) > 0 {
		c := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if out[c] {
			continue
		}
		out[c] = true
		commit, err := object.GetCommit(g.objects, c)
		if err != nil {
			missing(c, err)
			continue
		}
		queue = append(queue, commit.ParentHashes...)
	}
	return out
}

// ResolveRevision returns the commit a revision names (a branch, a tag, an
// id, HEAD~2, ...).
func (g *Repo) ResolveRevision(rev string) (plumbing.Hash, error) {
	h, err := g.repo.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return *h, nil
}

// Head returns the commit HEAD points to; an unborn HEAD is
// plumbing.ErrReferenceNotFound.
func (g *Repo) Head() (plumbing.Hash, error) {
	ref, err := g.repo.Head()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return ref.Hash(), nil
}

// Replacements returns the replacements git shows in place of objects
// (refs/replace/<original> naming the replacement), or none when
// GIT_NO_REPLACE_OBJECTS is set, as git does.
func (g *Repo) Replacements() (map[plumbing.Hash]plumbing.Hash, error) {
	if _, off := os.LookupEnv("GIT_NO_REPLACE_OBJECTS"); off {
		return nil, nil
	}
	iter, err := g.repo.Storer.IterReferences()
	if err != nil {
		return nil, err
	}
	defer iter.Close()
	out := map[plumbing.Hash]plumbing.Hash{}
	err = iter.ForEach(func(ref *plumbing.Reference) error {
		name := ref.Name().String()
		if orig, ok := strings.CutPrefix(name, "refs/replace/"); ok && ref.Type() == plumbing.HashReference && plumbing.IsHash(orig) {
			out[plumbing.NewHash(orig)] = ref.Hash()
		}
		return nil
	})
	return out, err
}

// Has reports whether the repository holds the object h.
func (g *Repo) Has(h plumbing.Hash) bool { return g.repo.Storer.HasEncodedObject(h) == nil }
