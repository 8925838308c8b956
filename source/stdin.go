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
	cr := &countingReader{r: r.R}
	var src io.Reader = cr
	if r.Filter.MaxSize > 0 {
		src = io.LimitReader(src, r.Filter.MaxSize+1)
	}
	data, err := io.ReadAll(io.LimitReader(src, PartAbove+1))
	if err != nil {
		return yield(Blob{Provenance: Provenance{Path: p}, Err: fmt.Errorf("read: %w", err)})
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	_, utf16 := UTF16(data)
	if utf16 && len(data) > PartAbove {
		// UTF-16 is decoded whole (see Worktree.read).
		rest, err := io.ReadAll(src)
		if err != nil {
			return yield(Blob{Provenance: Provenance{Path: p}, Err: fmt.Errorf("read: %w", err)})
		}
		data = append(data, rest...)
	}
	switch {
	case r.Filter.TooLarge(int64(len(data))):
		return yield(Blob{Provenance: Provenance{Path: p}, Skip: SkipTooLarge})
	case utf16 || len(data) <= PartAbove:
		return yield(Blob{Provenance: Provenance{Path: p, InHead: true}, Data: data})
	}
	// More than a part: read on a piece at a time. What is past the size
	// limit is not read, and said so.
	var stopped error
	err = readParts(src, data, func(d []byte, pt Part) error {
		stopped = yield(Blob{Provenance: Provenance{Path: p, InHead: true}, Data: d, Part: &pt})
		return stopped
	})
	switch {
	case stopped != nil:
		return stopped
	case err != nil:
		return yield(Blob{Provenance: Provenance{Path: p}, Err: fmt.Errorf("read: %w", err)})
	case r.Filter.TooLarge(cr.n):
		return yield(Blob{Provenance: Provenance{Path: p}, Skip: SkipTooLarge})
	}
	return nil
}

// countingReader counts what passes through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
