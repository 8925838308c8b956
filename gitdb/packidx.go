package gitdb

import (
	"bytes"
	"encoding/binary"
	"errors"
	"slices"

	"github.com/go-git/go-git/v5/plumbing"
)

// packIndex is a pack's .idx file (version 2) kept as the bytes git wrote,
// searched in place: go-git's MemoryIndex builds maps of every object
// (tens of MiB for a large pack), which the blob readers do not need.
type packIndex struct {
	data   []byte // mapped from the file
	unmap  func()
	n      int
	names  int // section offsets in data
	offs   int
	large  int
	fanout [256]uint32
}

var idxMagic = []byte{0xff, 't', 'O', 'c'}

// readPackIndex parses a version 2 pack index.
func readPackIndex(data []byte) (*packIndex, error) {
	if len(data) < 8+256*4 || !bytes.Equal(data[:4], idxMagic) || binary.BigEndian.Uint32(data[4:8]) != 2 {
		return nil, errors.New("not a version 2 pack index")
	}
	x := &packIndex{data: data}
	for i := range x.fanout {
		x.fanout[i] = binary.BigEndian.Uint32(data[8+4*i:])
		// The fanout bounds every search: one that decreases would send
		// a search outside the names.
		if i > 0 && x.fanout[i] < x.fanout[i-1] {
			return nil, errors.New("corrupt pack index: its fanout table decreases")
		}
	}
	x.n = int(x.fanout[255])
	x.names = 8 + 256*4
	x.offs = x.names + 20*x.n + 4*x.n // after the names and the CRCs
	x.large = x.offs + 4*x.n
	if len(data) < x.large+40 {
		return nil, errors.New("truncated pack index: shorter than its fanout table says")
	}
	return x, nil
}

// offsetAt returns the pack offset of the i-th object (in name order).
func (x *packIndex) offsetAt(i int) int64 {
	o := binary.BigEndian.Uint32(x.data[x.offs+4*i:])
	if o&0x80000000 == 0 {
		return int64(o)
	}
	at := x.large + 8*int(o&0x7fffffff)
	if at+8 > len(x.data) {
		return -1
	}
	return int64(binary.BigEndian.Uint64(x.data[at:]))
}

// FindOffset returns the pack offset of h.
func (x *packIndex) FindOffset(h plumbing.Hash) (int64, error) {
	lo := 0
	if h[0] > 0 {
		lo = int(x.fanout[h[0]-1])
	}
	hi := int(x.fanout[h[0]])
	for lo < hi {
		mid := (lo + hi) / 2
		c := bytes.Compare(x.data[x.names+20*mid:x.names+20*mid+20], h[:])
		switch {
		case c == 0:
			if o := x.offsetAt(mid); o >= 0 {
				return o, nil
			}
			return 0, plumbing.ErrObjectNotFound
		case c < 0:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return 0, plumbing.ErrObjectNotFound
}

// sortedOffsets returns every object's offset, ascending.
func (x *packIndex) sortedOffsets() []int64 {
	out := make([]int64, x.n)
	for i := range out {
		out[i] = x.offsetAt(i)
	}
	slices.Sort(out)
	return out
}
