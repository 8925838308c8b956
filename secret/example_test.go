package secret_test

import (
	"fmt"

	"github.com/patmigrate/patmigrate/secret"
)

func ExampleSecret() {
	s := secret.New("3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a")
	fmt.Println(s)
	fmt.Printf("%v %q\n", s, s.ID())
	// Output:
	// 3f9c…9f1a
	// 3f9c…9f1a "sha256:b46d7299a93d3340"
}
