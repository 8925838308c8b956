package gitdb

import "errors"

// errDelta is a delta that does not fit its base.
var errDelta = errors.New("invalid delta")

// patchDelta applies a git delta to base. With ch set, it records where
// the result can differ from base's content (see Delta.Spans).
func patchDelta(base, delta []byte, ch *changed) ([]byte, error) {
	srcSize, delta, ok := deltaVarint(delta)
	if !ok || srcSize != uint64(len(base)) {
		return nil, errDelta
	}
	dstSize, delta, ok := deltaVarint(delta)
	if !ok || dstSize > maxObjectSize {
		return nil, errDelta
	}
	// The declared size is checked as the output grows, not trusted for
	// the allocation: a delta of a few bytes can declare gigabytes, and a
	// run of 64 KiB copies can expand past what it declared.
	out := make([]byte, 0, min(dstSize, 1<<20))
	for len(delta) > 0 {
		cmd := delta[0]
		delta = delta[1:]
		switch {
		case cmd&0x80 != 0: // copy from base
			var off, n uint64
			for i := uint(0); i < 4; i++ {
				if cmd&(1<<i) != 0 {
					if len(delta) == 0 {
						return nil, errDelta
					}
					off |= uint64(delta[0]) << (8 * i)
					delta = delta[1:]
				}
			}
			for i := uint(0); i < 3; i++ {
				if cmd&(0x10<<i) != 0 {
					if len(delta) == 0 {
						return nil, errDelta
					}
					n |= uint64(delta[0]) << (8 * i)
					delta = delta[1:]
				}
			}
			if n == 0 {
				n = 0x10000
			}
			if off+n > uint64(len(base)) || uint64(len(out))+n > dstSize {
				return nil, errDelta
			}
			ch.mark(len(out), len(out)) // where copied bytes meet others
			out = append(out, base[off:off+n]...)
		case cmd != 0: // insert the next cmd bytes
			if int(cmd) > len(delta) || uint64(len(out))+uint64(cmd) > dstSize {
				return nil, errDelta
			}
			ch.mark(len(out), len(out)+int(cmd))
			out = append(out, delta[:cmd]...)
			delta = delta[cmd:]
		default:
			return nil, errDelta
		}
	}
	if uint64(len(out)) != dstSize {
		return nil, errDelta
	}
	return out, nil
}

// deltaSize returns the size a delta declares for its result.
func deltaSize(delta []byte) (uint64, bool) {
	_, rest, ok := deltaVarint(delta)
	if !ok {
		return 0, false
	}
	size, _, ok := deltaVarint(rest)
	return size, ok
}

// changed is where a delta's result can differ from its base: what it
// inserts, and each place where a copy starts (bytes copied from two places
// of the base meet there, and may form what neither held).
type changed struct {
	spans [][2]int // ascending, merged where they touch
	whole bool     // past maxSpans: new nearly everywhere
}

// maxSpans bounds the spans recorded for one delta: past it, a version is
// read whole.
const maxSpans = 512

// mark adds [from, to) to the spans. A nil ch records nothing.
func (ch *changed) mark(from, to int) {
	if ch == nil || ch.whole {
		return
	}
	switch n := len(ch.spans); {
	case n > 0 && ch.spans[n-1][1] >= from:
		ch.spans[n-1][1] = max(ch.spans[n-1][1], to)
	case n == maxSpans:
		ch.whole, ch.spans = true, nil
	default:
		ch.spans = append(ch.spans, [2]int{from, to})
	}
}

func deltaVarint(b []byte) (uint64, []byte, bool) {
	var v uint64
	for shift := uint(0); len(b) > 0 && shift < 64; shift += 7 {
		c := b[0]
		b = b[1:]
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			return v, b, true
		}
	}
	return 0, nil, false
}
