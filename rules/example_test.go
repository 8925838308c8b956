package rules_test

import (
	"fmt"

	"github.com/patmigrate/patmigrate/rules"
)

func ExampleParse() {
	_, err := rules.Parse("user.yaml", []byte(`version: 1
rules:
  - id: Bad_ID
    kind: legacy-user-key
    pattern: 'x'
`))
	fmt.Println(err)
	// Output:
	// user.yaml:3:5: rule "Bad_ID": id must be kebab-case (lowercase letters, digits and dashes)
}
