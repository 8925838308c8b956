package scanner

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// indexEntry is one entry of git's index: what the next commit will hold at
// Name.
type indexEntry struct {
	Name  []byte // into the index file's bytes (no copy per entry)
	Hash  plumbing.Hash
	Mode  filemode.FileMode
	Stage int // 0, or 1-3 during a merge conflict
}

// gitIndex is the part of .git/index a staged scan needs. It is read here
// rather than with go-git's decoder for two reasons: that decoder drops the
// cached tree's invalidated folders, which leaves the rest impossible to
// place (so no folder could be skipped), and it decodes each entry by
// reflection, about ten times slower than reading the bytes.
type gitIndex struct {
	Entries []indexEntry // sorted by name, as git writes them
	Cache   *cacheNode   // nil when the index has no cached tree
}

var errIndexFormat = errors.New("unsupported index format")

// readGitIndex parses an index file of version 2, 3 or 4.
func readGitIndex(data []byte) (*gitIndex, error) {
	if len(data) < 12+20 || string(data[:4]) != "DIRC" {
		return nil, errIndexFormat
	}
	version := binary.BigEndian.Uint32(data[4:8])
	if version < 2 || version > 4 {
		return nil, fmt.Errorf("%w: version %d", errIndexFormat, version)
	}
	n := int(binary.BigEndian.Uint32(data[8:12]))
	body := data[:len(data)-20] // the trailing checksum
	x := &gitIndex{Entries: make([]indexEntry, 0, n)}
	at := 12
	var prev []byte
	for i := 0; i < n; i++ {
		start := at
		if at+62 > len(body) {
			return nil, errIndexFormat
		}
		var e indexEntry
		e.Mode = filemode.FileMode(binary.BigEndian.Uint32(body[at+24:]))
		copy(e.Hash[:], body[at+40:at+60])
		flags := binary.BigEndian.Uint16(body[at+60:])
		e.Stage = int(flags>>12) & 3
		at += 62
		if flags&0x4000 != 0 { // extended flags (version 3 and later)
			at += 2
		}
		var name []byte
		if version == 4 {
			strip, w := binary.Uvarint(body[at:])
			if w <= 0 || int(strip) > len(prev) {
				return nil, errIndexFormat
			}
			at += w
			end := bytes.IndexByte(body[at:], 0)
			if end < 0 {
				return nil, errIndexFormat
			}
			name = append(append([]byte(nil), prev[:len(prev)-int(strip)]...), body[at:at+end]...)
			at += end + 1
		} else {
			end := bytes.IndexByte(body[at:], 0)
			if end < 0 {
				return nil, errIndexFormat
			}
			name = body[at : at+end]
			// Entries are padded with 1 to 8 NULs to a multiple of 8.
			at = start + (at-start+end+8)&^7
		}
		prev = name
		e.Name = name
		x.Entries = append(x.Entries, e)
	}
	// Extensions follow: a four-letter signature and a size each.
	for at+8 <= len(body) {
		sig, size := string(body[at:at+4]), int(binary.BigEndian.Uint32(body[at+4:]))
		at += 8
		if at+size > len(body) {
			break
		}
		if sig == "TREE" {
			x.Cache = parseCacheTree(body[at : at+size])
		}
		at += size
	}
	return x, nil
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
