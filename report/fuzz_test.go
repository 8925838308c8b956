package report_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/patmigrate/patmigrate/report"
)

// FuzzRead feeds the JSON report reader (report, plan and baseline read
// one) any bytes; a report it accepts renders in every format, and the
// machine formats parse.
func FuzzRead(f *testing.F) {
	seed, err := os.ReadFile("../testdata/json/example.golden")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`{"schema":"patmigrate.report/v1","findings":[{"kind":"legacy-user-key","path":"\u001b[2J","snippet":"\u202e"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, err := report.Read(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, format := range report.Formats() {
			r, err := report.New(format, report.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := r.Render(&b, rep); err != nil {
				continue // a renderer may refuse a report (an unknown kind)
			}
			switch format {
			case "json", "sarif":
				if !json.Valid(b.Bytes()) {
					t.Fatalf("%s output does not parse", format)
				}
			case "junit":
				for d := xml.NewDecoder(&b); ; {
					if _, err := d.Token(); errors.Is(err, io.EOF) {
						break
					} else if err != nil {
						t.Fatalf("junit output does not parse: %v", err)
					}
				}
			default:
				if strings.ContainsAny(b.String(), "\x1b\u202e\u009b") {
					t.Fatalf("%s output holds a control character", format)
				}
			}
		}
	})
}

// FuzzReadPlan feeds the plan reader any bytes: it never panics.
func FuzzReadPlan(f *testing.F) {
	f.Add([]byte("version: 1\naccounts: []\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "plan.yaml")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		_, _ = report.ReadPlan(p)
	})
}
