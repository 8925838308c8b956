// Package ruletest compiles rule sets for tests: the embedded default set,
// or one written in the test. It is for tests only; a failure ends the test.
package ruletest

import (
	"testing"

	"github.com/patmigrate/patmigrate"
	"github.com/patmigrate/patmigrate/rules"
)

// Default returns the compiled default rule set.
func Default(t testing.TB) *rules.Set {
	t.Helper()
	set, err := patmigrate.DefaultSet()
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// Compile parses and compiles the rule file text, named name in errors.
func Compile(t testing.TB, name, text string) *rules.Set {
	t.Helper()
	rs, err := rules.Parse(name, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	set, err := rules.Compile(rs)
	if err != nil {
		t.Fatal(err)
	}
	return set
}
