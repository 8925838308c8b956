// Package patmigrate holds what the binary embeds: the default rule set.
// The scanner lives in package scanner, the command in cmd/patmigrate.
package patmigrate

import _ "embed"

//go:embed rules.yaml
var defaultRules string

// DefaultRules returns the text of the default rule set, rules.yaml.
func DefaultRules() []byte { return []byte(defaultRules) }

// DefaultRulesName is the name default-rule errors carry.
const DefaultRulesName = "rules.yaml"
