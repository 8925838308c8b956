package scanner

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"
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
}

// UnreachablePrefix starts the path of a blob no ref reaches.
const UnreachablePrefix = "(unreachable)/"

// RevisionError is a --since revision that does not resolve.
type RevisionError struct {
	Rev string
	Err error
}

func (e *RevisionError) Error() string {
	return fmt.Sprintf("revision %q: %v", e.Rev, e.Err)
}

func (e *RevisionError) Unwrap() error { return e.Err }

// Commits returns how many commits the last call of Blobs walked.
func (h *History) Commits() int64 { return h.commits.Load() }

// intro is a place content was introduced: a path and a commit, by index.
type intro struct {
	path   uint32
	commit int32
}

// introIndex records, in one walk of history, the first commit that
// introduced each (path, blob) pair, and each unique blob in the order it
// was first seen. Paths are interned: a long history repeats them.
type introIndex struct {
	paths  []string
	pathID map[string]uint32
	first  map[pathBlob]int32
	blobs  []plumbing.Hash
	blobID map[plumbing.Hash]uint32
}

type pathBlob struct {
	path uint32
	blob plumbing.Hash
}

func newIntroIndex() *introIndex {
	return &introIndex{pathID: map[string]uint32{}, first: map[pathBlob]int32{}, blobID: map[plumbing.Hash]uint32{}}
}

func (x *introIndex) add(path string, blob plumbing.Hash, commit int32) {
	id, ok := x.pathID[path]
	if !ok {
		id = uint32(len(x.paths))
		x.paths = append(x.paths, path)
		x.pathID[path] = id
	}
	k := pathBlob{id, blob}
	if _, ok := x.first[k]; ok {
		return
	}
	x.first[k] = commit
	if _, ok := x.blobID[blob]; !ok {
		x.blobID[blob] = uint32(len(x.blobs))
		x.blobs = append(x.blobs, blob)
	}
}

// sites lists, per blob (by first-seen order), where it was introduced,
// earliest first.
func (x *introIndex) sites() [][]intro {
	out := make([][]intro, len(x.blobs))
	for k, c := range x.first {
		i := x.blobID[k.blob]
		out[i] = append(out[i], intro{k.path, c})
	}
	for _, s := range out {
		slices.SortFunc(s, func(a, b intro) int {
			if a.commit != b.commit {
				return int(a.commit - b.commit)
			}
			return int(a.path) - int(b.path)
		})
	}
	return out
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
	var tips []plumbing.Hash
	var stop map[plumbing.Hash]bool
	if h.Since != "" {
		rev, err := g.repo.ResolveRevision(plumbing.Revision(h.Since))
		if err != nil {
			return &RevisionError{Rev: h.Since, Err: err}
		}
		head, err := g.repo.Head()
		if err != nil {
			return &RevisionError{Rev: "HEAD", Err: err}
		}
		stop, tips = g.reachable(*rev), []plumbing.Hash{head.Hash()}
	} else if tips, err = g.tips(); err != nil {
		return fmt.Errorf("%s: references: %w", h.Root, err)
	}
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
	if len(g.shallow()) > 0 && h.Since == "" {
		fail(Blob{Path: ".", Err: fmt.Errorf("shallow clone: history before %d commit(s) is not in this repository; fetch it (git fetch --unshallow) to scan it", len(g.shallow()))})
	}
	x := newIntroIndex()
	for i, c := range commits {
		if err := ctx.Err(); err != nil {
			return err
		}
		if yieldErr != nil {
			return yieldErr
		}
		tree, err := g.treeOf(c.hash)
		if err != nil {
			fail(Blob{Path: ".", Commit: c.hash.String(), Err: fmt.Errorf("tree: %w", err)})
			continue
		}
		var parent *object.Tree
		if len(c.parents) > 0 {
			parent, _ = g.treeOf(c.parents[0]) // a missing parent: all is new
		}
		err = diffTrees(g.repo.Storer, parent, tree, "", func(path string, blob plumbing.Hash, err error) error {
			if err != nil {
				fail(Blob{Path: path, Commit: c.hash.String(), Err: err})
				return nil
			}
			if matchAny(h.Exclude, path) || (len(h.Include) > 0 && !matchAny(h.Include, path)) {
				return nil
			}
			x.add(path, blob, int32(i))
			return nil
		})
		if err != nil {
			return err
		}
	}
	if yieldErr != nil {
		return yieldErr
	}
	if err := h.read(ctx, g, commits, x, yield); err != nil || !h.AllObjects {
		return err
	}
	return h.unreachable(ctx, g, x, yield)
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
		if _, ok := x.blobID[obj.Hash()]; ok {
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

// read yields the unique blobs of x from Jobs goroutines.
func (h *History) read(ctx context.Context, g *gitRepo, commits []*commitInfo, x *introIndex, yield func(Blob) error) error {
	head := g.headBlobs()
	sites := x.sites()
	site := func(in intro, blob plumbing.Hash) Site {
		c, path := commits[in.commit], x.paths[in.path]
		return Site{Path: path, Commit: c.hash.String(), Author: c.author,
			CommitDate: c.when.UTC().Format(time.RFC3339), InHead: head[path] == blob, Order: int(in.commit)}
	}
	jobs := h.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := &stopper{yield: yield, cancel: cancel}
	work := make(chan int, 4*jobs)
	p := pool.New().WithErrors().WithContext(ctx).WithCancelOnError().WithFirstError()
	for range jobs {
		p.Go(func(ctx context.Context) error {
			st := g.storage(readCache)
			defer st.Close()
			var buf []byte
			for i := range work {
				if err := ctx.Err(); err != nil {
					return err
				}
				blob := x.blobs[i]
				s := site(sites[i][0], blob)
				b := Blob{Path: s.Path, Commit: s.Commit, Author: s.Author, CommitDate: s.CommitDate, InHead: s.InHead, Order: s.Order}
				for _, in := range sites[i][1:] {
					b.Also = append(b.Also, site(in, blob))
				}
				var err error
				buf, b.Data, b.Skip, err = h.readBlob(st, blob, buf[:0])
				if err != nil {
					b.Err = fmt.Errorf("blob %s: %w", blob, err)
				}
				if err := stop.call(b); err != nil {
					return err
				}
			}
			return nil
		})
	}
	var err error
feed:
	for i := range x.blobs {
		select {
		case work <- i:
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(work)
	poolErr := p.Wait()
	switch {
	case stop.err != nil:
		return stop.err
	case poolErr != nil:
		return poolErr
	}
	return err
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
