package suppress_test

import (
	"fmt"
	"strings"

	"github.com/patmigrate/patmigrate/suppress"
)

func ExampleParseIgnoreFile() {
	l, err := suppress.ParseIgnoreFile(".patmigrateignore", strings.NewReader(
		"# accepted findings\nded22e5047d4dbd8f3ff98c35778a31e  # test fixture, never a real key\n"))
	if err != nil {
		panic(err)
	}
	for _, e := range l.Entries {
		fmt.Printf("%s:%d %s (%s)\n", l.File, e.Line, e.Fingerprint, e.Reason)
	}
	fmt.Println(suppress.Inline([]byte("KEY=... # patmigrate:ignore fixture")))
	// Output:
	// .patmigrateignore:2 ded22e5047d4dbd8f3ff98c35778a31e (test fixture, never a real key)
	// true
}
