package rules_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/patmigrate/patmigrate/rules"
)

const goodRule = `
  - id: demo-key
    kind: legacy-user-key
    keywords: [demo_]
    pattern: 'demo_key=(?P<secret>[0-9a-f]{40})'
    remediation: Replace it.
    examples:
      match: ['demo_key=3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a']
      nomatch: ['demo_key=nope']
`

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string // each must appear in the error, in order of the list
	}{
		{"not yaml", "version: [1", []string{"f.yaml: invalid YAML"}},
		{"empty", "", []string{"f.yaml: empty rule file"}},
		{"no version", "rules: []\n", []string{`f.yaml:1:1: missing "version: 1"`}},
		{"wrong version", "version: 2\nrules: []\n", []string{`f.yaml:1:10: unsupported version "2"`}},
		{"unknown top-level field", "version: 1\nrulez: []\nrules: []\n", []string{`f.yaml:2:1: unknown field "rulez"`}},
		{"rules not a list", "version: 1\nrules: {}\n", []string{`f.yaml:2:8: "rules" must be a list`}},
		{"unknown rule field", "version: 1\nrules:\n  - id: x-y\n    kind: legacy-user-key\n    patern: 'x'\n",
			[]string{`f.yaml:5:5: rule "x-y": unknown rule field "patern"`}},
		{"unknown context field", "version: 1\nrules:\n  - id: x-y\n    context:\n      nearby: 'x'\n",
			[]string{`f.yaml:5:7: rule "x-y": unknown context field "nearby"`}},
		{"missing id", "version: 1\nrules:\n  - kind: legacy-user-key\n", []string{"f.yaml:3:5: missing id"}},
		{"bad id", "version: 1\nrules:\n  - id: Bad_Id\n", []string{`f.yaml:3:5: rule "Bad_Id": id must be kebab-case`}},
		{"wrong type", "version: 1\nrules:\n  - id: x-y\n    keywords: 3\n", []string{`f.yaml:3:5: rule "x-y":`}},
		{"several problems", "version: 1\nrules:\n  - id: A\n  - id: b-c\n    bogus: 1\n",
			[]string{`f.yaml:3:5: rule "A"`, `f.yaml:5:5: rule "b-c": unknown rule field "bogus"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := rules.Parse("f.yaml", []byte(tt.yaml))
			if err == nil {
				t.Fatal("no error")
			}
			var list rules.ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error is %T, want rules.ErrorList", err)
			}
			msg := err.Error()
			at := 0
			for _, w := range tt.want {
				i := strings.Index(msg[at:], w)
				if i < 0 {
					t.Fatalf("error %q does not contain %q (after offset %d)", msg, w, at)
				}
				at += i + len(w)
			}
		})
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name, rule, want string
	}{
		{"unknown kind", strings.Replace(goodRule, "legacy-user-key", "old-key", 1), `f.yaml:4:11: rule "demo-key": unknown kind "old-key"`},
		{"unknown severity", strings.Replace(goodRule, "kind: legacy-user-key", "kind: legacy-user-key\n    severity: urgent", 1), `unknown severity "urgent"`},
		{"no keywords", strings.Replace(goodRule, "keywords: [demo_]", "keywords: []", 1), "no keywords"},
		{"short keyword", strings.Replace(goodRule, "[demo_]", "[de]", 1), `keyword "de" is shorter than 3`},
		{"bad regex", strings.Replace(goodRule, "[0-9a-f]{40})", "[0-9a-f]{40}", 1), `f.yaml:6:14: rule "demo-key": pattern: error parsing regexp`},
		{"no secret group", strings.Replace(goodRule, "(?P<secret>[0-9a-f]{40})", "[0-9a-f]{40}", 1), "needs a named group (?P<secret>...)"},
		{"bad near", strings.Replace(goodRule, "    remediation:", "    context: {near: '('}\n    remediation:", 1), "f.yaml:7:21: rule \"demo-key\": context.near: error parsing regexp"},
		{"bad decoder", strings.Replace(goodRule, "    remediation:", "    decode: [rot13]\n    remediation:", 1), `unknown decoder "rot13"`},
		{"no remediation", strings.Replace(goodRule, "    remediation: Replace it.\n", "", 1), "no remediation"},
		{"no examples", goodRule[:strings.Index(goodRule, "    examples:")], "needs at least one match and one nomatch example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := rules.Parse("f.yaml", []byte("version: 1\nrules:"+tt.rule))
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			_, err = rules.Compile(rs)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("compile error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestCompileDefaultsSeverityAndLowercasesKeywords(t *testing.T) {
	rs, err := rules.Parse("f.yaml", []byte("version: 1\nrules:"+strings.Replace(goodRule, "[demo_]", "[DEMO_]", 1)))
	if err != nil {
		t.Fatal(err)
	}
	set, err := rules.Compile(rs)
	if err != nil {
		t.Fatal(err)
	}
	r := set.Lookup("demo-key")
	if r.Severity != rules.Critical {
		t.Errorf("severity = %q, want the kind's default %q", r.Severity, rules.Critical)
	}
	if r.Keywords[0] != "demo_" {
		t.Errorf("keyword = %q, want lowercased", r.Keywords[0])
	}
	if r.SecretGroup < 1 || r.AccountGroup != -1 || r.HostGroup != -1 {
		t.Errorf("groups = %d/%d/%d", r.SecretGroup, r.AccountGroup, r.HostGroup)
	}
}

func TestMerge(t *testing.T) {
	base, err := rules.Parse("rules.yaml", []byte("version: 1\nrules:"+goodRule+strings.ReplaceAll(goodRule, "demo-key", "other-key")))
	if err != nil {
		t.Fatal(err)
	}
	user, err := rules.Parse("user.yaml", []byte(`version: 1
rules:
  - id: demo-key
    severity: warning
  - id: other-key
    disabled: true
`+strings.ReplaceAll(goodRule, "demo-key", "new-key")))
	if err != nil {
		t.Fatal(err)
	}
	merged, errs := rules.Merge(base, user)
	if errs != nil {
		t.Fatal(errs)
	}
	set, err := rules.Compile(merged)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range set.Rules() {
		ids = append(ids, r.ID)
	}
	if got, want := strings.Join(ids, ","), "demo-key,new-key"; got != want {
		t.Errorf("rules = %s, want %s", got, want)
	}
	d := set.Lookup("demo-key")
	if d.Severity != rules.Warning || d.Pattern == "" || d.Remediation != "Replace it." {
		t.Errorf("override changed more than the severity: %+v", d.Rule)
	}
	if d.Source.File != "user.yaml" {
		t.Errorf("source = %v, want the overriding file", d.Source)
	}
	if len(base) != 2 || base[0].Severity != "" {
		t.Error("Merge modified its base")
	}
}

func TestParseSeverity(t *testing.T) {
	for _, s := range []string{"critical", "high", "warning", "info", "none"} {
		if _, err := rules.ParseSeverity(s); err != nil {
			t.Errorf("ParseSeverity(%q): %v", s, err)
		}
	}
	if _, err := rules.ParseSeverity("severe"); err == nil {
		t.Error("ParseSeverity(severe) = nil error")
	}
}

// fakeMatcher matches when the example contains the rule's first keyword.
type fakeMatcher struct{}

func (fakeMatcher) Matches(r *rules.Compiled, text []byte) bool {
	return strings.Contains(string(text), r.Keywords[0])
}

func TestCheck(t *testing.T) {
	rs, err := rules.Parse("f.yaml", []byte(`version: 1
rules:
  - id: good
    kind: cross-account-call
    keywords: [list_accounts]
    pattern: 'list_accounts'
    remediation: r
    examples: {match: ['x.list_accounts()'], nomatch: ['x.list_jobs()']}
  - id: bad
    kind: cross-account-call
    keywords: [list_accounts]
    pattern: 'list_accounts'
    remediation: r
    examples: {match: ['x.list_jobs()'], nomatch: ['x.list_accounts()']}
`))
	if err != nil {
		t.Fatal(err)
	}
	set, err := rules.Compile(rs)
	if err != nil {
		t.Fatal(err)
	}
	errs := set.Check(fakeMatcher{}, 0)
	if len(errs) != 2 {
		t.Fatalf("Check = %v, want 2 problems", errs)
	}
	for _, e := range errs {
		if e.Rule != "bad" {
			t.Errorf("problem with rule %q: %v", e.Rule, e)
		}
	}
	if errs := set.Check(fakeMatcher{}, 2, "good"); len(errs) != 1 || !strings.Contains(errs[0].Msg, "want at least 2") {
		t.Errorf("Check(min 2, good) = %v", errs)
	}
	if errs := set.Check(fakeMatcher{}, 0, "good"); len(errs) != 0 {
		t.Errorf("Check(good) = %v", errs)
	}
}

func TestMergeRejectsDisablingUnknownRules(t *testing.T) {
	base, _ := rules.Parse("rules.yaml", []byte("version: 1\nrules:"+goodRule))
	user, err := rules.Parse("user.yaml", []byte("version: 1\nrules:\n  - id: demo-kye\n    disabled: true\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, errs := rules.Merge(base, user)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), `user.yaml:3:5: rule "demo-kye": disables a rule that does not exist`) {
		t.Errorf("Merge = %v", errs)
	}
}

func TestParseRejectsDuplicateIDsInOneFile(t *testing.T) {
	_, err := rules.Parse("user.yaml", []byte("version: 1\nrules:"+goodRule+goodRule))
	if err == nil || !strings.Contains(err.Error(), `user.yaml:12:5: rule "demo-key": duplicate id (first defined at user.yaml:3:5)`) {
		t.Errorf("Parse = %v", err)
	}
}

// Load reports the problems of every rule, not only the first.
func TestLoadReportsEveryProblem(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "user.yaml")
	if err := os.WriteFile(f, []byte(`version: 1
rules:
  - id: first
    bogus: 1
  - id: second
    kind: nope
    severity: urgent
`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := rules.Load("rules.yaml", []byte("version: 1\nrules:"+goodRule), f)
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{`user.yaml:4:5: rule "first": unknown rule field "bogus"`, `user.yaml:6:11: rule "second": unknown kind "nope"`, `user.yaml:7:15: rule "second": unknown severity "urgent"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

func TestCompileRejectsDuplicateIDs(t *testing.T) {
	a, _ := rules.Parse("a.yaml", []byte("version: 1\nrules:"+goodRule))
	b, _ := rules.Parse("b.yaml", []byte("version: 1\nrules:"+goodRule))
	_, err := rules.Compile(append(a, b...))
	if err == nil || !strings.Contains(err.Error(), `b.yaml:3:5: rule "demo-key": duplicate id (first defined at a.yaml:3:5)`) {
		t.Errorf("Compile = %v", err)
	}
}
