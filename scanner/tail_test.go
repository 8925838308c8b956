package scanner

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestTailPatterns checks that cutting the input changes nothing: every
// tail pattern of the binder, on random lines of the bytes they care about,
// finds what its plain expression finds.
func TestTailPatterns(t *testing.T) {
	tails := map[string]*tailPattern{
		"headerPrefix": headerPrefix, "headerJoin": headerJoin, "shellDefault": shellDefault,
		"lastName": lastName, "element": element, "assignment": assignment, "spaced": spaced,
		"blockIntro": blockIntro, "exported": exported,
	}
	pieces := []string{
		"export ", "set ", "-e", "--env", "arg", "token", "Token ", "BEARER\t", "%20", "%s", "{0}", "{}",
		".format(", " + ", "..", "&", ",", "'", `"`, "`", "${", "DBT_TOKEN", "api_key", "x", "_", "-", "--",
		":", "=", ":=", "=>", "->", "?=", "+=", "<-", "<<-", "|", ">", "<", "<key a=\"b\">", "[", "]", "(",
		")", "{", "}", "\\", " ", "\t", "\n", "é", "\u212a", "ſ", "\xff", ": Final[str] ", ".", "$", "@", "/",
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for name, tp := range tails {
		plain := regexp.MustCompile(tp.re.String())
		for range 20000 {
			in := randomLine(rng, pieces, 10)
			if got, want := tp.FindSubmatchIndex(in), plain.FindSubmatchIndex(in); !slices.Equal(got, want) {
				t.Fatalf("%s on %q: %v, want %v", name, in, got, want)
			}
			if got, want := tp.Match(in), plain.Match(in); got != want {
				t.Fatalf("%s.Match(%q) = %v", name, in, got)
			}
			got, want := tp.FindSubmatch(in), plain.FindSubmatch(in)
			if len(got) != len(want) || !slices.EqualFunc(got, want, func(a, b []byte) bool { return string(a) == string(b) && (a == nil) == (b == nil) }) {
				t.Fatalf("%s.FindSubmatch(%q) = %q, want %q", name, in, got, want)
			}
		}
	}
}

// randomLine joins up to n pieces drawn at random.
func randomLine(rng *rand.Rand, pieces []string, n int) []byte {
	var b strings.Builder
	for range rng.IntN(n) {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return []byte(b.String())
}

// TestFindArgAfter checks the hand-placed start against the expression.
func TestFindArgAfter(t *testing.T) {
	pieces := []string{`"`, "'", "NAME", ",", " ", "\t", "\n", "\f", "unset", "=", ":", "x", "(", "é", "\xff", "_"}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 100000 {
		in := randomLine(rng, pieces, 12)
		got, want := findArgAfter(in), argAfter.FindSubmatch(in)
		if len(got) != len(want) || !slices.EqualFunc(got, want, func(a, b []byte) bool { return string(a) == string(b) && (a == nil) == (b == nil) }) {
			t.Fatalf("findArgAfter(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFindAssignment checks the run-start search against the expression.
func TestFindAssignment(t *testing.T) {
	pieces := []string{"DBT_TOKEN", "x", "3f9c2a7e", " ", "\t", "=", ":", ":=", "=>", "->", "+=", "<-", "<<-", ": Final[str] ", `"`, "'", "]", "\\", ".", "$", "@", "/", "-", "é", "(", ","}
	rng := rand.New(rand.NewPCG(13, 14))
	for range 100000 {
		in := randomLine(rng, pieces, 10)
		if got, want := findAssignment(in), assignment.re.FindSubmatchIndex(in); !slices.Equal(got, want) {
			t.Fatalf("findAssignment(%q) = %v, want %v", in, got, want)
		}
	}
}

// TestTailCutKeepsContext: ^ and \b after the cut see the byte before it.
func TestTailCutKeepsContext(t *testing.T) {
	for _, tt := range []struct {
		expr, in string
		want     bool
	}{
		{`(?:^|\s)export$`, "foo(export", false},
		{`(?:^|\s)export$`, "export", true},
		{`(?:^|\s)export$`, "(\texport", true},
		{`\bexport$`, "(export", true},
		{`\bexport$`, "xexport", false},
		{`(?i)k$`, "\u212a", true},
	} {
		if got := newTail(tt.expr).Match([]byte(tt.in)); got != tt.want {
			t.Errorf("%s on %q: %v", tt.expr, tt.in, got)
		}
	}
}
