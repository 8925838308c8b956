package source

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/patmigrate/patmigrate/gitdb"
	"github.com/patmigrate/patmigrate/internal/dbt"
	"github.com/patmigrate/patmigrate/secret"
)

// History reads the content of a repository's history: every blob reachable
// from any ref (branches, tags, remote branches, the stash), each unique
// blob once however many commits and paths carry it. A blob's findings are
// attributed to the commit that first introduced that content at each path
// that has it (Blob.Also), and say whether HEAD still has it there.
//
// Blobs first walks the commits oldest first, diffing each commit's tree
// against its first parent's and descending only into subtrees that
// changed, then reads the unique blobs in Jobs goroutines in pack order
// (gitdb.Repo.ReadBlobs). It calls yield from up to Jobs+1 goroutines at
// once.
//
// A History is used by one Blobs call at a time.
type History struct {
	Root string // a working tree or a bare repository
	// Jobs bounds the blobs read and scanned at once; 0 means GOMAXPROCS.
	Jobs int
	// Filter decides which paths are read and how large a blob may be.
	Filter Filter
	// Since, when set, limits the scan to the content introduced by the
	// commits in Since..HEAD (the pull-request range).
	Since string
	// AllObjects also reads the blobs no ref reaches (dangling objects a
	// rewritten history left behind), at UnreachablePrefix + their id.
	AllObjects bool

	commits atomic.Int64
	prefix  string // Root's folder inside its repository, set by Blobs
}

// UnreachablePrefix starts the path of a blob no ref reaches.
const UnreachablePrefix = "(unreachable)/"

// RevisionError is a History.Since revision that does not resolve.
type RevisionError struct {
	Rev string
	Err error
}

func (e *RevisionError) Error() string {
	// A revision that does not resolve and has a credential's shape is
	// likely a key pasted in the wrong place: it is not printed whole.
	rev, why := e.Rev, fmt.Sprint(e.Err)
	if dbt.Classify(rev) != dbt.ShapeUnrecognised {
		rev, why = secret.Redact(rev), strings.ReplaceAll(why, rev, secret.Redact(rev))
	}
	return fmt.Sprintf("revision %q does not resolve to a commit of this repository (%s); fetch it first (CI checkouts are often shallow: fetch-depth: 0)", rev, why)
}

func (e *RevisionError) Unwrap() error { return e.Err }

// CommitsWalked returns how many commits the last call of Blobs walked.
func (h *History) CommitsWalked() int64 { return h.commits.Load() }

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

// Blobs walks history and yields each unique blob once. Commits and blobs
// that cannot be read (a corrupt object, the missing history of a shallow
// clone) are yielded with Err; the scan goes on. An unresolvable Since is a
// *RevisionError.
func (h *History) Blobs(ctx context.Context, yield func(Blob) error) error {
	g, err := gitdb.Open(h.Root)
	if err != nil {
		return err
	}
	defer g.Close()
	// A folder inside a repository scans the history of that folder only,
	// with paths relative to it, as a worktree scan of it would name them.
	h.prefix = g.Subdir(h.Root)
	tips, stop, missing, err := h.walkRange(g)
	if err != nil {
		return err
	}
	w := &walk{h: h, g: g, yield: yield, x: newIntroIndex()}
	if h.AllObjects {
		w.walked = map[plumbing.Hash]bool{}
	}
	for _, err := range append(g.Problems(), missing...) {
		w.fail(".", "", err)
	}
	commits := g.Commits(tips, stop, func(c plumbing.Hash, err error) {
		w.fail(".", c.String(), fmt.Errorf("commit %s: %w", c, err))
	})
	h.commits.Store(int64(len(commits)))
	if n := len(g.Shallow()); n > 0 && h.Since == "" {
		w.fail(".", "", fmt.Errorf("shallow clone: history before %d commit(s) is not in this repository; fetch it (git fetch --unshallow) to scan it", n))
	}
	if err := w.introductions(ctx, commits); err != nil {
		return err
	}
	head, err := g.HeadBlobs()
	if err != nil {
		// in_head would be false for what the unreadable part holds: the
		// plan would call a live site "history only". Say so.
		if w.fail(".", "", err); w.err != nil {
			return w.err
		}
	}
	if err := h.read(ctx, g, commits, w.x, head, yield); err != nil || !h.AllObjects {
		return err
	}
	return g.Unreachable(ctx, func(id plumbing.Hash) bool { return w.walked[id] }, h.Filter.MaxSize, func(id plumbing.Hash, data []byte, err error) error {
		return yield(readBlob(Provenance{Path: UnreachablePrefix + id.String()}, data, err))
	})
}

// walk is one walk of history: what each commit introduced, in scope, and
// the problems met, yielded as they come.
type walk struct {
	h     *History
	g     *gitdb.Repo
	yield func(Blob) error
	err   error // the first error yield returned: it ends the walk
	x     *introIndex
	// walked holds every blob the walk met, in the scan's scope or not:
	// with AllObjects, only the others are read as unreachable.
	walked map[plumbing.Hash]bool
}

// fail yields what could not be read at path, until yield has failed.
func (w *walk) fail(path, commit string, err error) {
	if w.err == nil {
		w.err = w.yield(Blob{Provenance: Provenance{Path: path, Commit: commit}, Err: err})
	}
}

// introductions records what each of commits (parents first) introduced,
// then indexes it by blob.
func (w *walk) introductions(ctx context.Context, commits []*gitdb.Commit) error {
	for i, c := range commits {
		if err := ctx.Err(); err != nil {
			return err
		}
		if w.err != nil {
			return w.err
		}
		if c.Shallow && w.h.Since != "" {
			// Without its parents, a boundary commit would seem to add its
			// whole tree: every old key would look new in the range.
			w.fail(".", c.Hash.String(), fmt.Errorf("shallow clone: the parents of %s are not in the repository, so what it introduced is unknown; fetch them (git fetch --unshallow)", c.Hash))
			continue
		}
		err := w.g.Introduced(c, func(path string, blob plumbing.Hash, err error) {
			if err != nil {
				w.fail(w.h.relPath(path), c.Hash.String(), err)
				return
			}
			if w.walked != nil {
				w.walked[blob] = true
			}
			if rel, ok := w.h.inScope(path); ok {
				w.x.add(rel, blob, int32(i))
			}
		})
		if err != nil {
			w.fail(".", c.Hash.String(), err)
		}
	}
	if w.err != nil {
		return w.err
	}
	w.x.finish()
	return nil
}

// inScope returns path (relative to the repository's root) relative to the
// scanned folder, and whether the scan reads it: it is in that folder and
// the filter keeps it.
func (h *History) inScope(path string) (string, bool) {
	rel := path
	if h.prefix != "" {
		var ok bool
		if rel, ok = strings.CutPrefix(path, h.prefix+"/"); !ok {
			return "", false
		}
	}
	return rel, !h.Filter.Skips(rel)
}

// relPath names a path of the repository for an error: relative to the
// scanned folder where it is inside it, else as it is.
func (h *History) relPath(path string) string {
	if rel, ok := strings.CutPrefix(path, h.prefix+"/"); ok && h.prefix != "" {
		return rel
	}
	return path
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
func (h *History) walkRange(g *gitdb.Repo) (tips []plumbing.Hash, stop map[plumbing.Hash]bool, missing []error, err error) {
	if h.Since == "" {
		if tips, err = g.Tips(); err != nil {
			return nil, nil, nil, fmt.Errorf("%s: references: %w", h.Root, err)
		}
		return tips, nil, nil, nil
	}
	rev, err := g.ResolveRevision(h.Since)
	if err != nil {
		return nil, nil, nil, &RevisionError{Rev: h.Since, Err: err}
	}
	head, err := g.Head()
	if err != nil {
		return nil, nil, nil, &RevisionError{Rev: "HEAD", Err: err}
	}
	stop = g.Reachable(rev, func(c plumbing.Hash, err error) {
		missing = append(missing, fmt.Errorf("commit %s, reachable from %s: %w (what the range introduced may include older content)", c, h.Since, err))
	})
	return []plumbing.Hash{head}, stop, missing, nil
}

// read yields the unique blobs of x, read by gitdb in pack order.
func (h *History) read(ctx context.Context, g *gitdb.Repo, commits []*gitdb.Commit, x *introIndex, head map[string]plumbing.Hash, yield func(Blob) error) error {
	// Where git shows a replacement (refs/replace/) for a blob, the
	// replacement is read at the blob's places, and the original as well
	// when the repository has it: what git shows, and what is committed.
	// (A snapshot without its large blobs replaces each with a stub.)
	committed, err := replace(g, x)
	if err != nil {
		return err
	}
	// site is the place in that introduced blob i.
	site := func(i int, in intro) Provenance {
		c, path := commits[in.commit], x.paths[in.path]
		return Provenance{Path: path, Commit: c.Hash.String(), Author: c.Author,
			CommitDate: c.When.UTC().Format(time.RFC3339), InHead: head[h.repoPath(path)] == committed[i], Order: int(in.commit)}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := &stopper{yield: yield, cancel: cancel}
	// A partial clone lacks the blobs its filter left out: they are one
	// error naming the count, not one per blob.
	partial := g.PartialClone()
	var missing atomic.Int64
	err = g.ReadBlobs(ctx, x.blobs, gitdb.ReadOptions{Jobs: h.Jobs, MaxSize: h.Filter.MaxSize}, func(i int, data []byte, d *gitdb.Delta, err error) error {
		if partial && errors.Is(err, plumbing.ErrObjectNotFound) {
			missing.Add(1)
			return nil
		}
		b := readBlob(site(i, x.sites[i][0]), data, err)
		b.Seq = i + 1
		if d != nil {
			b.Delta = &Delta{Base: d.Base + 1, Spans: d.Spans}
		}
		for _, in := range x.sites[i][1:] {
			b.Also = append(b.Also, site(i, in))
		}
		return stop.call(b)
	})
	if stop.err != nil {
		return stop.err
	}
	if n := missing.Load(); n > 0 && err == nil {
		return yield(Blob{Provenance: Provenance{Path: "."}, Err: fmt.Errorf("this is a partial clone (git clone --filter): %d blobs of its history are not in it, and git fetches them only on demand; scan a full clone to read them", n)})
	}
	return err
}

// replace applies the repository's replacements to the blobs x reads, and
// returns, per blob it reads, the blob its places have as committed.
func replace(g *gitdb.Repo, x *introIndex) ([]plumbing.Hash, error) {
	committed := slices.Clone(x.blobs)
	repl, err := g.Replacements()
	if err != nil || len(repl) == 0 {
		return committed, err
	}
	for i, n := 0, len(x.blobs); i < n; i++ {
		r, ok := repl[x.blobs[i]]
		if !ok {
			continue
		}
		if g.Has(x.blobs[i]) {
			x.blobs = append(x.blobs, r)
			x.sites = append(x.sites, x.sites[i])
			committed = append(committed, committed[i])
		} else {
			x.blobs[i] = r
		}
	}
	return committed, nil
}
