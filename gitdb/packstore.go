package gitdb

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// packStore serves the walk's commits and trees from the pack files through
// packReader, and everything else (loose objects, writes) from go-git's
// storage. go-git decodes each pack index into maps of every object on
// first access (tens of MiB, and 130 ms for a 15 MiB index); this reads the
// index in place, so memory stays flat as history grows and a pre-commit
// scan starts fast.
type packStore struct {
	storer.EncodedObjectStorer
	packs   []*packFile
	readers []*packReader
	dirs    []string // the object directories, for loose objects
}

// walkPackCache is each pack's budget for recently read objects in the walk
// (trees are read again when the next commit is diffed).
const walkPackCache = 16 << 20

// walkLimit bounds the commits, trees and tags the walk reads (and what a
// blob read through ReadBlob is built on): the largest trees of real
// repositories are a few MiB.
const walkLimit = 256 << 20

func newPackStore(g *Repo, fallback *borrowing) *packStore {
	s := &packStore{EncodedObjectStorer: fallback, dirs: g.objectDirs}
	// The repository's own packs, then its alternates'.
	stores := append([]*filesystem.Storage{g.primary}, fallback.alts...)
	for _, st := range stores {
		hashes, _ := st.ObjectPacks()
		for _, h := range hashes {
			f, size, idx, err := openPack(st.Filesystem(), h)
			if err != nil {
				continue // go-git's storage reads this pack instead
			}
			pf := &packFile{file: f, size: size, idx: idx, offsets: sync.OnceValue(idx.sortedOffsets), closer: f}
			s.packs = append(s.packs, pf)
			s.readers = append(s.readers, &packReader{pack: pf, cache: newBaseCache(walkPackCache), limit: walkLimit})
		}
	}
	return s
}

// packed returns object h from the packs or loose, and false when it is
// found in neither (go-git's storage may still read it: a pack whose index
// is not version 2).
func (s *packStore) packed(h plumbing.Hash) ([]byte, plumbing.ObjectType, bool, error) {
	for i, p := range s.packs {
		if off, err := p.idx.FindOffset(h); err == nil {
			data, typ, err := s.readers[i].object(off, 0)
			return data, typ, true, err
		}
	}
	return readLoose(s.dirs, h, walkLimit)
}

// EncodedObject returns the object h, of type t unless t is AnyObject.
func (s *packStore) EncodedObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	data, typ, ok, err := s.packed(h)
	switch {
	case !ok:
		return s.EncodedObjectStorer.EncodedObject(t, h)
	case err != nil:
		return nil, err
	case t != plumbing.AnyObject && typ != t:
		return nil, plumbing.ErrObjectNotFound
	}
	return &packedObject{h: h, t: typ, data: data}, nil
}

// raw returns the content of object h, which must be of type t. What comes
// from a pack is shared with the pack's cache: the caller must not modify
// it.
func (s *packStore) raw(t plumbing.ObjectType, h plumbing.Hash) ([]byte, error) {
	data, typ, ok, err := s.packed(h)
	switch {
	case ok && err != nil:
		return nil, err
	case ok && typ != t:
		return nil, fmt.Errorf("object %s is a %s, not a %s", h, typ, t)
	case ok:
		return data, nil
	}
	obj, err := s.EncodedObjectStorer.EncodedObject(t, h)
	if err != nil {
		return nil, err
	}
	r, err := obj.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	if obj.Size() > maxObjectSize {
		return nil, fmt.Errorf("object %s: implausible size %d", h, obj.Size())
	}
	data = make([]byte, obj.Size())
	if _, err := io.ReadFull(r, data); err != nil {
		return nil, fmt.Errorf("object %s: %w", h, err)
	}
	return data, nil
}

// Close closes the pack files.
func (s *packStore) Close() error {
	var errs []error
	for _, p := range s.packs {
		errs = append(errs, p.closer.Close())
		if idx, ok := p.idx.(*packIndex); ok && idx.unmap != nil {
			idx.unmap()
		}
	}
	return errors.Join(errs...)
}

// packedObject is an object read from a pack: its id is the one the index
// gave, not recomputed.
type packedObject struct {
	h    plumbing.Hash
	t    plumbing.ObjectType
	data []byte
}

var _ plumbing.EncodedObject = (*packedObject)(nil)

func (o *packedObject) Hash() plumbing.Hash           { return o.h }
func (o *packedObject) Type() plumbing.ObjectType     { return o.t }
func (o *packedObject) SetType(t plumbing.ObjectType) { o.t = t }
func (o *packedObject) Size() int64                   { return int64(len(o.data)) }
func (o *packedObject) SetSize(int64)                 {}
func (o *packedObject) Reader() (io.ReadCloser, error) {
	return io.NopCloser(bytes.NewReader(o.data)), nil
}
func (o *packedObject) Writer() (io.WriteCloser, error) {
	return nil, errors.New("a packed object is read-only")
}
