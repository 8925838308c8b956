package report_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/patmigrate/patmigrate/internal/golden"
	"github.com/patmigrate/patmigrate/report"
	"github.com/patmigrate/patmigrate/scanner"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// The input is the JSON report of `patmigrate scan testdata/example`
// (checked by cmd/patmigrate's tests); every renderer is compared with its
// golden file.
func TestRenderGolden(t *testing.T) {
	rep, err := report.ReadFile("../testdata/json/example.golden")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, format, golden string
		opts                 report.Options
	}{
		{"text", "text", "../testdata/text/example.golden", report.Options{}},
		{"text in colour", "text", "../testdata/text/example-color.golden", report.Options{Color: true}},
		{"narrow text", "text", "../testdata/text/example-narrow.golden", report.Options{Width: 60}},
		{"markdown", "markdown", "../testdata/markdown/example.golden", report.Options{}},
		{"json round trip", "json", "../testdata/json/example.golden", report.Options{}},
		{"short", "short", "../testdata/short/example.golden", report.Options{}},
		{"sarif", "sarif", "../testdata/sarif/example.golden", report.Options{}},
		{"junit", "junit", "../testdata/junit/example.golden", report.Options{}},
		{"github", "github", "../testdata/github/example.golden", report.Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := report.New(tt.format, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := r.Render(&b, rep); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, tt.golden, b.Bytes(), *update && tt.format != "json")
		})
	}
}

func TestTextWithoutColorHasNoEscapes(t *testing.T) {
	data, err := os.ReadFile("../testdata/text/example.golden")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("\x1b[")) {
		t.Error("plain text output holds ANSI escapes")
	}
	colored, err := os.ReadFile("../testdata/text/example-color.golden")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(colored, []byte("\x1b[")) {
		t.Error("colour output holds no ANSI escapes")
	}
}

func TestNewUnknownFormat(t *testing.T) {
	if _, err := report.New("xml", report.Options{}); err == nil || !strings.Contains(err.Error(), `unknown format "xml"`) {
		t.Errorf("New(xml) error = %v", err)
	}
}

func TestReadRejectsOtherSchemas(t *testing.T) {
	for _, in := range []string{`{"schema": "patmigrate.report/v2"}`, `[1, 2]`, `not json`} {
		if _, err := report.Read(strings.NewReader(in)); err == nil {
			t.Errorf("Read(%s) = nil error", in)
		}
	}
}

func TestEmptyReport(t *testing.T) {
	rep := report.Build("1.2.3", nil, false)
	var b bytes.Buffer
	if err := (report.JSON{}).Render(&b, rep); err != nil {
		t.Fatal(err)
	}
	// Readers rely on arrays, never null.
	for _, want := range []string{`"targets": []`, `"findings": []`, `"errors": []`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("empty report lacks %s:\n%s", want, b.String())
		}
	}
	b.Reset()
	if err := (&report.Text{}).Render(&b, rep); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "No dbt Cloud credentials or cross-account calls found.") {
		t.Errorf("text of an empty report:\n%s", b.String())
	}
}

func TestAdvise(t *testing.T) {
	tests := []struct {
		usage string
		want  string
	}{
		{"github-actions", "service token (job_runner)"},
		{"airflow", "service token (job_runner)"},
		{"terraform", "service token (account_admin)"},
		{"datahub", "service token (metadata_only)"},
		{"dbt-cloud-cli", "personal access token"},
		{"dotenv", "personal access token"},
		{"notebook", "personal access token"},
		{"python", "service token (job_runner)"},
	}
	for _, tt := range tests {
		if got := report.Advise(tt.usage).String(); got != tt.want {
			t.Errorf("Advise(%q) = %q, want %q", tt.usage, got, tt.want)
		}
	}
}

// An error's text may quote what could not be parsed, a key included: no
// format prints it whole, whether built from a scan or read back saved.
func TestErrorTextIsRedacted(t *testing.T) {
	const key = "3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a"
	res := &scanner.Result{Errors: []scanner.ReadError{{Path: "ci/.env", Err: errors.New(`parsing "DBT_CLOUD_API_KEY=` + key + `": bad quote`)}}}
	built := report.Build("1.2.3", []report.Scanned{{Root: ".", Mode: "worktree", Result: res}}, true)
	saved := &report.Report{Schema: report.Schema, Errors: []report.Error{{Root: ".", Path: "ci/.env", Error: "bad: " + key}}}
	saved.Redact()
	for name, rep := range map[string]*report.Report{"built with --show-secrets": built, "saved": saved} {
		for _, format := range report.Formats() {
			r, err := report.New(format, report.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := r.Render(&b, rep); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(b.String(), key) {
				t.Errorf("%s, %s: the error's key is printed whole:\n%s", name, format, b.String())
			}
		}
	}
}
