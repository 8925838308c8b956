package main

import (
	"context"
	"io"
	"reflect"
	"strings"
	"testing"
)

// Flags are tested apart from behaviour: each command is built with a run
// function that only records the options it was given.

func quietStreams() *streams {
	return &streams{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard}
}

func TestScanFlags(t *testing.T) {
	defaults := scanOptions{Formats: []string{"text"}, FailOn: "high", MaxFileSize: "10MiB"}
	tests := []struct {
		args []string
		want func(o *scanOptions)
	}{
		{nil, func(o *scanOptions) { o.Targets = []string{"."} }},
		{[]string{"--history", "-j", "3", "a", "b"}, func(o *scanOptions) {
			o.Targets, o.History, o.Jobs = []string{"a", "b"}, true, 3
		}},
		{[]string{"-f", "json", "-o", "r.json", "-f", "sarif", "."}, func(o *scanOptions) {
			o.Targets, o.Formats, o.Outputs, o.FormatSet = []string{"."}, []string{"json", "sarif"}, []string{"r.json"}, true
		}},
		{[]string{"--since", "origin/main", "--fail-on", "critical", "--baseline", "b.json", "."}, func(o *scanOptions) {
			o.Targets, o.Since, o.FailOn, o.Baseline = []string{"."}, "origin/main", "critical", "b.json"
		}},
		{[]string{"--staged", "--exclude", "docs/**", "--include", "*.env", "--rules", "r.yaml", "--max-file-size", "1MiB", "-q", "--show-secrets", "--respect-gitignore"}, func(o *scanOptions) {
			o.Targets, o.Staged, o.Exclude, o.Include, o.Rules = []string{"."}, true, []string{"docs/**"}, []string{"*.env"}, []string{"r.yaml"}
			o.MaxFileSize, o.Quiet, o.ShowSecrets, o.RespectGitignore = "1MiB", true, true, true
		}},
		{[]string{"--history", "--all-objects", "-"}, func(o *scanOptions) {
			o.Targets, o.History, o.AllObjects = []string{"-"}, true, true
		}},
	}
	for _, tt := range tests {
		var got *scanOptions
		cmd := newScanCmd(quietStreams(), func(_ context.Context, _ *streams, o *scanOptions) error { got = o; return nil })
		cmd.SetArgs(tt.args)
		if err := cmd.Execute(); err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		want := defaults
		tt.want(&want)
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("%q:\n got %+v\nwant %+v", tt.args, *got, want)
		}
	}
}

func TestVerifyFlags(t *testing.T) {
	var got *verifyOptions
	cmd := newVerifyCmd(quietStreams(), func(_ context.Context, _ *streams, o *verifyOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"--host", "https://acme.getdbt.com", "--allow-host", "127.0.0.1:8080", "-f", "json", "-j", "2", "--allow-clone", "r.json", "src"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := verifyOptions{File: "r.json", Targets: []string{"src"}, Format: "json", Host: "https://acme.getdbt.com", Allow: []string{"127.0.0.1:8080"}, Jobs: 2, AllowClone: true}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("got %+v, want %+v", *got, want)
	}
}

func TestBaselineFlags(t *testing.T) {
	var got *baselineOptions
	cmd := newBaselineCmd(quietStreams(), func(_ context.Context, _ *streams, o *baselineOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"create", "--history", "--exclude", "x/", "-o", "b.json", "svc"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := baselineOptions{Output: "b.json", scanOptions: scanOptions{Targets: []string{"svc"}, History: true, Exclude: []string{"x/"}, MaxFileSize: "10MiB", Quiet: true}}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("got %+v, want %+v", *got, want)
	}
	cmd = newBaselineCmd(quietStreams(), func(context.Context, *streams, *baselineOptions) error { t.Error("ran without --output"); return nil })
	cmd.SetArgs([]string{"create", "."})
	if err := cmd.Execute(); err == nil || !strings.Contains(err.Error(), "--output FILE is required") {
		t.Errorf("without --output: %v", err)
	}
}

func TestPlanAndReportFlags(t *testing.T) {
	var plan *planOptions
	cmd := newPlanCmd(quietStreams(), func(_ *streams, o *planOptions) error { plan = o; return nil })
	cmd.SetArgs([]string{"-o", "plan.yaml", "r.json"})
	if err := cmd.Execute(); err != nil || *plan != (planOptions{File: "r.json", Output: "plan.yaml"}) {
		t.Errorf("plan: %+v, %v", plan, err)
	}
	var rep *reportOptions
	cmd = newReportCmd(quietStreams(), func(_ *streams, o *reportOptions) error { rep = o; return nil })
	cmd.SetArgs([]string{"--format", "sarif", "--show-secrets", "r.json"})
	if err := cmd.Execute(); err != nil || *rep != (reportOptions{File: "r.json", Format: "sarif", ShowSecrets: true}) {
		t.Errorf("report: %+v, %v", rep, err)
	}
}

func TestHookRulesIgnoreFlags(t *testing.T) {
	var hook []hookOptions
	record := func(_ *streams, o *hookOptions) error { hook = append(hook, *o); return nil }
	for _, args := range [][]string{{"install", "--repo", "svc"}, {"uninstall"}} {
		cmd := newHookCmd(quietStreams(), record, record)
		cmd.SetArgs(args)
		if err := cmd.Execute(); err != nil {
			t.Fatal(err)
		}
	}
	if !reflect.DeepEqual(hook, []hookOptions{{Dir: "svc"}, {Dir: "."}}) {
		t.Errorf("hook: %+v", hook)
	}
	var listed, tested *rulesOptions
	for _, args := range [][]string{{"list", "--rules", "a.yaml", "--rules", "b.yaml"}, {"test", "c.yaml"}} {
		cmd := newRulesCmd(quietStreams(), func(_ *streams, o *rulesOptions) error { listed = o; return nil },
			func(_ *streams, o *rulesOptions) error { tested = o; return nil })
		cmd.SetArgs(args)
		if err := cmd.Execute(); err != nil {
			t.Fatal(err)
		}
	}
	if !reflect.DeepEqual(listed.Files, []string{"a.yaml", "b.yaml"}) || !reflect.DeepEqual(tested.Files, []string{"c.yaml"}) {
		t.Errorf("rules: list %+v test %+v", listed, tested)
	}
	var ig *ignoreOptions
	cmd := newIgnoreCmd(quietStreams(), func(_ *streams, o *ignoreOptions) error { ig = o; return nil })
	cmd.SetArgs([]string{"--reason", "fixture", "0123456789abcdef0123456789abcdef"})
	if err := cmd.Execute(); err != nil || *ig != (ignoreOptions{Fingerprint: "0123456789abcdef0123456789abcdef", Reason: "fixture", File: ".patmigrateignore"}) {
		t.Errorf("ignore: %+v, %v", ig, err)
	}
}

func TestApplyFlags(t *testing.T) {
	var got *applyOptions
	cmd := newApplyCmd(quietStreams(), func(_ context.Context, _ *streams, o *applyOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"--yes", "--rotate", "--host", "https://acme.getdbt.com", "--user-id", "7", "--user-email", "a@example.com", "--secrets-out", "new.env", "plan.yaml"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := applyOptions{Plan: "plan.yaml", Yes: true, Rotate: true, Host: "https://acme.getdbt.com", UserID: 7, UserEmail: "a@example.com", SecretsOut: "new.env"}
	if *got != want {
		t.Errorf("got %+v, want %+v", *got, want)
	}
}
