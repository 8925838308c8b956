package scanner

import "strings"

// The shapes RedactText looks for are maximal runs of one byte class, so
// they are found by hand: a regular expression over every snippet of a
// file of hundreds of keys was a third of the file's scan (Go's
// backtracker tries each position), where a byte loop is a few percent.
// TestShapesMatchTheirExpressions keeps each finder equal to the
// expression it stands for.
var (
	hexClass    = byteClass("0123456789abcdef")                                                   // dbt.LegacyKeyChars
	tokenClass  = byteClass("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")   // dbt.TokenChars
	base64Class = byteClass("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-") // standard and URL alphabets
)

const (
	minHexShape    = 40 // a legacy key is forty hex; longer runs are redacted whole
	minTokenShape  = 16 // token characters after dbtu_ or dbtc_
	minBase64Shape = 40 // long enough to hide a key or a token
)

func byteClass(chars string) *[256]bool {
	var c [256]bool
	for i := 0; i < len(chars); i++ {
		c[chars[i]] = true
	}
	return &c
}

// runEnd returns the end of the run of class that starts at i.
func runEnd(s string, i int, class *[256]bool) int {
	for i < len(s) && class[s[i]] {
		i++
	}
	return i
}

// nextRun returns the first maximal run of class at least n long in s at
// or after from, or -1, -1. A byte outside the class rules out every run
// that would cover it, so the search looks at one byte in n where it can.
func nextRun(s string, from int, class *[256]bool, n int) (int, int) {
	for p := from + n - 1; p < len(s); p = from + n - 1 {
		if !class[s[p]] {
			from = p + 1
			continue
		}
		start := p
		for start > from && class[s[start-1]] {
			start--
		}
		end := runEnd(s, p+1, class)
		if end-start >= n {
			return start, end
		}
		from = end + 1
	}
	return -1, -1
}

// hexSpan finds what dbt.LegacyKeyChars+"{40,}" would: no \b, since "_" is
// a word character and KEY_<40 hex> must not escape.
func hexSpan(s string, from int) (int, int) { return nextRun(s, from, hexClass, minHexShape) }

// tokenSpan finds what dbt.TokenPrefixes+dbt.TokenChars+"{16,}" would.
func tokenSpan(s string, from int) (int, int) {
	for {
		i := strings.Index(s[from:], "dbt")
		if i < 0 {
			return -1, -1
		}
		i += from
		if j := i + 5; j <= len(s) && (s[i+3] == 'u' || s[i+3] == 'c') && s[i+4] == '_' {
			if end := runEnd(s, j, tokenClass); end-j >= minTokenShape {
				return i, end
			}
		}
		from = i + 1
	}
}

// base64Span finds what `[A-Za-z0-9+/_-]{40,}={0,2}` would.
func base64Span(s string, from int) (int, int) {
	a, b := nextRun(s, from, base64Class, minBase64Shape)
	for k := 0; a >= 0 && k < 2 && b < len(s) && s[b] == '='; k++ {
		b++
	}
	return a, b
}

// replaceSpans replaces each span that next finds, left to right, with
// what fn returns for it.
func replaceSpans(s string, next func(string, int) (int, int), fn func(string) string) string {
	a, e := next(s, 0)
	if a < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pos := 0
	for ; a >= 0; a, e = next(s, e) {
		b.WriteString(s[pos:a])
		b.WriteString(fn(s[a:e]))
		pos = e
	}
	b.WriteString(s[pos:])
	return b.String()
}

// hasSpan reports whether next finds a span in s.
func hasSpan(s string, next func(string, int) (int, int)) bool {
	a, _ := next(s, 0)
	return a >= 0
}

// wholeSpan reports whether the first span next finds is all of s.
func wholeSpan(s string, next func(string, int) (int, int)) bool {
	a, e := next(s, 0)
	return a == 0 && e == len(s)
}
