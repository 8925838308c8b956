package rules

import (
	"os"
	"strings"
	"testing"
)

// FuzzParse feeds the rule loader any bytes, as a user's rule file can
// hold: it never panics, a problem names the file, and what parses
// compiles or says why.
func FuzzParse(f *testing.F) {
	seed, err := os.ReadFile("../rules.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte("version: 1\nrules:\n  - id: x\n    disabled: true\n"))
	f.Add([]byte("version: 1\nrules:\n  - id: a\n    kind: legacy-user-key\n    keywords: [dbt]\n    pattern: '(?P<secret>[0-9a-f]{40})'\n    context: {slot: {name: 'dbt'}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, err := Parse("fuzz.yaml", data)
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.yaml") {
				t.Fatalf("an error that does not name the file: %v", err)
			}
			return
		}
		if _, err := Compile(rs); err != nil && !strings.Contains(err.Error(), "fuzz.yaml") {
			t.Fatalf("a compile error that does not name the file: %v", err)
		}
	})
}
