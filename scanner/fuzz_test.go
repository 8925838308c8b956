package scanner_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/patmigrate/patmigrate/internal/ruletest"
	"github.com/patmigrate/patmigrate/scanner"
	"github.com/patmigrate/patmigrate/source"
)

// FuzzScan scans any bytes under a few names (a notebook, a dotenv file,
// YAML): it never panics, every finding lies inside its input, a secret
// prints redacted (at most 9 characters), and no snippet holds a whole
// secret.
func FuzzScan(f *testing.F) {
	for _, p := range []string{"../testdata/repo/.env", "../testdata/repo3/ops/windows/Set-DbtCloudEnv.ps1", "../testdata/repo5/k8s/dbt-secret.yaml"} {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data, filepath.Ext(p))
		}
	}
	f.Add([]byte(`{"cells":[{"source":["DBT_CLOUD_API_KEY = \"3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a\"\n"]}]}`), ".ipynb")
	f.Add([]byte("\xff\xfeD\x00B\x00T\x00"), ".ps1")
	sc := scanner.New(ruletest.Default(f), scanner.Options{})
	f.Fuzz(func(t *testing.T, data []byte, ext string) {
		path := "f" + strings.Map(func(r rune) rune {
			if r == '/' || r == 0 {
				return '_'
			}
			return r
		}, ext)
		res, err := sc.Scan(context.Background(), &source.Reader{R: bytes.NewReader(data), Path: path})
		if err != nil {
			t.Fatal(err)
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, f := range res.Findings {
			if f.Line < 1 || f.Line > lines || f.EndLine < f.Line || f.Column < 1 || (f.EndLine == f.Line && f.EndColumn < f.Column) {
				t.Fatalf("finding outside its input: %d:%d-%d:%d of %d lines", f.Line, f.Column, f.EndLine, f.EndColumn, lines)
			}
			if s := f.Secret.String(); utf8.RuneCountInString(s) > 9 {
				t.Fatalf("secret printed as %q", s)
			}
			if v := f.Secret.Reveal(); v != "" && strings.Contains(f.Snippet, v) {
				t.Fatalf("snippet %q holds the secret", f.Snippet)
			}
		}
	})
}
