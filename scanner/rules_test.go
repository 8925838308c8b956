package scanner_test

import (
	"testing"

	"github.com/patmigrate/patmigrate"
	"github.com/patmigrate/patmigrate/rules"
	"github.com/patmigrate/patmigrate/scanner"
)

func defaultSet(t testing.TB) *rules.Set {
	t.Helper()
	set, err := patmigrate.DefaultSet()
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestDefaultRuleExamples runs every example of every default rule through
// the real engine: each match example must match, no nomatch example may.
func TestDefaultRuleExamples(t *testing.T) {
	set := defaultSet(t)
	for _, e := range set.Check(scanner.New(set, scanner.Options{}), 2) {
		t.Error(e)
	}
}
