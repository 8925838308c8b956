package source

import (
	"bytes"
	"errors"
	"io"
)

// Part places a blob that is one piece of a larger file. A file past
// PartAbove is read a piece at a time, so that memory does not grow with
// it: each piece holds PartSize bytes of its own, cut after a newline,
// and PartContext bytes of the file on either side, so that a match, its
// name and its account are seen whole across a cut. Only what starts in
// the piece's own bytes is its finding.
type Part struct {
	// LinesBefore is how many lines of the file precede the piece.
	LinesBefore int
	// Own and OwnEnd bound the piece's own bytes in Data.
	Own, OwnEnd int
	// First is the file's first piece: the file is counted once.
	First bool
}

// The sizes of parts. A match is at most a few hundred bytes (regions
// stop at 512), so the context is generous.
const (
	PartAbove   = 32 << 20
	PartSize    = 16 << 20
	PartContext = 64 << 10
)

// readParts reads r, whose first bytes head already holds, in parts, and
// calls yield with each piece and where it lies in the file. Data is valid
// only during the call.
func readParts(r io.Reader, head []byte, yield func(data []byte, p Part) error) error {
	buf := append(make([]byte, 0, PartSize+3*PartContext), head...)
	var p Part
	p.First = true
	eof := false
	for {
		// Fill up to the own bytes and the context after them.
		for !eof && len(buf) < p.Own+PartSize+PartContext {
			if cap(buf)-len(buf) < 64<<10 {
				buf = append(buf, make([]byte, 64<<10)...)[:len(buf)]
			}
			n, err := r.Read(buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
			if errors.Is(err, io.EOF) {
				eof = true
			} else if err != nil {
				return err
			}
		}
		p.OwnEnd = len(buf)
		if !eof || len(buf) > p.Own+PartSize {
			// Cut after the last newline of the own bytes (mid-line only
			// in a line longer than a part).
			end := p.Own + PartSize
			if i := bytes.LastIndexByte(buf[p.Own:end], '\n'); i >= 0 {
				end = p.Own + i + 1
			}
			p.OwnEnd = end
		}
		if err := yield(buf, p); err != nil {
			return err
		}
		if p.OwnEnd >= len(buf) && eof {
			return nil
		}
		// The next piece keeps PartContext bytes before its own, from a
		// line start where there is one.
		keep := max(0, p.OwnEnd-PartContext)
		if i := bytes.IndexByte(buf[keep:p.OwnEnd], '\n'); i >= 0 {
			keep += i + 1
		}
		p.LinesBefore += bytes.Count(buf[:keep], []byte{'\n'})
		p.Own = p.OwnEnd - keep
		p.First = false
		buf = append(buf[:0], buf[keep:]...)
	}
}
