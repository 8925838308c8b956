// Package scanner finds dbt Cloud credentials and cross-account API calls in
// content: sources enumerate blobs with their provenance, the engine runs a
// compiled rule set over each, and the result is a sorted list of findings
// plus what could not be read.
package scanner

import "context"

// Blob is one piece of content with where it came from.
type Blob struct {
	Path   string // slash-separated, relative to the target root
	Commit string // "" for working tree / staged
	Data   []byte // valid only during the callback
	Err    error  // set when this item could not be read (Data is nil): it is reported, and the scan goes on

	// Skip, when not empty, says why the source did not read this item
	// (SkipBinary, SkipTooLarge, SkipIgnored); Data is nil. Skips are
	// counted, not errors.
	Skip string
	// Untracked marks a working-tree file that is not in the git index (a
	// local .env or dbt_cloud.yml): its findings say "tracked": false.
	Untracked bool

	// InHead says HEAD has this content at Path: true for a tracked
	// working-tree file, false for staged content, per commit for history.
	// For content from history: the commit's author and date (RFC 3339),
	// and the other places (paths and commits) that introduced the same
	// content, where its findings are repeated without scanning it again.
	Author, CommitDate string
	InHead             bool
	Also               []Site
	// Order is the commit's place in history, oldest first: of several
	// findings of one secret at one path, the earliest is reported.
	Order int
}

// Site is a place that introduced a blob's content.
type Site struct {
	Path, Commit, Author, CommitDate string
	InHead                           bool
	Order                            int
}

// Reasons a source skips an item.
const (
	SkipBinary   = "binary"
	SkipTooLarge = "too_large"
	SkipIgnored  = "ignored"
)

// Source enumerates blobs. Blobs calls yield once per item and stops at the
// first error yield returns, returning it. Each implementation says whether
// it calls yield from several goroutines at once.
type Source interface {
	Blobs(ctx context.Context, yield func(Blob) error) error
}
