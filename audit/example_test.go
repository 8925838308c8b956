package audit_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/patmigrate/patmigrate/audit"
)

func ExampleRun() {
	dir, _ := os.MkdirTemp("", "audit")
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, ".env"), []byte("DBT_CLOUD_API_KEY=3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a\n"+
		"DBT_TOKEN=8d1e5c3a9b7f2e4d6c8a0b1f3e5d7c9a2b4f6e8d # patmigrate:ignore a test fixture\n"), 0o600)
	scans, err := audit.Run(context.Background(), []string{dir}, audit.Options{})
	if err != nil {
		panic(err)
	}
	res := scans[0].Result
	for _, f := range res.Findings {
		fmt.Println(scans[0].Mode, f.Path, f.Line, f.Rule)
	}
	fmt.Println("ignored inline:", res.Stats.IgnoredByComment)
	// Output:
	// worktree .env 1 legacy-key-env
	// ignored inline: 1
}
