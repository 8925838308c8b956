package scanner

import (
	"regexp"
	"regexp/syntax"
	"unicode"
	"unicode/utf8"
)

// tailPattern is a pattern anchored at the end of its input ($) that runs
// only over the part of the input a match could cover. Go's regexp has no
// backward search: an expression anchored at the value, run over the line
// before it, tries every start of that line, which was most of a value's
// binding cost. No match can hold a byte the pattern never consumes, so
// the input is cut after the last such byte; that byte is kept, so that
// ^ and \b see at the cut what they would have seen in the whole input.
// The leftmost match of the cut input is then the leftmost of the whole,
// with the same groups. TestTailPatterns checks it against the plain
// expression.
type tailPattern struct {
	re *regexp.Regexp
	in [256]bool // bytes a match can consume
}

func newTail(expr string) *tailPattern {
	t := &tailPattern{re: regexp.MustCompile(expr)}
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		panic(err) // MustCompile accepted it
	}
	t.consumes(re)
	return t
}

// consumes marks the bytes n can consume. A rune past ASCII marks every
// byte from 0x80: its encoding's bytes all lie there, and the input is
// never cut inside one.
func (t *tailPattern) consumes(n *syntax.Regexp) {
	mark := func(lo, hi rune) {
		if hi >= utf8.RuneSelf {
			for b := 0x80; b < 256; b++ {
				t.in[b] = true
			}
			hi = utf8.RuneSelf - 1
		}
		for r := lo; r <= hi; r++ {
			t.in[r] = true
		}
	}
	switch n.Op {
	case syntax.OpLiteral:
		for _, r := range n.Rune {
			mark(r, r)
			if n.Flags&syntax.FoldCase != 0 {
				for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
					mark(f, f)
				}
			}
		}
	case syntax.OpCharClass:
		for i := 0; i+1 < len(n.Rune); i += 2 {
			mark(n.Rune[i], n.Rune[i+1])
		}
	case syntax.OpAnyCharNotNL:
		mark(0, '\n'-1)
		mark('\n'+1, unicode.MaxRune)
	case syntax.OpAnyChar:
		mark(0, unicode.MaxRune)
	}
	for _, s := range n.Sub {
		t.consumes(s)
	}
}

// cut returns where in b the search may start.
func (t *tailPattern) cut(b []byte) int {
	for i := len(b) - 1; i >= 0; i-- {
		if !t.in[b[i]] {
			return i
		}
	}
	return 0
}

// FindSubmatchIndex is regexp's, over b.
func (t *tailPattern) FindSubmatchIndex(b []byte) []int {
	c := t.cut(b)
	m := t.re.FindSubmatchIndex(b[c:])
	for i := range m {
		if m[i] >= 0 {
			m[i] += c
		}
	}
	return m
}

// FindSubmatch is regexp's, over b.
func (t *tailPattern) FindSubmatch(b []byte) [][]byte {
	return t.re.FindSubmatch(b[t.cut(b):])
}

// Match is regexp's, over b.
func (t *tailPattern) Match(b []byte) bool { return t.re.Match(b[t.cut(b):]) }
