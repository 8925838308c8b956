package scanner_test

import (
	"testing"

	"github.com/patmigrate/patmigrate/internal/ruletest"
	"github.com/patmigrate/patmigrate/scanner"
)

// TestDefaultRuleExamples runs every example of every default rule through
// the real engine: each match example must match, no nomatch example may.
func TestDefaultRuleExamples(t *testing.T) {
	set := ruletest.Default(t)
	for _, e := range set.Check(scanner.New(set, scanner.Options{}), 2) {
		t.Error(e)
	}
}
