// Package patmigrate holds what the binary embeds: the default rule set.
// The engine lives in package scanner, the command in cmd/patmigrate.
package patmigrate

import (
	_ "embed"

	"github.com/patmigrate/patmigrate/rules"
)

//go:embed rules.yaml
var defaultRules string

// DefaultRules returns the text of the default rule set, rules.yaml.
func DefaultRules() []byte { return []byte(defaultRules) }

// DefaultRulesName is the name default-rule errors carry.
const DefaultRulesName = "rules.yaml"

// DefaultSet compiles the default rule set.
func DefaultSet() (*rules.Set, error) {
	rs, err := rules.Parse(DefaultRulesName, DefaultRules())
	if err != nil {
		return nil, err
	}
	return rules.Compile(rs)
}
