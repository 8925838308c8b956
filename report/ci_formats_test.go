package report_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/patmigrate/patmigrate/report"
	"github.com/patmigrate/patmigrate/rules"
	"github.com/patmigrate/patmigrate/scanner"
	"github.com/patmigrate/patmigrate/source"
)

// sarifSchema compiles the official SARIF 2.1.0 schema (see
// testdata/sarif/README.md), asserting formats such as uri too.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("../testdata/sarif/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	const url = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func render(t *testing.T, format string, rep *report.Report) []byte {
	t.Helper()
	r, err := report.New(format, report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.Render(&b, rep); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func validate(sch *jsonschema.Schema, doc []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

// odd is a report with what the example lacks: a finding from history, a
// multi-line finding, a path that needs escaping, and unreadable items.
func odd() *report.Report {
	rep := report.Build("1.0.0", nil, false)
	rep.Targets = []report.Target{{Root: "repo", Mode: "history", Files: 2, Commits: 4, Blobs: 7}}
	rep.Findings = []report.Finding{
		{
			Rule: "legacy-key-env", Kind: rules.LegacyUserKey, Severity: rules.Critical, Root: "repo",
			Path: "dir,with:odd%chars/my file.env", Line: 3, Column: 5, EndLine: 3, EndColumn: 10,
			Commit: "0123456789abcdef0123456789abcdef01234567", InHead: false, Tracked: true,
			Secret: "abcd…wxyz", SecretID: "sha256:0011223344556677", Usage: "dotenv",
			Snippet: "KEY=abcd…wxyz", Fingerprint: "f1", Message: "50% of keys\r\nare old",
			Remediation: "line one\nline two",
		},
		{
			Rule: "cross-account-endpoint", Kind: rules.CrossAccountCall, Severity: rules.Warning, Root: "repo",
			Path: "a:b.py", Line: 10, Column: 2, EndLine: 12, EndColumn: 4, InHead: true, Tracked: false,
			Usage: "python", Snippet: "get(", Fingerprint: "f2", Message: "A call", Remediation: "Rewrite it.",
		},
	}
	rep.Errors = []report.Error{
		{Root: "repo", Path: "big.bin", Error: "read big.bin: permission denied"},
		{Root: "repo", Path: "old.yml", Commit: "fedcba9876543210fedcba9876543210fedcba98", Error: "corrupt object"},
	}
	return rep
}

func TestSARIFMatchesSchema(t *testing.T) {
	sch := sarifSchema(t)
	example, err := report.ReadFile("../testdata/json/example.golden")
	if err != nil {
		t.Fatal(err)
	}
	for name, rep := range map[string]*report.Report{
		"example": example,
		"odd":     odd(),
		"empty":   report.Build("", nil, false),
	} {
		t.Run(name, func(t *testing.T) {
			if err := validate(sch, render(t, "sarif", rep)); err != nil {
				t.Errorf("SARIF output does not match the SARIF 2.1.0 schema:\n%v", err)
			}
		})
	}
}

// The schema check must be able to fail, or it proves nothing.
func TestSARIFSchemaRejectsBrokenDocuments(t *testing.T) {
	sch := sarifSchema(t)
	example, err := report.ReadFile("../testdata/json/example.golden")
	if err != nil {
		t.Fatal(err)
	}
	good := render(t, "sarif", example)
	tests := []struct {
		name   string
		break_ func(doc map[string]any)
	}{
		{"unchanged", func(map[string]any) {}},
		{"result without message", func(doc map[string]any) { delete(result0(doc), "message") }},
		{"unknown level", func(doc map[string]any) { result0(doc)["level"] = "critical" }},
		{"line 0", func(doc map[string]any) {
			loc := result0(doc)["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)
			loc["region"].(map[string]any)["startLine"] = 0
		}},
		{"wrong version", func(doc map[string]any) { doc["version"] = "2.0.0" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var doc map[string]any
			if err := json.Unmarshal(good, &doc); err != nil {
				t.Fatal(err)
			}
			tt.break_(doc)
			broken, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			err = validate(sch, broken)
			if tt.name == "unchanged" {
				if err != nil {
					t.Fatalf("the round trip alone breaks the document: %v", err)
				}
				return
			}
			if err == nil {
				t.Error("a broken SARIF document passed the schema")
			}
			t.Logf("rejected as it should be: %v", err)
		})
	}
}

func result0(doc map[string]any) map[string]any {
	return doc["runs"].([]any)[0].(map[string]any)["results"].([]any)[0].(map[string]any)
}

func TestSARIFIncompleteScan(t *testing.T) {
	var doc struct {
		Runs []struct {
			Invocations []struct {
				ExecutionSuccessful bool `json:"executionSuccessful"`
				Notifications       []struct {
					Level   string `json:"level"`
					Message struct{ Text string }
				} `json:"toolExecutionNotifications"`
			}
			Results []struct {
				RuleID     string `json:"ruleId"`
				RuleIndex  int    `json:"ruleIndex"`
				Properties struct{ Commit string }
			}
			Tool struct {
				Driver struct{ Rules []struct{ ID string } }
			}
		}
	}
	if err := json.Unmarshal(render(t, "sarif", odd()), &doc); err != nil {
		t.Fatal(err)
	}
	run := doc.Runs[0]
	inv := run.Invocations[0]
	if inv.ExecutionSuccessful {
		t.Error("executionSuccessful = true for a scan with unreadable items")
	}
	if len(inv.Notifications) != 2 || inv.Notifications[0].Level != "error" || !strings.Contains(inv.Notifications[0].Message.Text, "big.bin") {
		t.Errorf("notifications = %+v, want one error per unreadable item naming its path", inv.Notifications)
	}
	for _, res := range run.Results {
		if got := run.Tool.Driver.Rules[res.RuleIndex].ID; got != res.RuleID {
			t.Errorf("result %s has ruleIndex %d, which is rule %s", res.RuleID, res.RuleIndex, got)
		}
	}
	if run.Results[1].Properties.Commit == "" {
		t.Error("a finding from history does not name its commit")
	}
}

func TestGitHubEscaping(t *testing.T) {
	got := strings.Split(strings.TrimSuffix(string(render(t, "github", odd())), "\n"), "\n")
	want := []string{
		"::warning file=a%3Ab.py,line=10,endLine=12,title=Cross-account call (cross-account-endpoint)::" +
			"A call. The file is not tracked by git: a local copy.%0ARewrite it.",
		"::error file=dir%2Cwith%3Aodd%25chars/my file.env,line=3,col=5,endLine=3,endColumn=9," +
			"title=Legacy user API key (legacy-key-env)::" +
			"50%25 of keys%0D%0Aare old (secret abcd…wxyz). " +
			"Introduced in commit 0123456789abcdef0123456789abcdef01234567, no longer in HEAD.%0Aline one%0Aline two",
		"::error file=big.bin,title=patmigrate%3A incomplete scan::could not read big.bin: read big.bin: permission denied",
		"::error title=patmigrate%3A incomplete scan::could not read old.yml in commit fedcba9876543210fedcba9876543210fedcba98: corrupt object",
		"::notice::patmigrate scanned 2 files (0 B), 7 blobs in 4 commits: 2 findings (1 critical, 1 warning): " +
			"1 legacy user API key, 1 cross-account call; incomplete scan: 2 items could not be read.",
	}
	if len(got) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d:\ngot:  %s\nwant: %s", i+1, got[i], want[i])
		}
	}
}

func TestJUnit(t *testing.T) {
	type testcase struct {
		Name      string    `xml:"name,attr"`
		Failure   *struct{} `xml:"failure"`
		Error     *struct{} `xml:"error"`
		SystemOut *string   `xml:"system-out"`
	}
	type suites struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Suites   []struct {
			Name  string     `xml:"name,attr"`
			Cases []testcase `xml:"testcase"`
		} `xml:"testsuite"`
	}
	parse := func(rep *report.Report) suites {
		var s suites
		if err := xml.Unmarshal(render(t, "junit", rep), &s); err != nil {
			t.Fatalf("JUnit output is not well-formed XML: %v", err)
		}
		return s
	}

	clean := parse(report.Build("1", nil, false))
	if clean.Tests != 1 || clean.Failures != 0 || clean.Errors != 0 ||
		len(clean.Suites) != 1 || len(clean.Suites[0].Cases) != 1 || clean.Suites[0].Cases[0].Name != "no dbt Cloud credentials found" ||
		clean.Suites[0].Cases[0].Failure != nil {
		t.Errorf("clean report: %+v, want one passing testcase", clean)
	}

	example, err := report.ReadFile("../testdata/json/example.golden")
	if err != nil {
		t.Fatal(err)
	}
	ex := parse(example)
	if ex.Tests != 4 || ex.Failures != 3 || ex.Errors != 0 || len(ex.Suites) != 3 {
		t.Errorf("example: tests=%d failures=%d errors=%d suites=%d, want 4, 3, 0, 3", ex.Tests, ex.Failures, ex.Errors, len(ex.Suites))
	}
	for _, s := range ex.Suites {
		for _, c := range s.Cases {
			if strings.HasPrefix(c.Name, "credential-reference-env ") && (c.Failure != nil || c.SystemOut == nil) {
				t.Errorf("info finding %q: want a passing testcase with system-out", c.Name)
			}
		}
	}

	o := parse(odd())
	if o.Errors != 2 || o.Failures != 2 {
		t.Errorf("odd: failures=%d errors=%d, want 2 and 2", o.Failures, o.Errors)
	}
}

// A whole secret never reaches a CI system, even when the report was built
// with --show-secrets or a snippet or error message holds one.
func TestCIFormatsNeverPrintWholeSecret(t *testing.T) {
	const (
		key = "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432"
		pat = "dbtu_Zk3QmW9xLp2VtR7yHn4BcD8fGj6KsA1e"
	)
	res := &scanner.Result{
		Findings: []scanner.Finding{{
			Rule: "legacy-key-env", Kind: rules.LegacyUserKey, Severity: rules.Critical,
			Provenance: source.Provenance{Path: "ci/.env", InHead: true}, Line: 1, Column: 19, EndLine: 1, EndColumn: 59,
			Secret:  scanner.NewSecret(key),
			Snippet: "DBT_CLOUD_API_KEY=" + key + " OTHER=" + pat, // as if a scanner forgot to redact
			Usage:   "dotenv", Fingerprint: "fp", Message: "A legacy user API key", Remediation: "Replace it.",
		}},
		Errors: []scanner.ReadError{{Path: "x.env", Err: errors.New("decode " + key + ": bad")}},
	}
	for _, show := range []bool{false, true} {
		rep := report.Build("1", []report.Scanned{{Root: ".", Mode: "worktree", Result: res}}, show)
		for _, format := range []string{"sarif", "junit", "github"} {
			out := render(t, format, rep)
			for _, secret := range []string{key, pat} {
				if bytes.Contains(out, []byte(secret)) {
					t.Errorf("%s output (show secrets %v) holds a whole secret:\n%s", format, show, out)
				}
			}
			if !bytes.Contains(out, []byte("9f8e…5432")) {
				t.Errorf("%s output (show secrets %v) lacks the redacted secret:\n%s", format, show, out)
			}
		}
	}
}
