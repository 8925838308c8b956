// Package source enumerates the content a scan reads, each piece with where
// it came from: the files of a working tree (Worktree), every unique blob of
// a repository's history (History), what is staged for the next commit
// (Staged) and a single stream such as standard input (Reader). One Filter
// decides, for all of them, which paths are read and how large a file may
// be.
//
// A source only reads: it knows nothing of rules, findings or reports, and
// it never touches the network. What it cannot read is a Blob with Err, not
// a reason to stop.
package source

import (
	"context"
)

// Provenance is where a piece of content came from: its path and, for
// content from history, the commit that introduced it there. It is
// embedded in Blob, in the other places history found the same content at
// (Blob.Also), and in the findings made of it.
type Provenance struct {
	Path   string // slash-separated, relative to the target root
	Commit string // "" for working tree / staged / stdin
	// Author and CommitDate (RFC 3339, UTC) describe Commit.
	Author, CommitDate string
	// InHead says HEAD has this content at Path: true for a tracked
	// working-tree file, false for staged content, per commit for history.
	InHead bool
	// Untracked marks a working-tree file that is not in the git index (a
	// local .env or dbt_cloud.yml). The zero value, tracked, is the safe
	// answer where a source cannot tell.
	Untracked bool
	// Order is the commit's place in history, oldest first: of several
	// findings of one secret at one path, the earliest is reported.
	Order int
}

// Blob is one piece of content with where it came from.
type Blob struct {
	Provenance
	Data []byte // valid only during the callback
	Err  error  // set when this item could not be read (Data is nil): it is reported, and the scan goes on

	// Skip, when not empty, says why the source did not read this item
	// (SkipTooLarge, SkipIgnored); Data is nil. Skips are counted, not
	// errors. Binary content is not a reason: it is read and searched.
	Skip string
	// Also lists the other places history found this same content at,
	// where its findings are repeated without scanning it again.
	Also []Provenance
	// Part, when set, makes Data one piece of a larger file (parts.go).
	Part *Part
	// Seq, when not 0, numbers this content within one Blobs call, for a
	// later Delta to name it by.
	Seq int
	// Delta, when set, says that Data is the content numbered Delta.Base,
	// which the same goroutine yielded before, except in Delta.Spans:
	// history stores most versions of a file as a delta on another, and
	// such a version is new only where its delta wrote.
	Delta *Delta
}

// A Delta places the bytes of a blob that can differ from an earlier one.
type Delta struct {
	Base int // the Seq of the earlier content
	// Spans are ranges [from, to) of Data, ascending and disjoint: what
	// the delta wrote, and the (empty) places where bytes taken from two
	// parts of the base meet. Every other byte is the base's, and so is
	// every run of them between two spans, though not at the same offset.
	Spans [][2]int
}

// Reasons a source skips an item.
const (
	SkipTooLarge = "too_large"
	SkipIgnored  = "ignored"
)

// Source enumerates blobs. Blobs calls yield once per item and stops at the
// first error yield returns, returning it. Each implementation says whether
// it calls yield from several goroutines at once.
type Source interface {
	Blobs(ctx context.Context, yield func(Blob) error) error
}

// A CommitCounter is a Source that walks commits and says how many, once
// Blobs has returned.
type CommitCounter interface {
	Source
	CommitsWalked() int64
}

var _ CommitCounter = (*History)(nil)

// utf16Sniff is how much of a blob UTF16 looks at without a byte-order
// mark.
const utf16Sniff = 8 << 10

// UTF16 reports whether data is UTF-16 text, and which byte order: a
// byte-order mark (FF FE little-endian, FE FF big-endian; what Windows
// PowerShell 5 writes with >), or, without one, ASCII-range text whose
// every other byte is NUL (what Out-File -Encoding Unicode writes without
// a mark, and editors save as "UTF-16 LE"): nine tenths of the code units
// in the first 8 KiB have a zero high byte and a non-zero low one.
func UTF16(data []byte) (littleEndian, ok bool) {
	switch {
	case len(data) >= 2 && data[0] == 0xFF && data[1] == 0xFE:
		return true, true
	case len(data) >= 2 && data[0] == 0xFE && data[1] == 0xFF:
		return false, true
	}
	n := min(len(data), utf16Sniff) / 2
	if n < 8 {
		return false, false
	}
	var le, be int
	for i := range n {
		lo, hi := data[2*i], data[2*i+1]
		switch {
		case lo != 0 && hi == 0:
			le++
		case lo == 0 && hi != 0:
			be++
		}
	}
	switch {
	case le*10 >= n*9:
		return true, true
	case be*10 >= n*9:
		return false, true
	}
	return false, false
}

// Filter is what every source applies to what it reads: paths (Include,
// Exclude) and size (MaxSize). The zero Filter reads everything.
type Filter struct {
	// Include, when not empty, reads only files matching one of them;
	// Exclude skips files and folders matching one of them.
	Include, Exclude []Glob
	// MaxSize skips larger files without reading them; 0 means no limit.
	MaxSize int64
}

// Skips reports whether the file at rel (slash-separated, relative to the
// target root) is left out by its path.
func (f Filter) Skips(rel string) bool {
	return matchAny(f.Exclude, rel) || (len(f.Include) > 0 && !matchAny(f.Include, rel))
}

// SkipsDir reports whether the folder rel and everything in it is left out.
// Include never skips a folder: a file below it may match.
func (f Filter) SkipsDir(rel string) bool { return matchAnyDir(f.Exclude, rel) }

// TooLarge reports whether size is over the limit.
func (f Filter) TooLarge(size int64) bool { return f.MaxSize > 0 && size > f.MaxSize }
