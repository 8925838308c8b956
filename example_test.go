package patmigrate_test

import (
	"fmt"

	"github.com/patmigrate/patmigrate"
)

func ExampleDefaultSet() {
	set, err := patmigrate.DefaultSet()
	if err != nil {
		panic(err)
	}
	r := set.Lookup("legacy-key-env")
	fmt.Println(r.ID, r.Kind, r.Severity)
	// Output: legacy-key-env legacy-user-key critical
}
