package gitdb

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/sourcegraph/conc/pool"
)

// readTask is a share of the blobs to read: offsets in one pack, in order,
// or (pack nil) blobs found in no pack.
type readTask struct {
	pack  *packFile
	items []packItem // in pack order: blobs and the bases they need
	// dups are blobs whose offset another blob of items has (an index
	// that lies), read by random access.
	dups   []packItem
	loose  []int
	budget int64
}

type packItem struct {
	blob   int // index into the blobs being read, or -1 for a base only
	offset int64
}

// errNotBlob is an object read as a blob that is not one.
var errNotBlob = errors.New("not a blob")

// ErrTooLarge is reported for a blob larger than the size limit, which is
// not read.
var ErrTooLarge = errors.New("larger than the size limit")

// ReadOptions adjust ReadBlobs.
type ReadOptions struct {
	// Jobs bounds the goroutines reading at once; 0 means GOMAXPROCS.
	Jobs int
	// MaxSize: larger blobs are reported with ErrTooLarge, unread; 0 means
	// no limit.
	MaxSize int64
}

// A Delta says how a blob read by ReadBlobs came about when it is stored as
// a delta on another blob of the same read: its content is Base's, read
// before it by the same goroutine, except in Spans, the ranges of the
// content the delta inserted and the places where what it copied from two
// parts of Base meets (empty ranges). A version of a file edited a line at
// a time is new only there.
type Delta struct {
	Base  int      // the index in blobs of the base
	Spans [][2]int // ascending, disjoint; valid only during the call
}

// ReadBlobs reads each of blobs and calls fn with its index in blobs and its
// content, which is valid only during the call, or the error that kept it
// from being read (ErrTooLarge for one over the limit). A blob that cannot
// be read does not stop the others. d, when not nil, says how the content
// came about from a blob fn was called with before.
//
// Blobs in pack files are read in pack order, each pack's share split
// between the goroutines by delta chain, the way git's index-pack reads
// (see packReader): a chain's bases are inflated once, not once per blob
// as random access by id would. Loose blobs go through go-git's storage. fn
// is called from up to Jobs goroutines at once; the first error it returns
// stops the reading and is returned.
//
// ReadBlobs is meant to be called once, after the walk: it drops the trees
// the walk cached to make room for the blobs.
func (g *Repo) ReadBlobs(ctx context.Context, blobs []plumbing.Hash, opts ReadOptions, fn func(i int, data []byte, d *Delta, err error) error) error {
	g.cache.Clear()
	g.trees.clear()
	for _, r := range g.objects.readers {
		r.cache = newBaseCache(walkPackCache)
	}
	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	p := pool.New().WithErrors().WithContext(ctx).WithCancelOnError().WithFirstError().WithMaxGoroutines(jobs)
	for _, t := range g.schedule(blobs, jobs) {
		p.Go(func(ctx context.Context) error { return g.runTask(ctx, t, blobs, opts.MaxSize, fn) })
	}
	return p.Wait()
}

// schedule assigns every blob to a pack (by its index) or to the loose task,
// and splits each pack's blobs, sorted by offset, between the goroutines.
func (g *Repo) schedule(blobs []plumbing.Hash, jobs int) []readTask {
	left := make([]bool, len(blobs))
	for i := range left {
		left[i] = true
	}
	var tasks []readTask
	// The packs the walk read through are shared: their files stay open
	// until the repository is closed.
	for _, pf := range g.objects.packs {
		var items []packItem
		for i, blob := range blobs {
			if !left[i] {
				continue
			}
			if off, err := pf.idx.FindOffset(blob); err == nil {
				items = append(items, packItem{i, off})
				left[i] = false
			}
		}
		tasks = append(tasks, splitPack(pf, items, jobs)...)
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

// runTask reads the blobs of one task.
func (g *Repo) runTask(ctx context.Context, t readTask, blobs []plumbing.Hash, maxSize int64, fn func(int, []byte, *Delta, error) error) error {
	if t.pack == nil {
		st := g.storage(readCache)
		defer st.Close()
		var buf []byte
		for _, i := range t.loose {
			if err := ctx.Err(); err != nil {
				return err
			}
			data, typ, found, err := readLoose(g.objectDirs, blobs[i], cmp.Or(maxSize, maxObjectSize))
			var over *overLimit
			switch {
			case !found:
				buf, data, err = readBlob(st, blobs[i], maxSize, buf[:0])
			case errors.As(err, &over):
				err = ErrTooLarge
			case err == nil && typ != plumbing.BlobObject:
				data, err = nil, fmt.Errorf("%w: it is a %s", errNotBlob, typ)
			}
			if err != nil && !errors.Is(err, ErrTooLarge) {
				err = fmt.Errorf("blob %s: %w", blobs[i], err)
			}
			if err := fn(i, data, nil, err); err != nil {
				return err
			}
		}
		return nil
	}
	pr := &packReader{pack: t.pack, cache: newBaseCache(t.budget), limit: readLimit(maxSize)}
	// The blobs this share has read, by offset: the bases a Delta names.
	read := map[int64]int{}
	deliver := func(it packItem, data []byte, typ plumbing.ObjectType, err error) error {
		var over *overLimit
		switch {
		case errors.As(err, &over) && over.offset == it.offset:
			data, err = nil, ErrTooLarge
		case err != nil:
			err = fmt.Errorf("blob %s: %w", blobs[it.blob], err)
		case typ != plumbing.BlobObject:
			err = fmt.Errorf("blob %s: %w: it is a %s", blobs[it.blob], errNotBlob, typ)
		case maxSize > 0 && int64(len(data)) > maxSize:
			data, err = nil, ErrTooLarge
		}
		var d *Delta
		if err != nil {
			data = nil
		} else if base, ok := read[pr.last.base]; ok && pr.last.ok && !pr.last.ch.whole {
			d = &Delta{Base: base, Spans: pr.last.ch.spans}
		}
		if err := fn(it.blob, data, d, err); err != nil {
			return err
		}
		if err == nil {
			read[it.offset] = it.blob
		}
		return nil
	}
	for _, it := range t.items {
		if err := ctx.Err(); err != nil {
			return err
		}
		if it.blob >= 0 && maxSize > 0 && t.pack.pending[mustPlace(t.pack, it.offset)] == 0 {
			// A whole object too large is skipped before it is inflated.
			if o, err := pr.header(it.offset); err == nil && o.typ == plumbing.BlobObject && o.size > maxSize {
				if err := fn(it.blob, nil, nil, ErrTooLarge); err != nil {
					return err
				}
				continue
			}
		}
		data, typ, err := pr.resolve(it.offset)
		if it.blob < 0 {
			continue // a delta base, now in the cache for what builds on it
		}
		if err := deliver(it, data, typ, err); err != nil {
			return err
		}
	}
	for _, it := range t.dups {
		if err := ctx.Err(); err != nil {
			return err
		}
		// Not resolve: the chain's pending counts belong to another task.
		data, typ, err := pr.object(it.offset, 0)
		pr.last.ok = false
		if err := deliver(it, data, typ, err); err != nil {
			return err
		}
	}
	return nil
}

// readLimit is the largest object a blob read inflates, bases included,
// when blobs over maxSize are not read: a version of a file can be built
// from a larger one (a file cut down), but not from one many times the
// limit, which only a hostile pack (a zlib bomb for a base) holds. A blob
// built on such a base is reported unread, with the reason.
func readLimit(maxSize int64) int64 {
	if maxSize <= 0 {
		return maxObjectSize
	}
	return min(max(4*maxSize, 64<<20), maxObjectSize)
}

// ReadBlob reads blob h into buf (grown as needed), or reports ErrTooLarge
// without reading it when it is larger than maxSize (0: no limit). It
// returns the buffer to keep for the next read, which is nil after a very
// large blob so that one does not hold its memory, and the content.
func (g *Repo) ReadBlob(h plumbing.Hash, maxSize int64, buf []byte) (kept, data []byte, err error) {
	return readBlob(g.objects, h, maxSize, buf)
}

// maxKeptBuffer bounds the buffer a reader keeps between blobs.
const maxKeptBuffer = 16 << 20

func readBlob(st interface {
	EncodedObject(plumbing.ObjectType, plumbing.Hash) (plumbing.EncodedObject, error)
}, blob plumbing.Hash, maxSize int64, buf []byte) (kept, data []byte, err error) {
	obj, err := st.EncodedObject(plumbing.BlobObject, blob)
	if err != nil {
		return buf, nil, err
	}
	size := obj.Size()
	if maxSize > 0 && size > maxSize {
		return buf, nil, ErrTooLarge
	}
	r, err := obj.Reader()
	if err != nil {
		return buf, nil, err
	}
	defer r.Close()
	buf = slices.Grow(buf[:0], int(size))[:size]
	if _, err := io.ReadFull(r, buf); err != nil {
		return buf, nil, err
	}
	if cap(buf) > maxKeptBuffer {
		return nil, buf, nil
	}
	return buf, buf, nil
}

// Unreachable calls fn for every blob of the object store that seen does
// not report (the dangling objects a rewritten history leaves behind), with
// its id and content or the error that kept it from being read. fn is
// called by one goroutine at a time. The objects are listed from the pack
// indexes and the loose object folders and read as ReadBlobs reads, so a
// hostile pack meets the same limits; what turns out not to be a blob is
// passed over.
func (g *Repo) Unreachable(ctx context.Context, seen func(plumbing.Hash) bool, maxSize int64, fn func(h plumbing.Hash, data []byte, err error) error) error {
	ids, err := g.objectIDs()
	if err != nil {
		return err
	}
	ids = slices.DeleteFunc(ids, seen)
	return g.ReadBlobs(ctx, ids, ReadOptions{Jobs: 1, MaxSize: maxSize}, func(i int, data []byte, _ *Delta, err error) error {
		if errors.Is(err, errNotBlob) {
			return nil
		}
		return fn(ids[i], data, err)
	})
}

// objectIDs lists every object of the repository and its alternates,
// once, in id order.
func (g *Repo) objectIDs() ([]plumbing.Hash, error) {
	var ids []plumbing.Hash
	for _, p := range g.objects.packs {
		if x, ok := p.idx.(*packIndex); ok {
			for i := range x.n {
				var h plumbing.Hash
				copy(h[:], x.data[x.names+20*i:])
				ids = append(ids, h)
			}
		}
	}
	for _, dir := range g.objectDirs {
		subs, err := os.ReadDir(dir)
		if err != nil {
			return nil, err
		}
		for _, sub := range subs {
			if len(sub.Name()) != 2 || !sub.IsDir() {
				continue
			}
			files, err := os.ReadDir(filepath.Join(dir, sub.Name()))
			if err != nil {
				return nil, err
			}
			for _, f := range files {
				if name := sub.Name() + f.Name(); plumbing.IsHash(name) {
					ids = append(ids, plumbing.NewHash(name))
				}
			}
		}
	}
	slices.SortFunc(ids, func(a, b plumbing.Hash) int { return bytes.Compare(a[:], b[:]) })
	return slices.Compact(ids), nil
}
