package rules

import (
	"bytes"
	"regexp/syntax"
	"strings"
	"unicode/utf8"
)

// Run is a necessary condition derived from a pattern: its secret contains
// at least Min consecutive bytes of one class (a user key is forty of
// [0-9a-f]). Checking it is a plain byte loop, far cheaper than running
// the regular expression, and almost no line of ordinary text passes it.
type Run struct {
	class [256]bool
	Min   int
}

// minRun is the shortest run worth a precondition.
const minRun = 16

// In reports whether text holds Min consecutive bytes of the class.
func (r *Run) In(text []byte) bool {
	start, _ := r.Index(text)
	return start >= 0
}

// Index returns the bounds of the first maximal run of the class at least
// Min long in text, or -1, -1. It looks at one byte in Min where it can: a
// byte outside the class at i rules out every run that would cover it, so
// the search jumps past it, which in ordinary text is most of the time.
func (r *Run) Index(text []byte) (start, end int) {
	from := 0 // no run of Min starts before from
	for p := r.Min - 1; p < len(text); p = from + r.Min - 1 {
		if !r.class[text[p]] {
			from = p + 1
			continue
		}
		start = p
		for start > from && r.class[text[start-1]] {
			start--
		}
		end = p + 1
		for end < len(text) && r.class[text[end]] {
			end++
		}
		if end-start >= r.Min {
			return start, end
		}
		from = end + 1
	}
	return -1, -1
}

// base64Run is the run an encoded value of a secret with run r must show:
// base64 turns 3 bytes into 4 characters, and alignment may cost a group.
func (r *Run) base64Run() *Run {
	b := &Run{Min: max(minRun, r.Min*4/3-4)}
	for _, c := range []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_") {
		b.class[c] = true
	}
	return b
}

// union returns a run of either class, as long as the shorter: a text
// holding a run of r or of o holds one of the union.
func (r *Run) union(o *Run) *Run {
	u := &Run{class: r.class, Min: min(r.Min, o.Min)}
	for c, in := range o.class {
		u.class[c] = u.class[c] || in
	}
	return u
}

// secretRun finds the longest mandatory run of one ASCII class in the
// pattern's secret group, or nil.
func secretRun(pattern string) *Run {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	secret := findCapture(re, "secret")
	if secret == nil {
		return nil
	}
	var best *Run
	mandatory(secret, func(n *syntax.Regexp) {
		min := n.Min
		switch n.Op {
		case syntax.OpPlus:
			min = 1
		case syntax.OpRepeat:
		default:
			return
		}
		if r := classRun(n.Sub[0], min); r != nil && (best == nil || r.Min > best.Min) {
			best = r
		}
	})
	return best
}

// mandatory calls fn on n and every node below it that every match of n
// must match: through captures, concatenations and repetitions of at least
// one, not into alternations or optional parts.
func mandatory(n *syntax.Regexp, fn func(*syntax.Regexp)) {
	fn(n)
	switch n.Op {
	case syntax.OpCapture, syntax.OpPlus:
		mandatory(n.Sub[0], fn)
	case syntax.OpRepeat:
		if n.Min > 0 {
			mandatory(n.Sub[0], fn)
		}
	case syntax.OpConcat:
		for _, s := range n.Sub {
			mandatory(s, fn)
		}
	}
}

func findCapture(n *syntax.Regexp, name string) *syntax.Regexp {
	if n.Op == syntax.OpCapture && n.Name == name {
		return n
	}
	for _, s := range n.Sub {
		if c := findCapture(s, name); c != nil {
			return c
		}
	}
	return nil
}

// classRun returns the run for min repetitions of a character class that
// holds only ASCII (a run of a class with wider runes could be multibyte).
func classRun(n *syntax.Regexp, min int) *Run {
	if min < minRun || n.Op != syntax.OpCharClass {
		return nil
	}
	r := &Run{Min: min}
	for i := 0; i+1 < len(n.Rune); i += 2 {
		lo, hi := n.Rune[i], n.Rune[i+1]
		if hi >= utf8.RuneSelf {
			return nil
		}
		for c := lo; c <= hi; c++ {
			r.class[c] = true
		}
	}
	return r
}

// Literal is a string every match of a pattern contains, found by the same
// analysis: checking for it before running the pattern skips most lines
// that hold a keyword but cannot match (a credential-reference rule needs
// "dbt" in the variable name, not just os.environ).
type Literal struct {
	Text string // lowercase when Fold
	Fold bool   // ASCII case-insensitive
}

// In reports whether text contains the literal. A folded literal is
// looked for by its rarest byte with bytes.IndexByte, one cursor per case,
// each only moving forward: a loop over every byte that compared the first
// letter cost a keyword-dense file a sixth of its scan.
func (l Literal) In(text []byte) bool {
	if !l.Fold {
		return bytes.Contains(text, []byte(l.Text))
	}
	k := anchor(l.Text)
	lo, up := l.Text[k], l.Text[k]
	if 'a' <= lo && lo <= 'z' {
		up = lo - 'a' + 'A'
	}
	next := func(from int, c byte) int {
		if i := bytes.IndexByte(text[from:], c); i >= 0 {
			return from + i
		}
		return len(text)
	}
	nl, nu := -1, -1 // the next anchor of each case at or after from
	if lo == up {
		nu = len(text)
	}
	for from := k; from < len(text); {
		if nl < from {
			nl = next(from, lo)
		}
		if nu < from {
			nu = next(from, up)
		}
		j := min(nl, nu)
		if j == len(text) {
			return false
		}
		if s := j - k; s+len(l.Text) <= len(text) && equalFold(text[s:s+len(l.Text)], l.Text) {
			return true
		}
		from = j + 1
	}
	return false
}

// letterRank orders the lowercase letters from the most to the least
// frequent in English text and code.
const letterRank = "etaoinsrhldcumfpgwybvkxjqz"

// anchor returns the index of the byte of the lowercase literal to look
// for first: one that is not a letter (it has one case, and is rarer than
// most letters), else the rarest letter.
func anchor(lower string) int {
	best, rank := 0, -1
	for i := 0; i < len(lower); i++ {
		c := lower[i]
		r := strings.IndexByte(letterRank, c)
		if r < 0 {
			return i
		}
		if r > rank {
			best, rank = i, r
		}
	}
	return best
}

func equalFold(b []byte, lower string) bool {
	for i := 0; i < len(b); i++ {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// requiredLiterals lists the ASCII literals of at least minLiteral bytes
// that sit in mandatory positions of the pattern's top-level concatenation
// (and of mandatory groups within it).
func requiredLiterals(pattern string) []Literal {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	var out []Literal
	mandatory(re, func(n *syntax.Regexp) {
		if n.Op != syntax.OpLiteral {
			return
		}
		if l, ok := literal(n); ok {
			out = append(out, l)
		}
	})
	return out
}

// minLiteral is the shortest literal worth checking for.
const minLiteral = 3

func literal(n *syntax.Regexp) (Literal, bool) {
	if len(n.Rune) < minLiteral {
		return Literal{}, false
	}
	fold := n.Flags&syntax.FoldCase != 0
	b := make([]byte, len(n.Rune))
	for i, r := range n.Rune {
		if r >= utf8.RuneSelf {
			return Literal{}, false
		}
		c := byte(r)
		if fold && 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return Literal{Text: string(b), Fold: fold}, true
}

// anchored reports whether pattern asserts the start of a line or text (^,
// \A): such a pattern must run from a real line start, never from a cut.
func anchored(pattern string) bool {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return false
	}
	var walk func(*syntax.Regexp) bool
	walk = func(n *syntax.Regexp) bool {
		if n.Op == syntax.OpBeginLine || n.Op == syntax.OpBeginText {
			return true
		}
		for _, sub := range n.Sub {
			if walk(sub) {
				return true
			}
		}
		return false
	}
	return walk(re)
}

// fixedValue reports whether pattern is \b(?P<secret>C{n})\b for one byte
// class C and a fixed n, and returns that run: a run of C exactly n long
// between non-word bytes is then a match, and no regular expression need
// run.
func fixedValue(pattern string) *Run {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil || re.Op != syntax.OpConcat || len(re.Sub) != 3 {
		return nil
	}
	b, c, e := re.Sub[0], re.Sub[1], re.Sub[2]
	if b.Op != syntax.OpWordBoundary || e.Op != syntax.OpWordBoundary || c.Op != syntax.OpCapture || c.Name != "secret" {
		return nil
	}
	rep := c.Sub[0]
	if rep.Op != syntax.OpRepeat || rep.Min != rep.Max || rep.Min < minRun {
		return nil
	}
	r := classRun(rep.Sub[0], rep.Min)
	if r == nil {
		return nil
	}
	for c, in := range r.class {
		if in && !isWord(byte(c)) {
			return nil // \b would then fall inside the run
		}
	}
	return r
}

func isWord(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
