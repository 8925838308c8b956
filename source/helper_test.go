package source_test

import (
	"testing"

	"github.com/patmigrate/patmigrate"
	"github.com/patmigrate/patmigrate/rules"
)

// The history and staged tests check what a source yields through the
// engine: which commit a finding is attributed to, and whether HEAD has it.
func defaultSet(t testing.TB) *rules.Set {
	t.Helper()
	set, err := patmigrate.DefaultSet()
	if err != nil {
		t.Fatal(err)
	}
	return set
}

const (
	keyA = "3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a"
	keyB = "8d1e5c3a9b7f2e4d6c8a0b1f3e5d7c9a2b4f6e8d"
)
