package scanner

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/patmigrate/patmigrate/internal/ruletest"
	"github.com/patmigrate/patmigrate/rules"
)

// prefilterRules has keywords that stress an Aho-Corasick automaton: one a
// prefix of another, one a suffix of another, one inside another, a keyword
// shared by two rules, keywords that overlap themselves, punctuation, upper
// case (keywords are case-insensitive) and a non-ASCII byte (folded only in
// ASCII).
const prefilterRules = `version: 1
rules:
  - id: prefix
    kind: credential-reference
    keywords: [dbt, dbt_]
    pattern: x
    remediation: r
    examples: {match: [x], nomatch: [y]}
  - id: suffix
    kind: credential-reference
    keywords: [dbt_cloud, cloud]
    pattern: x
    remediation: r
    examples: {match: [x], nomatch: [y]}
  - id: shared
    kind: credential-reference
    keywords: [DBT, Token]
    pattern: x
    remediation: r
    examples: {match: [x], nomatch: [y]}
  - id: inner
    kind: credential-reference
    keywords: [_clo, api_token, oke]
    pattern: x
    remediation: r
    examples: {match: [x], nomatch: [y]}
  - id: symbols
    kind: credential-reference
    keywords: [/accounts/, '${dbt', --api-key]
    pattern: x
    remediation: r
    examples: {match: [x], nomatch: [y]}
  - id: repeats
    kind: credential-reference
    keywords: [aaa, aaaa, abab]
    pattern: x
    remediation: r
    examples: {match: [x], nomatch: [y]}
  - id: nonascii
    kind: credential-reference
    keywords: [clé]
    pattern: x
    remediation: r
    examples: {match: [x], nomatch: [y]}
`

// keywordHit is a keyword of a rule ending at end (exclusive).
type keywordHit struct {
	end  int
	rule string
}

func (h keywordHit) String() string { return fmt.Sprintf("%d:%s", h.end, h.rule) }

func sortHits(hs []keywordHit) []keywordHit {
	slices.SortFunc(hs, func(a, b keywordHit) int {
		if a.end != b.end {
			return a.end - b.end
		}
		return strings.Compare(a.rule, b.rule)
	})
	return slices.Compact(hs)
}

// naiveHits finds every keyword occurrence the slow way. It lowers ASCII
// letters only: strings.ToLower would turn invalid UTF-8 into U+FFFD and
// shift every offset after it.
func naiveHits(set *rules.Set, data []byte) []keywordHit {
	text := asciiLower(string(data))
	var out []keywordHit
	for _, r := range set.Rules() {
		for _, k := range r.Keywords {
			k = asciiLower(k)
			for i := 0; ; {
				j := strings.Index(text[i:], k)
				if j < 0 {
					break
				}
				out = append(out, keywordHit{i + j + len(k), r.ID})
				i += j + 1
			}
		}
	}
	return sortHits(out)
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// prefilterHits runs p and checks the shape of what it returns: one hit per
// end offset, in order, each with a sorted, non-empty list of rules.
func prefilterHits(t testing.TB, p *prefilter, set *rules.Set, data []byte) []keywordHit {
	t.Helper()
	var out []keywordHit
	hits := p.scan(data, nil)
	for i, h := range hits {
		if i > 0 && h.end <= hits[i-1].end {
			t.Fatalf("hits out of order: %d after %d", h.end, hits[i-1].end)
		}
		rs := p.rulesAt(h.state)
		if len(rs) == 0 || !slices.IsSorted(rs) || len(slices.Compact(slices.Clone(rs))) != len(rs) {
			t.Fatalf("hit at %d: rules %v, want a sorted non-empty set", h.end, rs)
		}
		for _, ri := range rs {
			out = append(out, keywordHit{h.end, set.Rules()[ri].ID})
		}
	}
	return sortHits(out)
}

func checkAgainstNaive(t testing.TB, p *prefilter, set *rules.Set, data []byte) {
	t.Helper()
	got, want := prefilterHits(t, p, set, data), naiveHits(set, data)
	if !slices.Equal(got, want) {
		t.Fatalf("input %q:\n got %v\nwant %v", data, got, want)
	}
}

func TestPrefilterCrafted(t *testing.T) {
	set := ruletest.Compile(t, "test.yaml", prefilterRules)
	p := newPrefilter(set)
	tests := []struct {
		in   string
		want string // end:rule, sorted
	}{
		{"", ""},
		{"nothing here", ""},
		{"dbt", "3:prefix 3:shared"},
		{"DBT", "3:prefix 3:shared"},
		{"dbt_cloud", "3:prefix 3:shared 4:prefix 7:inner 9:suffix"},
		{"DBT_CLOUD", "3:prefix 3:shared 4:prefix 7:inner 9:suffix"},
		{"dbtdbt_", "3:prefix 3:shared 6:prefix 6:shared 7:prefix"},
		{"db", ""},
		{"d b t", ""},
		{"cloudy", "5:suffix"},
		{"api_TOKEN", "8:inner 9:inner 9:shared"},
		{"aaaaa", "3:repeats 4:repeats 5:repeats"},
		{"ababab", "4:repeats 6:repeats"},
		{"GET /api/v2/accounts/", "21:symbols"},
		{"echo ${DBT_TOKEN}", "10:prefix 10:shared 10:symbols 11:prefix 15:inner 16:shared"},
		{"--API-KEY=x", "9:symbols"},
		{"clé CLé", "4:nonascii 9:nonascii"},
		{"CLÉ", ""}, // É is not folded
		{"\x00dbt\xff", "4:prefix 4:shared"},
	}
	for _, tt := range tests {
		var got []string
		for _, h := range prefilterHits(t, p, set, []byte(tt.in)) {
			got = append(got, h.String())
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("scan(%q) = %q, want %q", tt.in, strings.Join(got, " "), tt.want)
		}
		checkAgainstNaive(t, p, set, []byte(tt.in))
	}
}

// keywordAlphabet is mostly keyword letters, so that keywords occur and
// overlap often.
const keywordAlphabet = "dbtDBT_cloudCLOUD aAbBkKeEnN-/${}\n\x00\xc3\xa9\x89\xff"

// randomText is n bytes drawn from alphabet.
func randomText(rng *rand.Rand, n int, alphabet string) []byte {
	data := make([]byte, n)
	for i := range data {
		data[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return data
}

func TestPrefilterRandom(t *testing.T) {
	set := ruletest.Compile(t, "test.yaml", prefilterRules)
	p := newPrefilter(set)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		checkAgainstNaive(t, p, set, randomText(rng, rng.IntN(300), keywordAlphabet))
	}
	for range 200 {
		data := make([]byte, rng.IntN(2000))
		for i := range data {
			data[i] = byte(rng.Uint32())
		}
		checkAgainstNaive(t, p, set, data)
	}
	// Past manyStreams the blob is cut in quarters: every length around
	// the cuts, so that keywords straddle each of them.
	for n := manyStreams - 8; n < manyStreams+64; n++ {
		checkAgainstNaive(t, p, set, randomText(rng, n, keywordAlphabet))
	}
	for range 100 {
		checkAgainstNaive(t, p, set, randomText(rng, manyStreams+rng.IntN(20000), keywordAlphabet))
	}
}

// TestPrefilterLongKeyword has a keyword longer than a quarter of the blob,
// so the quarters cannot overlap by it.
func TestPrefilterLongKeyword(t *testing.T) {
	long := strings.Repeat("dbt_cloud", 40)
	set := ruletest.Compile(t, "test.yaml", strings.Replace(prefilterRules, "[aaa, aaaa, abab]", "[aaa, "+long+"]", 1))
	p := newPrefilter(set)
	for _, n := range []int{manyStreams, 4 * len(long), 4*len(long) + 3, 8 * len(long)} {
		data := []byte(strings.Repeat("x", n/2) + long + strings.Repeat("aaa", n/6))
		checkAgainstNaive(t, p, set, data)
		if got := prefilterHits(t, p, set, data); !slices.ContainsFunc(got, func(h keywordHit) bool { return h.rule == "repeats" && h.end == n/2+len(long) }) {
			t.Errorf("n=%d: the long keyword was not found", n)
		}
	}
}

// TestPrefilterDefaultRules compares the default rule set's automaton with
// the naive search over every file of the fixture repository.
func TestPrefilterDefaultRules(t *testing.T) {
	set := ruletest.Default(t)
	p := newPrefilter(set)
	n := 0
	err := filepath.WalkDir("../testdata/repo", func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n++
		got, want := prefilterHits(t, p, set, data), naiveHits(set, data)
		if !slices.Equal(got, want) {
			t.Errorf("%s: %d hits, want %d", path, len(got), len(want))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no fixture files")
	}
}

func TestPrefilterNoRules(t *testing.T) {
	set, err := rules.Compile(nil)
	if err != nil {
		t.Fatal(err)
	}
	if hits := newPrefilter(set).scan([]byte("dbt_cloud token"), nil); len(hits) != 0 {
		t.Errorf("no rules, %d hits", len(hits))
	}
}

func FuzzPrefilter(f *testing.F) {
	set := ruletest.Compile(f, "test.yaml", prefilterRules)
	p := newPrefilter(set)
	for _, s := range []string{"", "dbt_cloud", "DBT_CLOUD api_token", "aaaaabababab", "${dbt}/accounts/--api-key", "clé\xff\x00"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkAgainstNaive(t, p, set, data)
	})
}

// benchText is about 1 MiB of what a repository holds: code, configuration
// and docs, with the default rules' keywords where they naturally occur.
func benchText() []byte {
	lines := []string{
		"import os",
		"import requests",
		"",
		"def trigger_job(job_id: int) -> dict:",
		`    token = os.environ["DBT_CLOUD_SERVICE_TOKEN"]`,
		`    url = f"https://cloud.getdbt.com/api/v2/accounts/{ACCOUNT_ID}/jobs/{job_id}/run/"`,
		`    resp = requests.post(url, headers={"Authorization": f"Token {token}"}, timeout=30)`,
		"    resp.raise_for_status()",
		"    return resp.json()",
		"select order_id, customer_id, sum(amount) as total from {{ ref('orders') }} group by 1, 2",
		"  - name: stg_orders",
		"    description: One row per order, deduplicated on the source's primary key.",
		"    columns:",
		"      - name: order_id",
		"        tests: [unique, not_null]",
		"The quick brown fox jumps over the lazy dog while the pipeline waits for the warehouse.",
		"export PATH=\"$HOME/.local/bin:$PATH\"",
		"      - uses: actions/checkout@0123456789abcdef0123456789abcdef01234567",
		"        env:",
		"          DBT_CLOUD_API_TOKEN: ${{ secrets.DBT_CLOUD_API_TOKEN }}",
		"resource \"dbtcloud_job\" \"daily\" {",
		"  project_id     = var.project_id",
		"}",
		"    for (const row of rows) { total += row.amount; console.log(`row ${row.id}`); }",
	}
	var b strings.Builder
	for i := 0; b.Len() < 1<<20; i++ {
		b.WriteString(lines[i%len(lines)])
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

func BenchmarkPrefilter(b *testing.B) {
	p := newPrefilter(ruletest.Default(b))
	data := benchText()
	hits := p.scan(data, nil)
	b.ReportMetric(float64(len(hits)), "hits/op")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		hits = p.scan(data, hits[:0])
	}
}

// TestPrefilterRanges: scanning a blob a range at a time finds what one
// pass finds, for ranges of any size, cuts inside keywords included.
func TestPrefilterRanges(t *testing.T) {
	set := ruletest.Compile(t, "test.yaml", prefilterRules)
	p := newPrefilter(set)
	rng := rand.New(rand.NewPCG(11, 12))
	for range 300 {
		data := randomText(rng, rng.IntN(3000), keywordAlphabet)
		want := p.scan(data, nil)
		var got []hit
		for from := 0; from < len(data); {
			to := min(len(data), from+1+rng.IntN(300))
			got = p.scanRange(data, from, to, got)
			from = to
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%d bytes: %d hits by ranges, %d in one pass", len(data), len(got), len(want))
		}
	}
}
