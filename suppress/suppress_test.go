package suppress_test

import (
	"context"
	"strings"
	"testing"

	"github.com/patmigrate/patmigrate/internal/ruletest"
	"github.com/patmigrate/patmigrate/scanner"
	"github.com/patmigrate/patmigrate/source"
	"github.com/patmigrate/patmigrate/suppress"
)

const (
	keyA = "3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a"
	keyB = "8d1e5c3a9b7f2e4d6c8a0b1f3e5d7c9a2b4f6e8d"
)

func scan(t *testing.T, path, text string) *scanner.Result {
	t.Helper()
	sc := scanner.New(ruletest.Default(t), scanner.Options{Silenced: suppress.Silenced})
	res, err := sc.Scan(context.Background(), &source.Reader{R: strings.NewReader(text), Path: path})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestInline(t *testing.T) {
	res := scan(t, ".env", "DBT_CLOUD_API_KEY="+keyA+" # patmigrate:ignore test fixture\nDBT_TOKEN="+keyB+"\n")
	if len(res.Findings) != 1 || res.Findings[0].Line != 2 {
		t.Errorf("findings: %+v", res.Findings)
	}
	if res.Stats.IgnoredByComment != 1 {
		t.Errorf("IgnoredByComment = %d", res.Stats.IgnoredByComment)
	}
}

func TestApply(t *testing.T) {
	res := scan(t, ".env", "DBT_CLOUD_API_KEY="+keyA+"\nDBT_TOKEN="+keyB+"\n")
	if len(res.Findings) != 2 {
		t.Fatalf("findings: %+v", res.Findings)
	}
	a, b := res.Findings[0].Fingerprint, res.Findings[1].Fingerprint
	stale := "0123456789abcdef0123456789abcdef"
	ignores := &suppress.IgnoreList{File: ".patmigrateignore", Entries: []suppress.IgnoreEntry{
		{Fingerprint: a, Reason: "fixture", Line: 1}, {Fingerprint: stale, Reason: "gone", Line: 2},
	}}
	baseline := suppress.NewBaseline([]suppress.Known{{Root: "repo/", Fingerprint: b}})
	left := suppress.Apply(res, baseline, "repo", false, ignores)
	if len(res.Findings) != 0 || res.Stats.IgnoredByFile != 1 || res.Stats.Baselined != 1 {
		t.Errorf("after Apply: %d findings, stats %+v", len(res.Findings), res.Stats)
	}
	if len(left) != 1 || left[0].Fingerprint != stale {
		t.Errorf("stale = %+v", left)
	}
	// Another target's baseline does not hold this one's finding.
	res = scan(t, ".env", "DBT_TOKEN="+keyB+"\n")
	if suppress.Apply(res, baseline, "other", false, nil); len(res.Findings) != 1 {
		t.Errorf("a baseline of repo/ suppressed a finding of other/")
	}
}
