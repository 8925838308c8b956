package gitclone_test

import (
	"fmt"

	"github.com/patmigrate/patmigrate/gitclone"
)

func ExampleDisplayURL() {
	for _, t := range []string{"https://x-access-token:ghp_secret@github.com/acme/data.git", "./services"} {
		fmt.Println(gitclone.IsRemote(t), gitclone.DisplayURL(t))
	}
	// Output:
	// true https://github.com/acme/data.git
	// false ./services
}
