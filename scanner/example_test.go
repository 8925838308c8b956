package scanner_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/patmigrate/patmigrate"
	"github.com/patmigrate/patmigrate/scanner"
	"github.com/patmigrate/patmigrate/source"
)

func ExampleScanner_Scan() {
	set, err := patmigrate.DefaultSet()
	if err != nil {
		panic(err)
	}
	text := "DBT_CLOUD_ACCOUNT_ID=12345\nDBT_CLOUD_API_KEY=3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a\n"
	res, err := scanner.New(set, scanner.Options{}).Scan(context.Background(), &source.Reader{R: strings.NewReader(text), Path: "ci/.env"})
	if err != nil {
		panic(err)
	}
	for _, f := range res.Findings {
		fmt.Printf("%s:%d %s %s account=%s usage=%s\n%s\n", f.Path, f.Line, f.Kind, f.Secret, f.AccountID, f.Usage, f.Snippet)
	}
	// Output:
	// ci/.env:2 legacy-user-key 3f9c…9f1a account=12345 usage=dotenv
	// DBT_CLOUD_API_KEY=3f9c…9f1a
}
