package scanner

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/patmigrate/patmigrate/internal/dbt"
)

// The expressions the hand-written finders stand for, built from the facts
// in package dbt, so that a change there that the finders miss fails here.
var (
	hexShapeRE    = regexp.MustCompile(dbt.LegacyKeyChars + `{40,}`)
	tokenShapeRE  = regexp.MustCompile(dbt.TokenPrefixes + dbt.TokenChars + `{16,}`)
	base64ShapeRE = regexp.MustCompile(`[A-Za-z0-9+/_-]{40,}={0,2}`)
)

// redactTextRE is RedactText as the regular expressions do it.
func redactTextRE(s string) string {
	s = hexShapeRE.ReplaceAllStringFunc(s, Redact)
	s = tokenShapeRE.ReplaceAllStringFunc(s, Redact)
	return base64ShapeRE.ReplaceAllStringFunc(s, func(v string) string {
		if dec, ok := decodeBase64([]byte(v)); ok && (hexShapeRE.Match(dec) || tokenShapeRE.Match(dec)) {
			return Redact(v)
		}
		return v
	})
}

func TestShapesMatchTheirExpressions(t *testing.T) {
	key := "b6589fc6ab0dc82cf12099d1c2d40ab994e8410c"
	pieces := []string{
		key, key[:39], key + "f", strings.ToUpper(key), "dbtu_", "dbtc_", "dbtx_", "dbt", "DBTU_",
		"Abc-_xyz0123456789", "abcdefABCDEF", "0123456789", "=", "==", "===", " ", "_", "-", "+/", "\n",
		"ZGJ0Y18wMTIzNDU2Nzg5YWJjZGVmZ2hpamts",                     // base64 of a service token
		"YjY1ODlmYzZhYjBkYzgyY2YxMjA5OWQxYzJkNDBhYjk5NGU4NDEwYw==", // base64 of the key
		"é", "\xff", "…",
	}
	rng := rand.New(rand.NewPCG(3, 4))
	check := func(s string) {
		t.Helper()
		if got, want := RedactText(s), redactTextRE(s); got != want {
			t.Fatalf("RedactText(%q)\n got %q\nwant %q", s, got, want)
		}
		for _, sh := range []struct {
			re   *regexp.Regexp
			next func(string, int) (int, int)
		}{{hexShapeRE, hexSpan}, {tokenShapeRE, tokenSpan}, {base64ShapeRE, base64Span}} {
			loc := sh.re.FindStringIndex(s)
			whole := loc != nil && loc[0] == 0 && loc[1] == len(s)
			if hasSpan(s, sh.next) != (loc != nil) || wholeSpan(s, sh.next) != whole {
				t.Fatalf("%v on %q: finder disagrees with the expression (%v)", sh.re, s, loc)
			}
		}
	}
	check("")
	for _, p := range pieces {
		check(p)
	}
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(12) {
			p := pieces[rng.IntN(len(pieces))]
			if rng.IntN(3) == 0 {
				p = p[:rng.IntN(len(p)+1)]
			}
			b.WriteString(p)
		}
		check(b.String())
	}
}

func FuzzRedactText(f *testing.F) {
	for _, s := range []string{"", "DBT_CLOUD_API_KEY=b6589fc6ab0dc82cf12099d1c2d40ab994e8410c", "dbtc_0123456789abcdefghij", "YjY1ODlmYzZhYjBkYzgyY2YxMjA5OWQxYzJkNDBhYjk5NGU4NDEwYw=="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := RedactText(s), redactTextRE(s); got != want {
			t.Fatalf("RedactText(%q)\n got %q\nwant %q", s, got, want)
		}
	})
}
