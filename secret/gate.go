package secret

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"sync"
)

// Known is the set of secrets a run has seen: found in content, read from
// the environment, created by apply. Every Gate of the run redacts them.
// It is safe for concurrent use; the zero value is empty and ready.
//
// A gate runs it over every byte the process writes, with hundreds of
// keys known after a large scan: a search per key per line cost a report
// of 500 findings 60 ms. A credential made of run characters
// ([A-Za-z0-9+/=_-], every key and token) can only occur inside a run of
// them, so the text's runs are looked up in a set instead, by each length
// the set holds; other values (rare: a password from the environment) are
// searched one by one.
type Known struct {
	mu      sync.RWMutex
	runs    map[string]bool // values of run characters only
	lengths []int           // their distinct lengths, longest first
	others  []string        // the rest, longest first
}

// minKnown is the shortest value Known keeps: a shorter one would redact
// ordinary words wherever they occur.
const minKnown = 8

// Add records values; empty and short ones are ignored.
func (k *Known) Add(values ...string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, v := range values {
		switch {
		case len(v) < minKnown:
		case strings.IndexFunc(v, func(r rune) bool { return r >= 0x80 || !isRunByte(byte(r)) }) < 0:
			if k.runs == nil {
				k.runs = map[string]bool{}
			}
			if !k.runs[v] {
				k.runs[v] = true
				if !slices.Contains(k.lengths, len(v)) {
					k.lengths = append(k.lengths, len(v))
					slices.SortFunc(k.lengths, func(a, b int) int { return b - a })
				}
			}
		case !slices.Contains(k.others, v):
			k.others = append(k.others, v)
			slices.SortFunc(k.others, func(a, b string) int { return len(b) - len(a) })
		}
	}
}

// redact replaces every known secret in s.
func (k *Known) redact(s string) string {
	k.mu.RLock()
	defer k.mu.RUnlock()
	for _, v := range k.others {
		if strings.Contains(s, v) {
			s = strings.ReplaceAll(s, v, Redact(v))
		}
	}
	if len(k.runs) == 0 {
		return s
	}
	var b strings.Builder
	pos, shortest := 0, k.lengths[len(k.lengths)-1]
	for i := 0; i < len(s); {
		if !isRunByte(s[i]) {
			i++
			continue
		}
		end := i
		for end < len(s) && isRunByte(s[end]) {
			end++
		}
		// Most runs are words, shorter than any value: no lookup.
		for j := i; end-j >= shortest; {
			l := k.match(s[j:end])
			if l == 0 {
				j++
				continue
			}
			b.WriteString(s[pos:j])
			b.WriteString(Redact(s[j : j+l]))
			pos, j = j+l, j+l
		}
		i = end
	}
	if pos == 0 {
		return s
	}
	b.WriteString(s[pos:])
	return b.String()
}

// match returns the length of the longest known value run starts with, or 0.
func (k *Known) match(run string) int {
	for _, l := range k.lengths {
		if l <= len(run) && k.runs[run[:l]] {
			return l
		}
	}
	return 0
}

func isRunByte(c byte) bool { return runBytes[c] }

// runBytes are the bytes of keys and tokens, standard and URL base64.
var runBytes = func() (t [256]bool) {
	for _, c := range []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-") {
		t[c] = true
	}
	return t
}()

// Gate is the last writer before bytes leave the process (standard output
// and error, report files): it redacts every secret of Known, whatever
// Shapes finds (credential shapes, which need no knowing), and the userinfo
// of any URL, parsed or not. It works a line at a time, so that a secret
// split across two writes is still seen whole; Flush writes what is left.
// The process writes short lines (reports are indented, snippets clipped);
// a line longer than gateLine is written in parts, cut at a space at least
// gateTail bytes before its end, which a secret of the run could only
// straddle if it held a space and were that long. Gate is safe for
// concurrent use; writers that split one line over several writes must
// not interleave.
type Gate struct {
	w      io.Writer
	known  *Known
	shapes func(string) string
	mu     sync.Mutex
	buf    []byte
}

// gateLine is how much of a line without a newline a Gate holds, and
// gateTail how much of it stays for the next write when it is cut.
const (
	gateLine = 16 << 20
	gateTail = 64 << 10
)

// NewGate returns a Gate writing to w. known may be shared by several
// gates; shapes may be nil.
func NewGate(w io.Writer, known *Known, shapes func(string) string) *Gate {
	return &Gate{w: w, known: known, shapes: shapes}
}

// Write implements io.Writer. It reports len(p) written once p is held or
// passed on.
func (g *Gate) Write(p []byte) (int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.buf = append(g.buf, p...)
	if i := bytes.LastIndexByte(g.buf, '\n'); i >= 0 {
		if err := g.emit(i + 1); err != nil {
			return 0, err
		}
	}
	if len(g.buf) > gateLine {
		if err := g.emit(cutPoint(g.buf)); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// Flush writes what the gate holds.
func (g *Gate) Flush() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.emit(len(g.buf))
}

// emit redacts and writes buf[:n], keeping the rest.
func (g *Gate) emit(n int) error {
	if n == 0 {
		return nil
	}
	out := g.Redact(string(g.buf[:n]))
	g.buf = append(g.buf[:0], g.buf[n:]...)
	_, err := io.WriteString(g.w, out)
	return err
}

// Redact applies the gate to s.
func (g *Gate) Redact(s string) string {
	if g.known != nil {
		s = g.known.redact(s)
	}
	if g.shapes != nil {
		s = g.shapes(s)
	}
	return ScrubUserinfo(s)
}

// cutPoint is where a long line without a newline is cut: after the last
// space or tab at least gateTail bytes before its end; the whole line when
// there is none.
func cutPoint(b []byte) int {
	if i := bytes.LastIndexAny(b[:len(b)-gateTail], " \t"); i >= 0 {
		return i + 1
	}
	return len(b)
}

// ScrubUserinfo removes the userinfo (user:password@) of every URL in s,
// working on the text: a URL that does not parse (re%zzpo.git, [::1:1)
// loses its credentials all the same. Userinfo that holds nothing secret
// stays: a user name alone (git@, a login shorter than a token) and one
// already redacted (a snippet's 4242:dbtc…t3Sn@).
func ScrubUserinfo(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "://")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i+3])
		s = s[i+3:]
		// The authority ends at a path, query or fragment. A password may
		// hold an unescaped / ? or # all the same (https://u:ab/c@h),
		// which git reads as userinfo: the last @ before the text's end of
		// the URL (a space, a quote) ends userinfo that names a password.
		end := strings.IndexAny(s, "/?#\\ \t\r\n\"'<>`")
		if end < 0 {
			end = len(s)
		}
		stop := strings.IndexAny(s, " \t\r\n\"'<>`")
		if stop < 0 {
			stop = len(s)
		}
		if at := strings.LastIndexByte(s[:end], '@'); at >= 0 && secretUserinfo(s[:at]) {
			s = s[at+1:]
		} else if at := strings.LastIndexByte(s[:stop], '@'); at > end && strings.Contains(s[:end], ":") && secretUserinfo(s[:at]) {
			s = s[at+1:]
		}
	}
}

// secretUserinfo reports whether a URL's userinfo may hold a credential: a
// password not yet redacted, or a user name long enough to be a token
// (GitHub takes a token as the user name).
func secretUserinfo(u string) bool {
	if strings.Contains(u, "…") {
		return false
	}
	user, pass, hasPass := strings.Cut(u, ":")
	return hasPass && pass != "" || len(user) >= 20
}
