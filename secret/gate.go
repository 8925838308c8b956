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
type Known struct {
	mu     sync.RWMutex
	values []string // longest first, so that a secret inside another goes with it
}

// minKnown is the shortest value Known keeps: a shorter one would redact
// ordinary words wherever they occur.
const minKnown = 8

// Add records values; empty and short ones are ignored.
func (k *Known) Add(values ...string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, v := range values {
		if len(v) >= minKnown && !slices.Contains(k.values, v) {
			k.values = append(k.values, v)
		}
	}
	slices.SortFunc(k.values, func(a, b string) int { return len(b) - len(a) })
}

// redact replaces every known secret in s.
func (k *Known) redact(s string) string {
	k.mu.RLock()
	defer k.mu.RUnlock()
	for _, v := range k.values {
		if strings.Contains(s, v) {
			s = strings.ReplaceAll(s, v, Redact(v))
		}
	}
	return s
}

// Gate is the last writer before bytes leave the process (standard output
// and error, report files): it redacts every secret of Known, whatever
// Shapes finds (credential shapes, which need no knowing), and the userinfo
// of any URL, parsed or not. It works a line at a time, so that a secret
// split across two writes is still seen whole; Flush writes what is left.
// A line longer than gateLine is written in parts cut where no credential
// can straddle the cut. Gate is safe for concurrent use.
type Gate struct {
	w      io.Writer
	known  *Known
	shapes func(string) string
	mu     sync.Mutex
	buf    []byte
}

// gateLine is how much of a line without a newline a Gate holds.
const gateLine = 64 << 10

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
// byte no credential holds (outside [A-Za-z0-9+/=_-]) in its first part,
// so that 1 KiB at least stays for the next write; the whole line when
// there is none.
func cutPoint(b []byte) int {
	for i := len(b) - 1<<10; i > 0; i-- {
		c := b[i-1]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || strings.IndexByte("+/=_-", c) >= 0) {
			return i
		}
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
		// The authority ends at a path, query or fragment, or at a byte
		// that cannot be in one (space, quote, bracket of the text).
		end := strings.IndexAny(s, "/?#\\ \t\r\n\"'<>`")
		if end < 0 {
			end = len(s)
		}
		if at := strings.LastIndexByte(s[:end], '@'); at >= 0 && secretUserinfo(s[:at]) {
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
