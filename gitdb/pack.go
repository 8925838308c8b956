package gitdb

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-git/v5/plumbing"
)

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
	// Per object, by its place in offsets (set by splitPack): the place of
	// its delta base (-1: none or not scheduled), and how many scheduled
	// objects still build on it.
	base, pending []int32
	idx           interface {
		FindOffset(plumbing.Hash) (int64, error)
	}
}

// mustPlace returns the place of an offset known to be in the pack.
func mustPlace(p *packFile, offset int64) int {
	i, _ := p.place(offset)
	return i
}

// place returns the place of the object at offset in offsets.
func (p *packFile) place(offset int64) (int, bool) {
	return slices.BinarySearch(p.offsets(), offset)
}

// end returns where the object at offset ends: the next object, or the
// pack's trailing checksum.
func (p *packFile) end(offset int64) (int64, bool) {
	i, found := p.place(offset)
	if !found {
		return 0, false
	}
	offsets := p.offsets()
	if i+1 < len(offsets) {
		return offsets[i+1], true
	}
	return p.size - 20, true
}

// packReader reads chosen blobs out of one pack file in offset order, the
// way git's own index-pack does: it inflates only the objects it needs (the
// blobs and the delta bases they are built on) and keeps a bounded cache of
// inflated bases, so a delta chain is resolved once rather than once per
// object, as go-git's random access by hash does. Several goroutines may
// read one pack at once: each takes its own packReader over a share of the
// offsets, and they read the file with ReadAt.
type packReader struct {
	pack  *packFile
	cache *baseCache
	zr    io.ReadCloser
	inbuf []byte
	// limit bounds the size of any object inflated or patched, bases
	// included (0: maxObjectSize), so that a hostile pack's few bytes
	// cannot ask for gigabytes.
	limit int64
	// failed holds the objects that could not be read; dropped the bases
	// the cache could not keep for the objects that build on them.
	failed  map[int64]error
	dropped map[int64]bool
	// last is how the object object(offset, 0) returned last came about,
	// when it was patched from a base: the base's offset and where the
	// two can differ.
	last struct {
		ok   bool
		base int64
		ch   changed
	}
}

// packObject is an object's header: its type, inflated size (for a delta,
// of the delta data) and, for a delta, where its base is.
type packObject struct {
	typ        plumbing.ObjectType
	size       int64
	dataOffset int64
	baseOffset int64         // OFS_DELTA
	baseHash   plumbing.Hash // REF_DELTA
}

// openPack opens pack h and maps its index.
func openPack(fs billy.Filesystem, h plumbing.Hash) (pack billy.File, size int64, idx *packIndex, err error) {
	name := fmt.Sprintf("objects/pack/pack-%s", h)
	data, unmap, err := mapFile(filepath.Join(fs.Root(), name+".idx"))
	if err != nil {
		return nil, 0, nil, err
	}
	if idx, err = readPackIndex(data); err != nil {
		unmap()
		return nil, 0, nil, fmt.Errorf("%s.idx: %w", name, err)
	}
	idx.unmap = unmap
	pack, err = fs.Open(name + ".pack")
	if err != nil {
		unmap()
		return nil, 0, nil, err
	}
	info, err := fs.Stat(name + ".pack")
	if err != nil {
		pack.Close()
		unmap()
		return nil, 0, nil, err
	}
	return pack, info.Size(), idx, nil
}

// header parses the object header at offset.
func (p *packReader) header(offset int64) (packObject, error) {
	var buf [32]byte
	n, err := p.pack.file.ReadAt(buf[:], offset)
	if n == 0 {
		return packObject{}, fmt.Errorf("object at %d: %w", offset, err)
	}
	b := buf[:n]
	i := 0
	next := func() (byte, error) {
		if i >= len(b) {
			return 0, fmt.Errorf("object at %d: truncated header", offset)
		}
		i++
		return b[i-1], nil
	}
	c, _ := next()
	o := packObject{typ: plumbing.ObjectType((c >> 4) & 7), size: int64(c & 15)}
	for shift := 4; c&0x80 != 0; shift += 7 {
		if c, err = next(); err != nil {
			return o, err
		}
		if shift > 56 {
			return o, fmt.Errorf("object at %d: size overflows", offset)
		}
		o.size |= int64(c&0x7f) << shift
	}
	switch o.typ {
	case plumbing.OFSDeltaObject:
		if c, err = next(); err != nil {
			return o, err
		}
		rel := int64(c & 0x7f)
		for c&0x80 != 0 {
			if c, err = next(); err != nil {
				return o, err
			}
			if rel >= 1<<55 {
				return o, fmt.Errorf("object at %d: base offset overflows", offset)
			}
			rel = (rel+1)<<7 | int64(c&0x7f)
		}
		// A base lies before its delta and after the pack's header, as
		// git requires: a chain of offsets can then never loop.
		if o.baseOffset = offset - rel; rel == 0 || o.baseOffset < 12 {
			return o, fmt.Errorf("object at %d: delta base offset %d is not before it in the pack", offset, o.baseOffset)
		}
	case plumbing.REFDeltaObject:
		if len(b)-i < 20 {
			return o, fmt.Errorf("object at %d: truncated base id", offset)
		}
		copy(o.baseHash[:], b[i:i+20])
		i += 20
	}
	o.dataOffset = offset + int64(i)
	return o, nil
}

// inflate returns the zlib-compressed data of o, inflated into dst.
func (p *packReader) inflate(o packObject, end int64, dst []byte) ([]byte, error) {
	// The compressed data ends where the next object starts (or at the
	// pack's trailing checksum): read it whole, then inflate from memory.
	n := end - o.dataOffset
	if n <= 0 {
		return nil, fmt.Errorf("object at %d: bad extent", o.dataOffset)
	}
	// Deflate cannot shrink data more than 1032 to 1: a header declaring
	// more than its compressed bytes can hold lies, and is refused before
	// anything is allocated for it.
	if o.size < 0 || o.size > maxObjectSize || o.size > 1032*n+64 {
		return nil, fmt.Errorf("object at %d: implausible size %d for %d compressed bytes", o.dataOffset, o.size, n)
	}
	p.inbuf = slices.Grow(p.inbuf[:0], int(n))[:n]
	// A truncated pack reads short: inflate what is there (and fail on
	// its end), never the bytes an earlier object left in the buffer.
	got, err := p.pack.file.ReadAt(p.inbuf, o.dataOffset)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	p.inbuf = p.inbuf[:got]
	src := bytes.NewReader(p.inbuf)
	if p.zr == nil {
		zr, err := zlib.NewReader(src)
		if err != nil {
			return nil, err
		}
		p.zr = zr
	} else if err := p.zr.(zlib.Resetter).Reset(src, nil); err != nil {
		return nil, err
	}
	dst = slices.Grow(dst[:0], int(o.size))[:o.size]
	if _, err := io.ReadFull(p.zr, dst); err != nil {
		return nil, fmt.Errorf("object at %d: inflate: %w", o.dataOffset, err)
	}
	// Read on to the end of the stream: only there does zlib check its
	// checksum, and a corrupt pack must be reported, not scanned as if clean.
	var one [1]byte
	if n, err := p.zr.Read(one[:]); n != 0 || err != io.EOF {
		if err == nil || err == io.EOF {
			err = errors.New("longer than its header says")
		}
		return nil, fmt.Errorf("object at %d: %w", o.dataOffset, err)
	}
	return dst, nil
}

// maxObjectSize bounds the size a pack header or delta may announce before
// anything is allocated for it: a crafted pack could otherwise ask for
// exabytes. Real objects this large are not text worth scanning.
const maxObjectSize = 1 << 32

// resolve returns the object at offset for the task's walk through the pack
// in order: the base of a delta was resolved earlier in the walk and waits in
// the cache for as long as items still build on it.
func (p *packReader) resolve(offset int64) ([]byte, plumbing.ObjectType, error) {
	data, typ, err := p.object(offset, 0)
	if err != nil {
		return nil, 0, err
	}
	// The pending counts are shared by the goroutines reading this pack, but
	// a chain belongs to one of them: each touches only its own entries.
	i, _ := p.pack.place(offset)
	if p.pack.pending[i] > 0 && !p.cache.pin(offset, data, typ) {
		// What builds on it is reported unread, not rebuilt from the
		// chain's root once per object: a hostile pack's chain is long.
		if p.dropped == nil {
			p.dropped = map[int64]bool{}
		}
		p.dropped[offset] = true
	}
	if b := p.pack.base[i]; b >= 0 {
		if p.pack.pending[b]--; p.pack.pending[b] <= 0 {
			p.cache.unpin(p.pack.offsets()[b])
		}
	}
	return data, typ, nil
}

// inflateAt inflates o. The compressed data ends where the next object
// starts, which takes the pack's sorted offsets to know; a zlib stream ends
// by itself, though, so a read with room to spare (zlib adds at most a few
// bytes per 16 KiB to data it cannot compress) usually does without them,
// which spares a pre-commit scan the sorting of a large pack's offsets.
func (p *packReader) inflateAt(offset int64, o packObject) ([]byte, error) {
	if !p.pack.exact {
		guess := min(o.dataOffset+o.size+o.size/8+64, p.pack.size-20)
		if raw, err := p.inflate(o, guess, nil); err == nil {
			return raw, nil
		}
	}
	end, ok := p.pack.end(offset)
	if !ok {
		return nil, fmt.Errorf("object at %d is not in the pack index", offset)
	}
	return p.inflate(o, end, nil)
}

// maxChain bounds delta chains (git's default is 50, and pack-objects
// refuses more than 4095) so that a hostile pack whose REF_DELTA bases form
// a loop cannot recurse forever.
const maxChain = 10000

// overLimit is an object larger than the reader's limit: it is not inflated.
type overLimit struct{ offset, size, limit int64 }

func (e *overLimit) Error() string {
	what := "object"
	if e.offset >= 0 {
		what = fmt.Sprintf("object at %d", e.offset)
	}
	return fmt.Sprintf("%s is %d bytes, over the %d MiB this read allows", what, e.size, e.limit>>20)
}

// object returns the content of the object at offset, resolving deltas
// through the cache. The result is owned by the cache when cached; callers
// must not modify it. An object that failed once fails again at once: in a
// hostile pack every object of a chain too deep to read would otherwise
// walk the chain again.
func (p *packReader) object(offset int64, depth int) ([]byte, plumbing.ObjectType, error) {
	if depth == 0 {
		p.last.ok = false
	}
	if data, typ, ok := p.cache.get(offset); ok {
		return data, typ, nil
	}
	if err := p.failed[offset]; err != nil {
		return nil, 0, err
	}
	data, typ, err := p.build(offset, depth)
	if err != nil {
		if p.failed == nil {
			p.failed = map[int64]error{}
		}
		p.failed[offset] = err
	}
	return data, typ, err
}

// build reads the object at offset, not cached, patching it from its base
// when it is a delta. The base is resolved before the delta is inflated, so
// that a long chain holds headers on the stack, not deltas.
func (p *packReader) build(offset int64, depth int) ([]byte, plumbing.ObjectType, error) {
	if depth > maxChain {
		return nil, 0, fmt.Errorf("object at %d: delta chain too deep", offset)
	}
	o, err := p.header(offset)
	if err != nil {
		return nil, 0, err
	}
	limit := p.limit
	if limit <= 0 {
		limit = maxObjectSize
	}
	if o.typ != plumbing.OFSDeltaObject && o.typ != plumbing.REFDeltaObject {
		if o.size > limit {
			return nil, 0, &overLimit{offset, o.size, limit}
		}
		raw, err := p.inflateAt(offset, o)
		if err != nil {
			return nil, 0, err
		}
		p.cache.put(offset, raw, o.typ)
		return raw, o.typ, nil
	}
	baseOffset := o.baseOffset
	if o.typ == plumbing.REFDeltaObject {
		if baseOffset, err = p.pack.idx.FindOffset(o.baseHash); err != nil {
			return nil, 0, fmt.Errorf("object at %d: base %s is not in this pack", offset, o.baseHash)
		}
	}
	if _, _, ok := p.cache.get(baseOffset); !ok && p.dropped[baseOffset] {
		return nil, 0, fmt.Errorf("object at %d: its delta base was not kept: more than %d MiB of bases were needed at once", offset, pinBudget>>20)
	}
	base, typ, err := p.object(baseOffset, depth+1)
	if err != nil {
		return nil, 0, err
	}
	raw, err := p.inflateAt(offset, o)
	if err != nil {
		return nil, 0, err
	}
	if size, ok := deltaSize(raw); ok && size > uint64(limit) {
		return nil, 0, &overLimit{offset, int64(min(size, 1<<62)), limit}
	}
	var ch *changed
	if depth == 0 {
		p.last.ch = changed{spans: p.last.ch.spans[:0]}
		ch = &p.last.ch
	}
	data, err := patchDelta(base, raw, ch)
	if err != nil {
		return nil, 0, fmt.Errorf("object at %d: %w", offset, err)
	}
	if depth == 0 {
		p.last.ok, p.last.base = true, baseOffset
	}
	p.cache.put(offset, data, typ)
	return data, typ, nil
}
