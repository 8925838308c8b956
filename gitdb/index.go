package gitdb

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// IndexEntry is one entry of git's index: what the next commit will hold at
// Name.
type IndexEntry struct {
	Name  []byte // into the index file's bytes (no copy per entry)
	Hash  plumbing.Hash
	Mode  filemode.FileMode
	Stage int // 0, or 1-3 during a merge conflict
}

// Index is .git/index, read in place. It is read here rather than with
// go-git's decoder for two reasons: that decoder drops the cached tree's
// invalidated folders, which leaves the rest impossible to place (so no
// folder could be skipped), and it decodes every entry, by reflection; a
// pre-commit scan needs the entries of the changed folders only.
type Index struct {
	data    []byte // the file, without its trailing checksum
	version uint32
	n       int        // entries
	cache   *cacheNode // nil when the index has no cached tree
}

var errIndexFormat = errors.New("unsupported index format")

// parseIndex checks an index file of version 2, 3 or 4 and reads its
// cached tree. Entries are read by an indexCursor.
func parseIndex(data []byte) (*Index, error) {
	if len(data) < 12+20 || string(data[:4]) != "DIRC" {
		return nil, errIndexFormat
	}
	x := &Index{data: data[:len(data)-20], version: binary.BigEndian.Uint32(data[4:8])}
	if x.version < 2 || x.version > 4 {
		return nil, fmt.Errorf("%w: version %d", errIndexFormat, x.version)
	}
	x.n = int(binary.BigEndian.Uint32(data[8:12]))
	// Extensions follow the entries: a four-letter signature and a size each.
	c := x.cursor()
	if err := c.skip(x.n); err != nil {
		return nil, err
	}
	for at := c.at; at+8 <= len(x.data); {
		sig, size := string(x.data[at:at+4]), int(binary.BigEndian.Uint32(x.data[at+4:]))
		at += 8
		if at+size > len(x.data) {
			break
		}
		switch sig {
		case "TREE":
			x.cache = parseCacheTree(x.data[at : at+size])
		case "link":
			// A split index keeps most entries in a shared file; this one
			// holds only the changes, which cannot be read alone.
			return nil, fmt.Errorf("%w: a split index (core.splitIndex); run \"git update-index --no-split-index\"", errIndexFormat)
		}
		at += size
	}
	return x, nil
}

// Entries returns every entry, decoded.
func (x *Index) Entries() ([]IndexEntry, error) {
	c := x.cursor()
	out := make([]IndexEntry, 0, x.n)
	for c.more() {
		e, err := c.next()
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func (x *Index) cursor() *indexCursor { return &indexCursor{x: x, at: 12} }

// indexCursor reads entries in order.
type indexCursor struct {
	x    *Index
	i    int    // entries consumed
	at   int    // offset of the next entry
	prev []byte // the previous name (version 4 compresses against it)
}

func (c *indexCursor) more() bool { return c.i < c.x.n }

// parse reads the entry at c.at without consuming it: its fields, its name
// and where the next entry starts.
func (c *indexCursor) parse() (e IndexEntry, next int, err error) {
	b, at := c.x.data, c.at
	if at+62 > len(b) {
		return e, 0, errIndexFormat
	}
	e.Mode = filemode.FileMode(binary.BigEndian.Uint32(b[at+24:]))
	copy(e.Hash[:], b[at+40:at+60])
	flags := binary.BigEndian.Uint16(b[at+60:])
	e.Stage = int(flags>>12) & 3
	p := at + 62
	if flags&0x4000 != 0 { // extended flags (version 3 and later)
		p += 2
	}
	if p > len(b) {
		return e, 0, errIndexFormat
	}
	if c.x.version == 4 {
		strip, w := binary.Uvarint(b[p:])
		if w <= 0 || int(strip) > len(c.prev) {
			return e, 0, errIndexFormat
		}
		p += w
		end := bytes.IndexByte(b[p:], 0)
		if end < 0 {
			return e, 0, errIndexFormat
		}
		e.Name = append(c.prev[:len(c.prev)-int(strip):len(c.prev)-int(strip)], b[p:p+end]...)
		return e, p + end + 1, nil
	}
	end := bytes.IndexByte(b[p:], 0)
	if end < 0 {
		return e, 0, errIndexFormat
	}
	e.Name = b[p : p+end]
	// Entries are padded with 1 to 8 NULs to a multiple of 8.
	return e, at + (p-at+end+8)&^7, nil
}

// peek returns the next entry's name.
func (c *indexCursor) peek() ([]byte, error) {
	e, _, err := c.parse()
	return e.Name, err
}

// next consumes and returns the next entry.
func (c *indexCursor) next() (IndexEntry, error) {
	e, next, err := c.parse()
	if err != nil {
		return e, err
	}
	c.i, c.at, c.prev = c.i+1, next, e.Name
	return e, nil
}

// skip consumes k entries.
func (c *indexCursor) skip(k int) error {
	for ; k > 0 && c.more(); k-- {
		if _, err := c.next(); err != nil {
			return err
		}
	}
	return nil
}

// cacheNode is a folder of the index's cached tree (the TREE extension).
type cacheNode struct {
	entries  int // index entries below it; -1: invalidated by a change since it was written
	hash     plumbing.Hash
	children map[string]*cacheNode
}

// parseCacheTree rebuilds the TREE extension: a pre-order list of folders,
// each "path\0count subtrees\n" followed by its tree id unless count is -1
// (invalidated by a change since the tree was written). It returns nil for
// anything it cannot read, which only costs the skipping.
func parseCacheTree(b []byte) *cacheNode {
	var parse func() (string, *cacheNode, bool)
	parse = func() (string, *cacheNode, bool) {
		nul := bytes.IndexByte(b, 0)
		if nul < 0 {
			return "", nil, false
		}
		name := string(b[:nul])
		b = b[nul+1:]
		sp := bytes.IndexByte(b, ' ')
		nl := bytes.IndexByte(b, '\n')
		if sp < 0 || nl < sp {
			return "", nil, false
		}
		count, err1 := strconv.Atoi(string(b[:sp]))
		trees, err2 := strconv.Atoi(string(b[sp+1 : nl]))
		if err1 != nil || err2 != nil {
			return "", nil, false
		}
		b = b[nl+1:]
		n := &cacheNode{entries: count, children: map[string]*cacheNode{}}
		if count >= 0 {
			if len(b) < 20 {
				return "", nil, false
			}
			copy(n.hash[:], b[:20])
			b = b[20:]
		}
		for i := 0; i < trees; i++ {
			cname, c, ok := parse()
			if !ok {
				return "", nil, false
			}
			n.children[cname] = c
		}
		return name, n, true
	}
	_, root, ok := parse()
	if !ok {
		return nil
	}
	return root
}
