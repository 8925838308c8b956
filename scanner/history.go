package scanner

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/sourcegraph/conc/pool"
)

// History reads the content of a repository's history: every blob reachable
// from any ref (branches, tags, remote branches, the stash), each unique
// blob once however many commits and paths carry it. A blob's findings are
// attributed to the commit that first introduced that content at each path
// that has it (Blob.Also), and say whether HEAD still has it there.
//
// Blobs first walks the commits oldest first, diffing each commit's tree
// against its first parent's and descending only into subtrees that
// changed, then reads the unique blobs in Jobs goroutines, each with its own
// object storage. It calls yield from up to Jobs+1 goroutines at once.
type History struct {
	Root string // a working tree or a bare repository
	// Jobs bounds the blobs read and scanned at once; 0 means GOMAXPROCS.
	Jobs int
	// MaxFileSize skips larger blobs without reading them; 0 means no limit.
	MaxFileSize int64
	// Since, when set, limits the scan to the content introduced by the
	// commits in Since..HEAD (the pull-request range).
	Since string
	// Include and Exclude filter paths as for Worktree.
	Include, Exclude []Glob
	// AllObjects also reads the blobs no ref reaches (dangling objects a
	// rewritten history left behind), at UnreachablePrefix + their id.
	AllObjects bool

	commits atomic.Int64
	prefix  string // Root's folder inside its repository, set by Blobs
}

// UnreachablePrefix starts the path of a blob no ref reaches.
const UnreachablePrefix = "(unreachable)/"

// RevisionError is a --since revision that does not resolve.
type RevisionError struct {
	Rev string
	Err error
}

func (e *RevisionError) Error() string {
	return fmt.Sprintf("revision %q does not resolve to a commit of this repository (%v); fetch it first (CI checkouts are often shallow: fetch-depth: 0)", e.Rev, e.Err)
}

func (e *RevisionError) Unwrap() error { return e.Err }

// Commits returns how many commits the last call of Blobs walked.
func (h *History) Commits() int64 { return h.commits.Load() }

// intro is a place content was introduced: a path and a commit, by index.
type intro struct {
	path   uint32
	commit int32
}

// introIndex records, in one walk of history, every (path, blob) pair a
// commit introduced, compactly (a history of 40,000 commits holds a few MiB
// of them), and, once the walk is done, each unique blob with the places it
// was first introduced. Paths are interned: a long history repeats them.
type introIndex struct {
	paths  []string
	pathID map[string]uint32
	recs   []introRec

	blobs []plumbing.Hash // unique, sorted by id (after finish)
	sites [][]intro       // per blob: the first commit at each path, earliest first
}

type introRec struct {
	blob   plumbing.Hash
	path   uint32
	commit int32
}

func newIntroIndex() *introIndex {
	return &introIndex{pathID: map[string]uint32{}}
}

func (x *introIndex) add(path string, blob plumbing.Hash, commit int32) {
	id, ok := x.pathID[path]
	if !ok {
		id = uint32(len(x.paths))
		x.paths = append(x.paths, path)
		x.pathID[path] = id
	}
	x.recs = append(x.recs, introRec{blob, id, commit})
}

// finish groups the records by blob, keeping for each path only the first
// commit that introduced the blob there.
func (x *introIndex) finish() {
	slices.SortFunc(x.recs, func(a, b introRec) int {
		if c := bytes.Compare(a.blob[:], b.blob[:]); c != 0 {
			return c
		}
		if a.path != b.path {
			return int(a.path) - int(b.path)
		}
		return int(a.commit - b.commit)
	})
	for i, r := range x.recs {
		newBlob := i == 0 || r.blob != x.recs[i-1].blob
		if newBlob {
			x.blobs = append(x.blobs, r.blob)
			x.sites = append(x.sites, nil)
		} else if r.path == x.recs[i-1].path {
			continue // a later commit brought the same content back
		}
		s := &x.sites[len(x.sites)-1]
		*s = append(*s, intro{r.path, r.commit})
	}
	x.recs = nil
	for _, s := range x.sites {
		slices.SortFunc(s, func(a, b intro) int {
			if a.commit != b.commit {
				return int(a.commit - b.commit)
			}
			return int(a.path) - int(b.path)
		})
	}
}

// has reports whether the walk met blob.
func (x *introIndex) has(blob plumbing.Hash) bool {
	_, found := slices.BinarySearchFunc(x.blobs, blob, func(a, b plumbing.Hash) int { return bytes.Compare(a[:], b[:]) })
	return found
}

// Blobs walks history and yields each unique blob once. Commits and blobs
// that cannot be read (a corrupt object, the missing history of a shallow
// clone) are yielded with Err; the scan goes on. An unresolvable Since is a
// *RevisionError.
func (h *History) Blobs(ctx context.Context, yield func(Blob) error) error {
	g, err := openGitRepo(h.Root)
	if err != nil {
		return err
	}
	defer g.Close()
	// A folder inside a repository scans the history of that folder only,
	// with paths relative to it, as a worktree scan of it would name them.
	h.prefix = g.subdir(h.Root)
	tips, stop, err := h.walkRange(g)
	if err != nil {
		return err
	}
	// Problems met while walking are yielded as they come; the first error
	// yield returns ends the walk.
	var yieldErr error
	fail := func(b Blob) {
		if yieldErr == nil {
			yieldErr = yield(b)
		}
	}
	commits := g.commits(tips, stop, func(c plumbing.Hash, err error) {
		fail(Blob{Path: ".", Commit: c.String(), Err: fmt.Errorf("commit %s: %w", c, err)})
	})
	h.commits.Store(int64(len(commits)))
	if n := len(g.shallow()); n > 0 && h.Since == "" {
		fail(Blob{Path: ".", Err: fmt.Errorf("shallow clone: history before %d commit(s) is not in this repository; fetch it (git fetch --unshallow) to scan it", n)})
	}
	x := newIntroIndex()
	for i, c := range commits {
		if err := ctx.Err(); err != nil {
			return err
		}
		if yieldErr != nil {
			return yieldErr
		}
		if c.shallow && h.Since != "" {
			// Without its parents, a boundary commit would seem to add its
			// whole tree: every old key would look new in the range.
			fail(Blob{Path: ".", Commit: c.hash.String(), Err: fmt.Errorf("shallow clone: the parents of %s are not in the repository, so what it introduced is unknown; fetch them (git fetch --unshallow)", c.hash)})
			continue
		}
		h.introductions(g, c, int32(i), x, fail)
	}
	if yieldErr != nil {
		return yieldErr
	}
	x.finish()
	if err := h.read(ctx, g, commits, x, yield); err != nil || !h.AllObjects {
		return err
	}
	return h.unreachable(ctx, g, x, yield)
}

// repoPath turns a path relative to the scanned folder back into one
// relative to the repository's root.
func (h *History) repoPath(rel string) string {
	if h.prefix == "" {
		return rel
	}
	return h.prefix + "/" + rel
}

// walkRange returns the commits to walk from and those to stop at: every ref,
// or with Since, HEAD down to (not into) what Since reaches.
func (h *History) walkRange(g *gitRepo) (tips []plumbing.Hash, stop map[plumbing.Hash]bool, err error) {
	if h.Since == "" {
		if tips, err = g.tips(); err != nil {
			return nil, nil, fmt.Errorf("%s: references: %w", h.Root, err)
		}
		return tips, nil, nil
	}
	rev, err := g.repo.ResolveRevision(plumbing.Revision(h.Since))
	if err != nil {
		return nil, nil, &RevisionError{Rev: h.Since, Err: err}
	}
	head, err := g.repo.Head()
	if err != nil {
		return nil, nil, &RevisionError{Rev: "HEAD", Err: err}
	}
	return []plumbing.Hash{head.Hash()}, g.reachable(*rev), nil
}

// introductions records in x what commit c (the i-th, parents first)
// introduced: what differs from its first parent and, for a merge, from
// every other parent too. Content a merge takes from a parent was
// introduced by that parent's line, not by the merge: merging main into a
// pull request does not make the request introduce main's keys.
func (h *History) introductions(g *gitRepo, c *commitInfo, i int32, x *introIndex, fail func(Blob)) {
	tree, err := g.treeOf(c.hash)
	if err != nil {
		fail(Blob{Path: ".", Commit: c.hash.String(), Err: fmt.Errorf("tree: %w", err)})
		return
	}
	var parent *object.Tree
	if len(c.parents) > 0 {
		parent, _ = g.treeOf(c.parents[0]) // a missing parent: all is new
	}
	var others []*object.Tree
	for _, p := range c.parents[min(1, len(c.parents)):] {
		if t, err := g.treeOf(p); err == nil {
			others = append(others, t)
		}
	}
	_ = diffTrees(g.objects, parent, tree, "", func(path string, blob plumbing.Hash, err error) error {
		if err != nil {
			fail(Blob{Path: path, Commit: c.hash.String(), Err: err})
			return nil
		}
		rel := path
		if h.prefix != "" {
			var ok bool
			if rel, ok = strings.CutPrefix(path, h.prefix+"/"); !ok {
				return nil
			}
		}
		if matchAny(h.Exclude, rel) || (len(h.Include) > 0 && !matchAny(h.Include, rel)) {
			return nil
		}
		for _, o := range others {
			if e, err := o.FindEntry(path); err == nil && e.Hash == blob {
				return nil
			}
		}
		x.add(rel, blob, i)
		return nil
	})
}

// unreachable yields every blob of the object store that the walk did not.
func (h *History) unreachable(ctx context.Context, g *gitRepo, x *introIndex, yield func(Blob) error) error {
	iter, err := g.repo.Storer.IterEncodedObjects(plumbing.BlobObject)
	if err != nil {
		return err
	}
	defer iter.Close()
	var buf []byte
	return iter.ForEach(func(obj plumbing.EncodedObject) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if x.has(obj.Hash()) {
			return nil
		}
		b := Blob{Path: UnreachablePrefix + obj.Hash().String()}
		var err error
		buf, b.Data, b.Skip, err = h.readBlob(g.repo.Storer, obj.Hash(), buf)
		if err != nil {
			b.Err = err
		}
		return yield(b)
	})
}

// read yields the unique blobs of x from Jobs goroutines. Blobs in pack
// files are read in pack order, each pack's share split between the
// goroutines (see packReader); loose blobs go through go-git's storage.
func (h *History) read(ctx context.Context, g *gitRepo, commits []*commitInfo, x *introIndex, yield func(Blob) error) error {
	head := g.headBlobs()
	g.cache.Clear() // the trees are read; the blobs need the memory
	for _, r := range g.objects.readers {
		r.cache = newBaseCache(walkPackCache)
	}
	sites := x.sites
	blobAt := func(i int) Blob {
		site := func(in intro) Site {
			c, path := commits[in.commit], x.paths[in.path]
			return Site{Path: path, Commit: c.hash.String(), Author: c.author,
				CommitDate: c.when.UTC().Format(time.RFC3339), InHead: head[h.repoPath(path)] == x.blobs[i], Order: int(in.commit)}
		}
		s := site(sites[i][0])
		b := Blob{Path: s.Path, Commit: s.Commit, Author: s.Author, CommitDate: s.CommitDate, InHead: s.InHead, Order: s.Order}
		for _, in := range sites[i][1:] {
			b.Also = append(b.Also, site(in))
		}
		return b
	}
	jobs := h.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	tasks := h.plan(g, x, jobs)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := &stopper{yield: yield, cancel: cancel}
	p := pool.New().WithErrors().WithContext(ctx).WithCancelOnError().WithFirstError().WithMaxGoroutines(jobs)
	for _, t := range tasks {
		p.Go(func(ctx context.Context) error { return h.runTask(ctx, g, t, x, blobAt, stop.call) })
	}
	poolErr := p.Wait()
	if stop.err != nil {
		return stop.err
	}
	return poolErr
}

// readTask is a share of the blobs to read: offsets in one pack, in order,
// or (pack nil) blobs found in no pack.
type readTask struct {
	pack    *packFile
	items   []packItem    // in pack order: blobs and the bases they need
	pending map[int64]int // per base: how many items still build on it
	loose   []int
	budget  int64
}

type packItem struct {
	blob   int // index into introIndex.blobs, or -1 for a base only
	offset int64
}

// packFile is an open pack shared by the goroutines reading it.
type packFile struct {
	file   io.ReaderAt
	closer io.Closer
	size   int64
	// offsets returns the offset of every object, ascending; it is
	// computed once, on first need (a pre-commit scan reads a few objects
	// and need not sort a large pack's offsets).
	offsets func() []int64
	exact   bool // read objects to their exact end (offsets is worth sorting)
	// Per object, by its place in offsets (set by planPack): the place of
	// its delta base (-1: none or not planned), and how many planned
	// objects still build on it.
	base, pending []int32
	idx           interface {
		FindOffset(plumbing.Hash) (int64, error)
	}
}

// mustIndex returns the place of an offset known to be in the pack.
func mustIndex(p *packFile, offset int64) int {
	i, _ := p.index(offset)
	return i
}

// index returns the place of the object at offset in offsets.
func (p *packFile) index(offset int64) (int, bool) {
	return slices.BinarySearch(p.offsets(), offset)
}

// end returns where the object at offset ends: the next object, or the
// pack's trailing checksum.
func (p *packFile) end(offset int64) (int64, bool) {
	offsets := p.offsets()
	i, found := slices.BinarySearch(offsets, offset)
	if !found {
		return 0, false
	}
	if i+1 < len(offsets) {
		return offsets[i+1], true
	}
	return p.size - 20, true
}

// plan assigns every blob to a pack (by its index) or to the loose task,
// and splits each pack's blobs, sorted by offset, between the goroutines.
func (h *History) plan(g *gitRepo, x *introIndex, jobs int) []readTask {
	left := make([]bool, len(x.blobs))
	for i := range left {
		left[i] = true
	}
	var tasks []readTask
	// The packs the walk read through are shared: their files stay open
	// until the repository is closed.
	for _, pf := range g.objects.packs {
		var items []packItem
		for i, blob := range x.blobs {
			if !left[i] {
				continue
			}
			if off, err := pf.idx.FindOffset(blob); err == nil {
				items = append(items, packItem{i, off})
				left[i] = false
			}
		}
		tasks = append(tasks, planPack(pf, items, jobs)...)
	}
	var loose []int
	for i, l := range left {
		if l {
			loose = append(loose, i)
		}
	}
	if len(loose) > 0 {
		tasks = append(tasks, readTask{loose: loose})
	}
	return tasks
}

// runTask reads and yields the blobs of one task.
func (h *History) runTask(ctx context.Context, g *gitRepo, t readTask, x *introIndex, blobAt func(int) Blob, yield func(Blob) error) error {
	if t.pack == nil {
		st := g.storage(readCache)
		defer st.Close()
		var buf []byte
		for _, i := range t.loose {
			if err := ctx.Err(); err != nil {
				return err
			}
			b := blobAt(i)
			var err error
			buf, b.Data, b.Skip, err = h.readBlob(st, x.blobs[i], buf[:0])
			if err != nil {
				b.Err = fmt.Errorf("blob %s: %w", x.blobs[i], err)
			}
			if err := yield(b); err != nil {
				return err
			}
		}
		return nil
	}
	pr := &packReader{pack: t.pack, cache: newBaseCache(t.budget)}
	for _, it := range t.items {
		if err := ctx.Err(); err != nil {
			return err
		}
		if it.blob >= 0 && h.MaxFileSize > 0 && t.pack.pending[mustIndex(t.pack, it.offset)] == 0 {
			// A whole object too large is skipped before it is inflated.
			if o, err := pr.header(it.offset); err == nil && o.typ == plumbing.BlobObject && o.size > h.MaxFileSize {
				if err := yield(Blob{Path: blobAt(it.blob).Path, Skip: SkipTooLarge}); err != nil {
					return err
				}
				continue
			}
		}
		data, typ, err := pr.resolve(it.offset)
		if it.blob < 0 {
			continue // a delta base, now in the cache for what builds on it
		}
		b := blobAt(it.blob)
		switch {
		case err != nil:
			b.Err = fmt.Errorf("blob %s: %w", x.blobs[it.blob], err)
		case typ != plumbing.BlobObject:
			b.Err = fmt.Errorf("blob %s: object is a %s", x.blobs[it.blob], typ)
		case h.MaxFileSize > 0 && int64(len(data)) > h.MaxFileSize:
			b.Skip = SkipTooLarge
		case isBinary(data):
			b.Skip = SkipBinary
		default:
			b.Data = data
		}
		if err := yield(b); err != nil {
			return err
		}
	}
	return nil
}

// readBlob reads one blob into buf, unless it is too large or binary.
func (h *History) readBlob(st interface {
	EncodedObject(plumbing.ObjectType, plumbing.Hash) (plumbing.EncodedObject, error)
}, blob plumbing.Hash, buf []byte) (kept, data []byte, skip string, err error) {
	obj, err := st.EncodedObject(plumbing.BlobObject, blob)
	if err != nil {
		return buf, nil, "", err
	}
	size := obj.Size()
	if h.MaxFileSize > 0 && size > h.MaxFileSize {
		return buf, nil, SkipTooLarge, nil
	}
	r, err := obj.Reader()
	if err != nil {
		return buf, nil, "", err
	}
	defer r.Close()
	buf = slices.Grow(buf[:0], int(size))[:size]
	sniff := min(int(size), binarySniff)
	if _, err := io.ReadFull(r, buf[:sniff]); err != nil {
		return buf, nil, "", err
	}
	if isBinary(buf[:sniff]) {
		return buf, nil, SkipBinary, nil
	}
	if _, err := io.ReadFull(r, buf[sniff:]); err != nil {
		return buf, nil, "", err
	}
	if cap(buf) > maxKeptBuffer {
		return nil, buf, "", nil
	}
	return buf, buf, "", nil
}
