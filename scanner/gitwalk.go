package scanner

import (
	"bytes"
	"container/heap"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/util"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// ErrNotRepository is returned by the git sources for a folder that is not
// in a git repository.
var ErrNotRepository = errors.New("not a git repository")

// gitRepo is an opened repository: its git folder, from which each reading
// goroutine opens a storage of its own (go-git's pack readers share a file
// offset, so one storage is not safe for concurrent reads).
type gitRepo struct {
	repo    *git.Repository
	fs      billy.Filesystem // the git folder (.git, or the bare repository)
	work    string           // the working tree's root; "" for a bare repository
	cache   *cache.ObjectLRU // go-git's cache, for loose objects
	objects *packStore       // commits and trees, from the packs first
}

// Object cache sizes: the walk caches trees, which it reads again and again;
// blob readers cache delta bases. Both are bounded so that memory stays flat
// as history grows.
const (
	walkCache = 16 << 20
	readCache = 4 << 20
)

// openGitRepo opens the repository at or above dir (a working tree or a
// bare repository).
func openGitRepo(dir string) (*gitRepo, error) {
	r, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		r, err = git.PlainOpen(dir) // a bare repository has no .git to detect
	}
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, fmt.Errorf("%s: %w", dir, ErrNotRepository)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	st, ok := r.Storer.(*filesystem.Storage)
	if !ok {
		return nil, fmt.Errorf("%s: unsupported repository storage", dir)
	}
	g := &gitRepo{fs: st.Filesystem()}
	if wt, err := r.Worktree(); err == nil {
		g.work = wt.Filesystem.Root()
	}
	// Reopen on a storage with a bounded cache (go-git's default is 96 MiB).
	g.cache = cache.NewObjectLRU(walkCache)
	walkSt := filesystem.NewStorageWithOptions(g.fs, g.cache, filesystem.Options{KeepDescriptors: true})
	g.repo, err = git.Open(walkSt, nil)
	if errors.Is(err, git.ErrWorktreeNotProvided) || err == nil {
		g.objects = newPackStore(g, walkSt)
		return g, nil
	}
	return nil, fmt.Errorf("%s: %w", dir, err)
}

// IsBare reports whether dir is a bare repository, which has history but no
// working tree to scan.
func IsBare(dir string) bool {
	r, err := git.PlainOpen(dir)
	if err != nil {
		return false
	}
	_, err = r.Worktree()
	return errors.Is(err, git.ErrIsBareRepository)
}

// storage opens the repository's objects with a cache of size bytes,
// keeping pack files open between reads (go-git otherwise reopens the pack
// for every object). The caller closes it.
func (g *gitRepo) storage(size cache.FileSize) *filesystem.Storage {
	return filesystem.NewStorageWithOptions(g.fs, cache.NewObjectLRU(size), filesystem.Options{KeepDescriptors: true})
}

// Close releases the files the repository keeps open.
func (g *gitRepo) Close() error {
	err := g.objects.Close()
	if st, ok := g.repo.Storer.(*filesystem.Storage); ok {
		err = errors.Join(err, st.Close())
	}
	return err
}

// index reads the repository's index (.git/index). A missing index is an
// empty one (a repository with nothing staged yet). The caller calls done
// when it has finished with the index.
func (g *gitRepo) index() (idx *gitIndex, done func(), err error) {
	idx, done, err = mapIndex(g.fs.Root())
	if errors.Is(err, os.ErrNotExist) {
		return &gitIndex{data: make([]byte, 12), version: 2}, func() {}, nil
	}
	return idx, done, err
}

// mapIndex maps and parses the index of the git folder gitDir. The caller
// calls done when it has finished with the index.
func mapIndex(gitDir string) (idx *gitIndex, done func(), err error) {
	data, done, err := mapFile(filepath.Join(gitDir, "index"))
	if err != nil {
		return nil, nil, err
	}
	if idx, err = readGitIndex(data); err != nil {
		done()
		return nil, nil, err
	}
	return idx, done, nil
}

// packs lists the repository's pack files.
func (g *gitRepo) packs() ([]plumbing.Hash, error) {
	st, ok := g.repo.Storer.(*filesystem.Storage)
	if !ok {
		return nil, nil
	}
	return st.ObjectPacks()
}

// commitInfo is what a finding says about the commit that introduced it.
type commitInfo struct {
	hash    plumbing.Hash
	when    time.Time
	author  string
	parents []plumbing.Hash
	shallow bool // a shallow clone's boundary: its parents are not in the repository
}

// tips returns the commits every ref points to (branches, tags, remote
// branches, the stash, HEAD), peeling annotated tags. Refs to trees or
// blobs are rare and not followed.
func (g *gitRepo) tips() ([]plumbing.Hash, error) {
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
		if ref.Type() == plumbing.HashReference {
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
func (g *gitRepo) stashes() []plumbing.Hash {
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

// commits returns every commit reachable from tips and not from any of
// stop, parents first (see topoOrder). The parents of a shallow clone's boundary commits are not
// followed, as git does not; a commit that cannot be read is reported
// through missing and the walk goes on.
func (g *gitRepo) commits(tips []plumbing.Hash, stop map[plumbing.Hash]bool, missing func(plumbing.Hash, error)) []*commitInfo {
	var out []*commitInfo
	seen := map[plumbing.Hash]bool{}
	shallow := g.shallow()
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
		ci := &commitInfo{hash: h, when: c.Committer.When, author: c.Author.Name, parents: c.ParentHashes}
		if shallow[h] {
			ci.parents, ci.shallow = nil, true
		}
		out = append(out, ci)
		queue = append(queue, ci.parents...)
	}
	return topoOrder(out)
}

// topoOrder orders commits parents first, and among commits whose parents
// are all placed, oldest first (committer time, then id): the first commit
// to bring content is then found even when clocks are skewed or several
// commits share a second (a rebase, a script).
func topoOrder(cs []*commitInfo) []*commitInfo {
	index := make(map[plumbing.Hash]int, len(cs))
	for i, c := range cs {
		index[c.hash] = i
	}
	waiting := make([]int, len(cs)) // parents not yet placed
	children := make([][]int, len(cs))
	for i, c := range cs {
		for _, p := range c.parents {
			if j, ok := index[p]; ok {
				waiting[i]++
				children[j] = append(children[j], i)
			}
		}
	}
	older := func(a, b int) bool {
		if c := cs[a].when.Compare(cs[b].when); c != 0 {
			return c < 0
		}
		return bytes.Compare(cs[a].hash[:], cs[b].hash[:]) < 0
	}
	h := &commitHeap{less: older}
	for i := range cs {
		if waiting[i] == 0 {
			heap.Push(h, i)
		}
	}
	out := make([]*commitInfo, 0, len(cs))
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

// shallow returns the boundary commits of a shallow clone (.git/shallow),
// whose parents are not in the repository.
func (g *gitRepo) shallow() map[plumbing.Hash]bool {
	hs, _ := g.repo.Storer.Shallow()
	out := make(map[plumbing.Hash]bool, len(hs))
	for _, h := range hs {
		out[h] = true
	}
	return out
}

// reachable returns every commit reachable from h.
func (g *gitRepo) reachable(h plumbing.Hash) map[plumbing.Hash]bool {
	out := map[plumbing.Hash]bool{}
	queue := []plumbing.Hash{h}
	for len(queue) > 0 {
		c := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if out[c] {
			continue
		}
		out[c] = true
		if commit, err := object.GetCommit(g.objects, c); err == nil {
			queue = append(queue, commit.ParentHashes...)
		}
	}
	return out
}

// treeOf returns the root tree of commit h, or nil when it cannot be read.
func (g *gitRepo) treeOf(h plumbing.Hash) (*object.Tree, error) {
	c, err := object.GetCommit(g.objects, h)
	if err != nil {
		return nil, err
	}
	return c.Tree()
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
				prevSub, _ = object.GetTree(s, prev.Hash)
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

// headBlobs maps every path in HEAD's tree to its blob, for in_head.
func (g *gitRepo) headBlobs() map[string]plumbing.Hash {
	out := map[string]plumbing.Hash{}
	head, err := g.repo.Head()
	if err != nil {
		return out // an unborn HEAD holds nothing
	}
	tree, err := g.treeOf(head.Hash())
	if err != nil {
		return out
	}
	_ = diffTrees(g.objects, nil, tree, "", func(path string, blob plumbing.Hash, err error) error {
		if err == nil {
			out[path] = blob
		}
		return nil
	})
	return out
}

// subdir returns dir's slash-separated path inside g's working tree, "" for
// its root (or a bare repository, or a dir outside it).
func (g *gitRepo) subdir(dir string) string {
	if g.work == "" {
		return ""
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	work := g.work
	if r, err := filepath.EvalSymlinks(work); err == nil {
		work = r
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		abs = r
	}
	rel, err := filepath.Rel(work, abs)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return ""
	}
	return filepath.ToSlash(rel)
}
