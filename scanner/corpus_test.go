package scanner_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/patmigrate/patmigrate/internal/ruletest"
	"github.com/patmigrate/patmigrate/rules"
	"github.com/patmigrate/patmigrate/scanner"
	"github.com/patmigrate/patmigrate/source"
)

// expected is one line of testdata/repo.expected.json.
type expected struct {
	Kind      string `json:"kind"`
	Path      string `json:"path"`
	Line      int    `json:"line"`
	AccountID string `json:"account_id"`
	// Unlabelled is set for a corpus whose author did not label accounts
	// (the file has no account_id): only the set is checked.
	Unlabelled bool `json:"-"`
}

func (e expected) String() string {
	return fmt.Sprintf("%s:%d %s account=%q", e.Path, e.Line, e.Kind, e.AccountID)
}

// TestCorpus scans the labelled fixture repositories, each written
// independently of the rules from the domain facts, and requires exactly the
// expected findings of the kinds that must be exact, with their account ids.
// repo2 is the adversarial one: many languages, CRLF, a BOM, a 250 KB line;
// repo3 a monorepo of every binding; repo4 an independent set of small
// files, labelled without accounts; repo5 a second independent set, with
// accounts; repo6 a third, a realistic monorepo; repo7 a fourth, of hard
// cases, with its known gaps listed in repo7.known.json.
func TestCorpus(t *testing.T) {
	for _, name := range []string{"repo", "repo2", "repo3", "repo4", "repo5", "repo6", "repo7"} {
		t.Run(name, func(t *testing.T) { testCorpus(t, name) })
	}
}

// known are a corpus's listed gaps (testdata/NAME.known.json): findings the
// engine reports although they are traps, and accounts it gets wrong. Each
// must still occur as listed, so the list cannot outlive the gap.
type known struct {
	unexpected   map[string]bool
	wrongAccount map[string]string // key → the account the engine gives
}

func readKnown(t *testing.T, name string) known {
	k := known{unexpected: map[string]bool{}, wrongAccount: map[string]string{}}
	data, err := os.ReadFile("../testdata/" + name + ".known.json")
	if os.IsNotExist(err) {
		return k
	}
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Unexpected   []expected `json:"unexpected"`
		WrongAccount []expected `json:"wrong_account"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	for _, e := range file.Unexpected {
		k.unexpected[corpusKey(e)] = true
	}
	for _, e := range file.WrongAccount {
		k.wrongAccount[corpusKey(e)] = e.AccountID
	}
	return k
}

func corpusKey(e expected) string { return fmt.Sprintf("%s:%06d:%s", e.Path, e.Line, e.Kind) }

func testCorpus(t *testing.T, name string) {
	data, err := os.ReadFile("../testdata/" + name + ".expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var want []expected
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	var labels []map[string]any
	if err := json.Unmarshal(data, &labels); err != nil {
		t.Fatal(err)
	}
	for i, l := range labels {
		_, has := l["account_id"]
		want[i].Unlabelled = !has
	}
	set := ruletest.Default(t)
	res, err := scanner.New(set, scanner.Options{}).Scan(context.Background(), &source.Worktree{Root: "../testdata/" + name})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) > 0 {
		t.Errorf("errors: %v", res.Errors)
	}
	exact := []rules.Kind{rules.LegacyUserKey, rules.PATExposed, rules.ServiceTokenExposed, rules.CrossAccountCall}
	var got []expected
	for _, f := range res.Findings {
		if slices.Contains(exact, f.Kind) {
			got = append(got, expected{Kind: string(f.Kind), Path: f.Path, Line: f.Line, AccountID: f.AccountID})
		}
	}
	if len(want) == 0 {
		t.Fatal("no expected findings")
	}
	t.Logf("%d expected, %d found", len(want), len(got))
	key := corpusKey
	wantBy, gotBy := map[string]expected{}, map[string]expected{}
	for _, e := range want {
		wantBy[key(e)] = e
	}
	for _, e := range got {
		gotBy[key(e)] = e
	}
	known := readKnown(t, name)
	for k, w := range wantBy {
		g, ok := gotBy[k]
		switch {
		case !ok:
			t.Errorf("missed: %v", w)
		case !w.Unlabelled && g.AccountID != w.AccountID:
			if acct, listed := known.wrongAccount[k]; listed && acct == g.AccountID {
				delete(known.wrongAccount, k)
				continue
			}
			t.Errorf("wrong account: %v, want %q", g, w.AccountID)
		}
	}
	for k, g := range gotBy {
		if _, ok := wantBy[k]; !ok {
			if known.unexpected[k] {
				delete(known.unexpected, k)
				continue
			}
			t.Errorf("unexpected: %v", g)
		}
	}
	for k := range known.unexpected {
		t.Errorf("known false finding %s no longer occurs: remove it from %s.known.json", k, name)
	}
	for k := range known.wrongAccount {
		t.Errorf("known wrong account %s no longer occurs: remove it from %s.known.json", k, name)
	}
}
