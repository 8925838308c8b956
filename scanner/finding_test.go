package scanner_test

import (
	"context"
	"crypto/sha1"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/patmigrate/patmigrate/internal/ruletest"
	"github.com/patmigrate/patmigrate/scanner"
	"github.com/patmigrate/patmigrate/source"
)

const (
	keyA = "3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a"
	keyB = "8d1e5c3a9b7f2e4d6c8a0b1f3e5d7c9a2b4f6e8d"
)

// scanText scans one file named path holding text.
func scanText(t *testing.T, path, text string, opts scanner.Options) *scanner.Result {
	t.Helper()
	res, err := scanner.New(ruletest.Default(t), opts).Scan(context.Background(), &source.Reader{R: strings.NewReader(text), Path: path})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestSecretNeverPrintsWhole(t *testing.T) {
	s := scanner.NewSecret(keyA)
	js, err := json.Marshal(struct{ S scanner.Secret }{s})
	if err != nil {
		t.Fatal(err)
	}
	outputs := []string{
		s.String(), fmt.Sprint(s), fmt.Sprintf("%v %+v %#v %s %q %x", s, s, s, s, s, s),
		fmt.Sprintf("%v", struct{ S scanner.Secret }{s}), fmt.Sprintf("%+v", []scanner.Secret{s}), string(js),
	}
	for _, out := range outputs {
		if strings.Contains(out, keyA) || strings.Contains(out, keyA[4:36]) {
			t.Errorf("output holds the secret: %s", out)
		}
	}
	if got := s.String(); got != "3f9c…9f1a" {
		t.Errorf("String() = %q", got)
	}
	if s.Reveal() != keyA {
		t.Error("Reveal lost the value")
	}
	if got := scanner.Redact("short"); got != "…" {
		t.Errorf("Redact(short) = %q", got)
	}
	if a, b := s.ID(), scanner.NewSecret(keyB).ID(); a == b || !strings.HasPrefix(a, "sha256:") || len(a) != len("sha256:")+16 {
		t.Errorf("IDs %q %q", a, b)
	}
}

func TestFingerprintStableWhenLinesMove(t *testing.T) {
	before := scanText(t, ".env", "DBT_CLOUD_API_KEY="+keyA+"\n", scanner.Options{})
	moved := scanText(t, ".env", "# moved down\n\n\nDBT_CLOUD_API_KEY="+keyA+"\n", scanner.Options{})
	changed := scanText(t, ".env", "DBT_CLOUD_API_KEY="+keyB+"\n", scanner.Options{})
	otherPath := scanText(t, "ci/.env", "DBT_CLOUD_API_KEY="+keyA+"\n", scanner.Options{})
	fp := func(r *scanner.Result) string {
		t.Helper()
		if len(r.Findings) != 1 {
			t.Fatalf("findings: %+v", r.Findings)
		}
		return r.Findings[0].Fingerprint
	}
	if fp(before) != fp(moved) {
		t.Error("fingerprint changed when the line moved")
	}
	if moved.Findings[0].Line != 4 {
		t.Errorf("line = %d, want 4", moved.Findings[0].Line)
	}
	if fp(before) == fp(changed) {
		t.Error("fingerprint did not change with the secret")
	}
	if fp(before) == fp(otherPath) {
		t.Error("fingerprint did not change with the path")
	}
}

func TestPositions(t *testing.T) {
	tests := []struct {
		name, path, text           string
		line, col, endLine, endCol int
	}{
		{"plain", ".env", "A=1\nDBT_CLOUD_API_KEY=" + keyA + "\n", 2, 19, 2, 59},
		{"CRLF", ".env", "A=1\r\nDBT_CLOUD_API_KEY=" + keyA + "\r\n", 2, 19, 2, 59},
		{"characters, not bytes", "x.py", "# clé 🔑\nNOTE = 'é'; DBT_TOKEN = '" + keyA + "'\n", 2, 26, 2, 66},
		{"base64 value: the encoded span", "secret.yaml", "kind: Secret\ndata:\n  DBT_CLOUD_API_KEY: M2Y5YzJhN2UxYjRkNmY4YTBjMmU0YjZkOGYwYTFjM2U1YjdkOWYxYQ==\n", 3, 22, 3, 78},
		{"notebook: the physical line", "n.ipynb", "{\n \"cells\": [{\"source\": [\n  \"DBT_CLOUD_API_KEY = \\\"" + keyA + "\\\"\\n\"\n ]}]\n}\n", 3, 26, 3, 66},
		{"no trailing newline", ".env", "DBT_CLOUD_API_KEY=" + keyA, 1, 19, 1, 59},
		// A Latin-1 byte is one character, as an editor showing the file
		// in its own encoding counts it.
		{"Latin-1", "r.R", "# r\xe9vis\xe9 par J\xf6rg\ndbt_token <- Sys.getenv(\"DBT_CLOUD_API_KEY\", unset = \"" + keyA + "\")\n", 2, 55, 2, 95},
		{"UTF-8 byte-order mark", ".env", "\ufeffDBT_CLOUD_API_KEY=" + keyA + "\n", 1, 20, 1, 60},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := scanText(t, tt.path, tt.text, scanner.Options{})
			if len(res.Findings) != 1 {
				t.Fatalf("findings: %+v", res.Findings)
			}
			f := res.Findings[0]
			if f.Line != tt.line || f.Column != tt.col || f.EndLine != tt.endLine || f.EndColumn != tt.endCol {
				t.Errorf("position %d:%d-%d:%d, want %d:%d-%d:%d", f.Line, f.Column, f.EndLine, f.EndColumn, tt.line, tt.col, tt.endLine, tt.endCol)
			}
			if f.Secret.Reveal() != keyA {
				t.Errorf("secret = %s", f.Secret)
			}
		})
	}
}

func TestSnippetRedactsEverySecretOnTheLine(t *testing.T) {
	line := "DBT_CLOUD_API_KEY=" + keyA + " DBT_TOKEN=" + keyB
	res := scanText(t, ".env", line+"\n", scanner.Options{})
	if len(res.Findings) != 2 {
		t.Fatalf("findings: %+v", res.Findings)
	}
	for _, f := range res.Findings {
		if strings.Contains(f.Snippet, keyA) || strings.Contains(f.Snippet, keyB) {
			t.Errorf("snippet holds a secret: %s", f.Snippet)
		}
		if f.Snippet != "DBT_CLOUD_API_KEY=3f9c…9f1a DBT_TOKEN=8d1e…6e8d" {
			t.Errorf("snippet = %q", f.Snippet)
		}
	}
	shown := scanText(t, ".env", line+"\n", scanner.Options{ShowSecrets: true})
	if shown.Findings[0].Snippet != line {
		t.Errorf("--show-secrets snippet = %q", shown.Findings[0].Snippet)
	}
	long := strings.Repeat("x", 300) + " DBT_TOKEN=" + keyA + " " + strings.Repeat("y", 300)
	f := scanText(t, "a.env", long+"\n", scanner.Options{}).Findings[0]
	if !strings.Contains(f.Snippet, "DBT_TOKEN=3f9c…9f1a") || len(f.Snippet) > 200 {
		t.Errorf("long-line snippet (%d bytes) = %q", len(f.Snippet), f.Snippet)
	}
	enc := scanText(t, "s.yaml", "data:\n  DBT_CLOUD_API_KEY: M2Y5YzJhN2UxYjRkNmY4YTBjMmU0YjZkOGYwYTFjM2U1YjdkOWYxYQ==\n", scanner.Options{}).Findings[0]
	if enc.Snippet != "DBT_CLOUD_API_KEY: M2Y5…YQ==" {
		t.Errorf("encoded snippet = %q", enc.Snippet)
	}
}

func TestOneFindingPerSecret(t *testing.T) {
	// Several rules claim this key (the Airflow URI rule and the generic
	// dbt variable rule); the specific rule, listed first, wins.
	res := scanText(t, ".env", "AIRFLOW_CONN_DBT_CLOUD_DEFAULT='dbt-cloud://12345:"+keyA+"@cloud.getdbt.com'\n", scanner.Options{})
	if len(res.Findings) != 1 {
		t.Fatalf("findings: %+v", res.Findings)
	}
	f := res.Findings[0]
	if f.Rule != "legacy-key-airflow-uri" || f.AccountID != "12345" || f.Host != "cloud.getdbt.com" || f.Usage != "airflow" {
		t.Errorf("finding: rule %s account %q host %q usage %q", f.Rule, f.AccountID, f.Host, f.Usage)
	}
}

func TestPlaceholdersAreNotSecrets(t *testing.T) {
	for _, v := range []string{
		strings.Repeat("0", 40), strings.Repeat("ab", 20), "0000000000" + keyA[10:],
		"dbtu_" + strings.Repeat("X", 50), "dbtc_" + strings.Repeat("x", 50),
	} {
		if res := scanText(t, ".env", "DBT_CLOUD_API_KEY="+v+"\n", scanner.Options{}); len(res.Findings) != 0 {
			t.Errorf("%s: %+v", v, res.Findings)
		}
	}
}

func TestReaderSource(t *testing.T) {
	res := scanText(t, "", "DBT_CLOUD_API_KEY="+keyA+"\n", scanner.Options{})
	if len(res.Findings) != 1 || res.Findings[0].Path != source.StdinPath || res.Stats.Files != 1 {
		t.Errorf("stdin: %+v %+v", res.Findings, res.Stats)
	}
	big, err := scanner.New(ruletest.Default(t), scanner.Options{}).Scan(context.Background(),
		&source.Reader{R: strings.NewReader(strings.Repeat("x", 100)), Filter: source.Filter{MaxSize: 10}})
	if err != nil {
		t.Fatal(err)
	}
	if big.Stats.TooLarge != 1 || big.Stats.Files != 0 {
		t.Errorf("oversize stdin: %+v", big.Stats)
	}
	// A NUL after a key does not make the input a place nobody looks.
	bin := scanText(t, "", "DBT_CLOUD_API_KEY="+keyA+"\x00\n", scanner.Options{})
	if bin.Stats.Files != 1 || len(bin.Findings) != 1 {
		t.Errorf("binary stdin: %+v %+v", bin.Stats, bin.Findings)
	}
}

// RedactText leaves no credential-shaped run whole, whatever is glued to it.
func TestRedactText(t *testing.T) {
	tests := []struct{ in, secret string }{
		{"DBT_CLOUD_API_KEY=" + keyA, keyA},
		{"DBT_KEY_" + keyA, keyA},    // "_" is a word character: no \b
		{"x" + keyB + "_prod", keyB}, // glued on both sides
		{"token: dbtu_" + strings.Repeat("Ab1", 10), "dbtu_" + strings.Repeat("Ab1", 10)},
		{"Authorization: Token dbtc_abcdefghijklmnopqrstuvwxyz012345", "dbtc_abcdefghijklmnopqrstuvwxyz012345"},
	}
	for _, tt := range tests {
		if got := scanner.RedactText(tt.in); strings.Contains(got, tt.secret) {
			t.Errorf("RedactText(%q) = %q: the secret is whole", tt.in, got)
		}
	}
	if got := scanner.RedactText("sha 1234abcd, not a key"); got != "sha 1234abcd, not a key" {
		t.Errorf("ordinary text changed: %q", got)
	}
}

// Two rules that claim overlapping spans of one credential: the first rule
// wins the finding, and the second one's span must still be redacted in the
// snippet, or the part of the secret beyond the winner's span is shown.
func TestSnippetRedactsOverlappingClaims(t *testing.T) {
	set := ruletest.Compile(t, "overlap.yaml", `version: 1
rules:
  - id: head
    kind: legacy-user-key
    keywords: [token]
    pattern: 'TOKEN=(?P<secret>[0-9a-f]{20})'
    remediation: r
    examples: {match: ['TOKEN=3f9c2a7e1b4d6f8a0c2e'], nomatch: ['TOKEN=']}
  - id: tail
    kind: legacy-user-key
    keywords: [token]
    pattern: 'TOKEN=[0-9a-f]{10}(?P<secret>[0-9a-f]{30})'
    remediation: r
    examples: {match: ['TOKEN=3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a'], nomatch: ['TOKEN=']}
`)
	res, err := scanner.New(set, scanner.Options{}).Scan(context.Background(), &source.Reader{R: strings.NewReader("TOKEN=" + keyA + "\n"), Path: "x.txt"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || res.Findings[0].Rule != "head" {
		t.Fatalf("findings: %+v", res.Findings)
	}
	snip := res.Findings[0].Snippet
	// The union of both spans, keyA[0:40], is one redacted run.
	if want := "TOKEN=" + scanner.Redact(keyA); snip != want {
		t.Errorf("snippet = %q, want %q", snip, want)
	}
	for i := 4; i+8 <= len(keyA)-4; i++ {
		if part := keyA[i : i+8]; strings.Contains(snip, part) {
			t.Errorf("snippet %q shows %q of the secret", snip, part)
		}
	}
}

// The fingerprint and secret id formats are contracts: baselines, ignore
// files and SARIF results hold them. These literals are not goldens that
// -update could refresh; a change here is a new FingerprintVersion.
func TestFingerprintFormat(t *testing.T) {
	if scanner.FingerprintVersion != "v1" {
		t.Fatalf("FingerprintVersion = %q: update the literals below with the new format", scanner.FingerprintVersion)
	}
	tests := []struct{ rule, path, key, want string }{
		{"legacy-key-env", "ci/.env", keyA, "ded22e5047d4dbd8f3ff98c35778a31e"},
		// Spacing in a call is normalised.
		{"cross-account-call", "jobs/list.py", "requests.get(  f\"{BASE}/api/v2/accounts/\")", "04bfb464a0b3ecc0e797a1d0953e3e75"},
		{"cross-account-call", "jobs/list.py", "requests.get( f\"{BASE}/api/v2/accounts/\")", "04bfb464a0b3ecc0e797a1d0953e3e75"},
	}
	for _, tt := range tests {
		if got := scanner.Fingerprint(tt.rule, tt.path, tt.key); got != tt.want {
			t.Errorf("Fingerprint(%q, %q, …) = %s, want %s", tt.rule, tt.path, got, tt.want)
		}
	}
	for v, want := range map[string]string{
		keyA: "sha256:b46d7299a93d3340",
		"dbtc_IrLwB1sYPTTRGpeW1YK42YbheVLanKE4Fe7WhOJPx7GKOCF3sU": "sha256:e29fa7da69ea1980",
		"": "",
	} {
		if got := scanner.NewSecret(v).ID(); got != want {
			t.Errorf("secret_id of %s = %q, want %q", scanner.Redact(v), got, want)
		}
	}
}

// Text in UTF-16 with a byte-order mark (PowerShell 5's > writes it) is
// decoded before matching; lines and columns are those of the file.
func TestUTF16(t *testing.T) {
	text := "# set by ops\r\n$env:DBT_CLOUD_API_KEY = \"" + keyA + "\"\r\n"
	encode := func(littleEndian bool) string {
		var b strings.Builder
		if littleEndian {
			b.WriteString("\xff\xfe")
		} else {
			b.WriteString("\xfe\xff")
		}
		for _, r := range text { // ASCII only
			if littleEndian {
				b.WriteByte(byte(r))
				b.WriteByte(0)
			} else {
				b.WriteByte(0)
				b.WriteByte(byte(r))
			}
		}
		return b.String()
	}
	for _, le := range []bool{true, false} {
		res := scanText(t, "ops/Set-Env.ps1", encode(le), scanner.Options{})
		if len(res.Findings) != 1 {
			t.Fatalf("little-endian %v: findings %+v", le, res.Findings)
		}
		f := res.Findings[0]
		if f.Line != 2 || f.Column != 27 || f.EndColumn != 67 || f.Secret.Reveal() != keyA {
			t.Errorf("little-endian %v: %d:%d-%d %s", le, f.Line, f.Column, f.EndColumn, f.Secret)
		}
		if want := `$env:DBT_CLOUD_API_KEY = "3f9c…9f1a"`; f.Snippet != want {
			t.Errorf("little-endian %v: snippet %q, want %q", le, f.Snippet, want)
		}
	}
	// Without a byte-order mark, text whose every other byte is NUL is
	// UTF-16 all the same (Out-File -Encoding Unicode, an editor's
	// "UTF-16 LE"); NULs after a key in a plain file hide nothing.
	for _, le := range []bool{true, false} {
		text := encode(le)[2:]
		if res := scanText(t, "ops/Set-Env.ps1", text, scanner.Options{}); len(res.Findings) != 1 || res.Findings[0].Line != 2 || res.Findings[0].Column != 27 {
			t.Errorf("UTF-16 (little-endian %v) without a byte-order mark: %+v", le, res.Findings)
		}
	}
	if res := scanText(t, "k.bin", "DBT_CLOUD_API_KEY="+keyA+"\x00\x00", scanner.Options{}); len(res.Findings) != 1 {
		t.Errorf("a key followed by NULs: %+v", res.Findings)
	}
}

// TestTooManyFindings is a generated or hostile file of thousands of keys:
// its scan stops at a bound and says so, rather than going on for minutes
// or going silent.
func TestTooManyFindings(t *testing.T) {
	var b strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&b, "DBT_CLOUD_API_KEY=%x\n", sha1.Sum([]byte{byte(i), byte(i >> 8)}))
	}
	res := scanText(t, "keys.env", b.String(), scanner.Options{})
	if n := len(res.Findings); n == 0 || n > 500 {
		t.Errorf("%d findings, want some and at most 500", n)
	}
	if len(res.Errors) != 1 || !errors.Is(res.Errors[0].Err, scanner.ErrTooManyFindings) {
		t.Fatalf("errors %v, want ErrTooManyFindings", res.Errors)
	}
	if res.Complete() {
		t.Error("a capped scan is complete")
	}
}

// TestDocstringMentionIsNoCall: in Python, a docstring that names the
// endpoint is prose; the same path in code is a call.
func TestDocstringMentionIsNoCall(t *testing.T) {
	text := "# dbt Cloud audit\ndef audit():\n    \"\"\"Audit the accounts.\n\n    Historically this called GET /api/v2/accounts/ directly.\n    \"\"\"\n" +
		"    return requests.get(\"https://cloud.getdbt.com/api/v2/accounts/\")\n"
	res := scanText(t, "audit.py", text, scanner.Options{})
	var lines []int
	for _, f := range res.Findings {
		if f.Kind == "cross-account-call" {
			lines = append(lines, f.Line)
		}
	}
	if len(lines) != 1 || lines[0] != 7 {
		t.Errorf("cross-account calls on lines %v, want [7]", lines)
	}
}
