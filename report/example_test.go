package report_test

import (
	"os"

	"github.com/patmigrate/patmigrate/report"
	"github.com/patmigrate/patmigrate/rules"
	"github.com/patmigrate/patmigrate/scanner"
	"github.com/patmigrate/patmigrate/source"
)

func ExampleNew() {
	res := &scanner.Result{Findings: []scanner.Finding{{
		Rule: "legacy-key-env", Kind: rules.LegacyUserKey, Severity: rules.Critical,
		Provenance: source.Provenance{Path: "ci/.env", InHead: true}, Line: 3, Column: 19, EndLine: 3, EndColumn: 59,
		Secret: scanner.NewSecret("3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a"), AccountID: "12345", Usage: "dotenv",
		Message: "A legacy user API key", Fingerprint: "ded22e5047d4dbd8f3ff98c35778a31e",
	}}}
	rep := report.Build("1.0.0", []report.Scanned{{Root: "repo", Mode: "worktree", Result: res}}, false)
	r, err := report.New("short", report.Options{})
	if err != nil {
		panic(err)
	}
	r.Render(os.Stdout, rep)
	// Output:
	// patmigrate: 1 dbt Cloud finding in the scanned files:
	//   ci/.env:3  legacy user API key 3f9c…9f1a (critical)
	// Remove the credential from the file and read it from a secret store or the environment instead;
	// replace a legacy user key with a service token (automation) or a personal access token (your own use).
	// A false alarm? Add "patmigrate:ignore" in a comment on that line.
}
