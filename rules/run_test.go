package rules

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// TestRunIndexAgreesWithAByteLoop checks Index's skipping search against
// the plain loop on random texts of hex and other bytes, every run length
// around Min.
func TestRunIndexAgreesWithAByteLoop(t *testing.T) {
	r := &Run{Min: 40}
	for _, c := range []byte("0123456789abcdef") {
		r.class[c] = true
	}
	naive := func(text []byte) (int, int) {
		n := 0
		for i, c := range text {
			if !r.class[c] {
				n = 0
				continue
			}
			if n++; n == r.Min {
				end := i + 1
				for end < len(text) && r.class[text[end]] {
					end++
				}
				return i + 1 - n, end
			}
		}
		return -1, -1
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 20000 {
		text := make([]byte, rng.IntN(200))
		for j := range text {
			if rng.IntN(60) == 0 {
				text[j] = 'x'
			} else {
				text[j] = "0123456789abcdef"[rng.IntN(16)]
			}
		}
		if i%2 == 0 { // runs of every length near Min
			for j := 0; j < len(text); j += 35 + rng.IntN(10) {
				text[j] = '-'
			}
		}
		ws, we := naive(text)
		if gs, ge := r.Index(text); gs != ws || ge != we {
			t.Fatalf("Index(%q) = %d, %d, want %d, %d", text, gs, ge, ws, we)
		}
	}
}

// TestFixedValueAgreesWithTheRegexp checks the fast path a slot rule's
// \b(?P<secret>[0-9a-f]{40})\b takes (runs of exactly 40 between non-word
// bytes) against the regular expression, on random texts.
func TestFixedValueAgreesWithTheRegexp(t *testing.T) {
	pattern := `\b(?P<secret>[0-9a-f]{40})\b`
	fixed := fixedValue(pattern)
	if fixed == nil || fixed.Min != 40 {
		t.Fatalf("fixedValue(%s) = %+v", pattern, fixed)
	}
	for _, p := range []string{`(?P<secret>[0-9a-f]{40})`, `\b(?P<secret>[0-9a-f]{40,})\b`, `\b(?P<secret>[0-9a-f-]{40})\b`, `x\b(?P<secret>[0-9a-f]{40})\b`} {
		if fixedValue(p) != nil {
			t.Errorf("fixedValue(%s) is not nil", p)
		}
	}
	re := regexp.MustCompile(pattern)
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := "0123456789abcdef_G -=\n"
	for range 5000 {
		text := make([]byte, rng.IntN(160))
		for j := range text {
			if rng.IntN(12) == 0 {
				text[j] = alphabet[16+rng.IntN(len(alphabet)-16)]
			} else {
				text[j] = alphabet[rng.IntN(16)]
			}
		}
		var want, got [][2]int
		for _, m := range re.FindAllIndex(text, -1) {
			want = append(want, [2]int{m[0], m[1]})
		}
		for at := 0; at < len(text); {
			s, e := fixed.Index(text[at:])
			if s < 0 {
				break
			}
			s, e = at+s, at+e
			if e-s == fixed.Min && (s == 0 || !isWord(text[s-1])) && (e == len(text) || !isWord(text[e])) {
				got = append(got, [2]int{s, e})
			}
			at = e
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("%q: fast path %v, regexp %v", text, got, want)
		}
	}
}

// TestLiteralIn compares In with a plain search of the lowered text, on
// random texts dense with the literal's letters in both cases.
func TestLiteralIn(t *testing.T) {
	lower := func(b []byte) string { return strings.Map(unicode.ToLower, string(b)) }
	rng := rand.New(rand.NewPCG(9, 10))
	for _, lit := range []string{"dbt_cloud", "dbt", "token", "accounts", "z", "x.y", "aaa", "ab"} {
		for _, fold := range []bool{true, false} {
			l := Literal{Text: lit, Fold: fold}
			alphabet := lit + strings.ToUpper(lit) + "_. \n\xff"
			for range 3000 {
				b := make([]byte, rng.IntN(60))
				for i := range b {
					b[i] = alphabet[rng.IntN(len(alphabet))]
				}
				want := strings.Contains(string(b), lit)
				if fold {
					want = strings.Contains(lower(asciiOnly(b)), lit)
				}
				if got := l.In(b); got != want {
					t.Fatalf("Literal{%q, fold %v}.In(%q) = %v", lit, fold, b, got)
				}
			}
		}
	}
}

// asciiOnly replaces bytes past ASCII, so that lowering them cannot make
// a letter (U+212A KELVIN SIGN lowers to k; In folds ASCII only).
func asciiOnly(b []byte) []byte {
	out := []byte(string(b))
	for i, c := range out {
		if c >= 0x80 {
			out[i] = '#'
		}
	}
	return out
}
