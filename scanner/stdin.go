package scanner

import (
	"context"
	"fmt"
	"io"
)

// StdinPath is the path findings from standard input carry.
const StdinPath = "(stdin)"

// Reader is a source of one blob read from R, such as standard input for
// `patmigrate scan -`. It calls yield once, from the calling goroutine.
type Reader struct {
	R    io.Reader
	Path string // defaults to StdinPath
	// MaxSize skips content larger than this; 0 means no limit.
	MaxSize int64
}

// Blobs reads R to the end and yields it.
func (r *Reader) Blobs(ctx context.Context, yield func(Blob) error) error {
	p := r.Path
	if p == "" {
		p = StdinPath
	}
	src := r.R
	if r.MaxSize > 0 {
		src = io.LimitReader(src, r.MaxSize+1)
	}
	data, err := io.ReadAll(src)
	if err != nil {
		return yield(Blob{Path: p, Err: fmt.Errorf("read: %w", err)})
	}
	if r.MaxSize > 0 && int64(len(data)) > r.MaxSize {
		return yield(Blob{Path: p, Skip: SkipTooLarge})
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return yield(Blob{Path: p, Data: data, InHead: true})
}
