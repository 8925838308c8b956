package source

import (
	"context"
	"fmt"
	"io"
)

// StdinPath is the path findings from standard input carry.
const StdinPath = "(stdin)"

// Reader is a source of one blob read from R, such as standard input for
// a scan of "-". It calls yield once, from the calling goroutine.
type Reader struct {
	R    io.Reader
	Path string // defaults to StdinPath
	// Filter applies to Path and to the size read.
	Filter Filter
}

// Blobs reads R to the end and yields it.
func (r *Reader) Blobs(ctx context.Context, yield func(Blob) error) error {
	p := r.Path
	if p == "" {
		p = StdinPath
	}
	if r.Filter.Skips(p) {
		return yield(Blob{Provenance: Provenance{Path: p}, Skip: SkipIgnored})
	}
	src := r.R
	if r.Filter.MaxSize > 0 {
		src = io.LimitReader(src, r.Filter.MaxSize+1)
	}
	data, err := io.ReadAll(src)
	if err != nil {
		return yield(Blob{Provenance: Provenance{Path: p}, Err: fmt.Errorf("read: %w", err)})
	}
	if r.Filter.TooLarge(int64(len(data))) {
		return yield(Blob{Provenance: Provenance{Path: p}, Skip: SkipTooLarge})
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return yield(Blob{Provenance: Provenance{Path: p, InHead: true}, Data: data})
}
