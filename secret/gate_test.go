package secret_test

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"github.com/patmigrate/patmigrate/secret"
)

func TestGate(t *testing.T) {
	const tok = "dbtc_0123456789abcdefghijABCDEFGHIJ0123456789abcdefghij"
	const key = "3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a"
	shapes := func(s string) string { return strings.ReplaceAll(s, tok, secret.Redact(tok)) }
	for _, tt := range []struct {
		name   string
		writes []string
	}{
		{"whole", []string{"token " + tok + " and key " + key + "\n"}},
		{"split across writes", []string{"token " + tok[:9], tok[9:30], tok[30:] + " key " + key[:20], key[20:] + "\n"}},
		{"no final newline", []string{"key=" + key}},
		{"a URL's userinfo", []string{"clone https://x-access-token:" + key + "@github.com/re%zzpo.git failed\n"}},
		{"an unparsable URL", []string{"http://user:" + key + "@[::1:1/x\n"}},
		{"a long line", []string{strings.Repeat("a b ", 40<<10) + key + " " + strings.Repeat("c d ", 40<<10) + tok + "\n"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var known secret.Known
			known.Add(key, "short")
			var out bytes.Buffer
			g := secret.NewGate(&out, &known, shapes)
			for _, w := range tt.writes {
				if n, err := g.Write([]byte(w)); err != nil || n != len(w) {
					t.Fatalf("Write: %d, %v", n, err)
				}
			}
			if err := g.Flush(); err != nil {
				t.Fatal(err)
			}
			got := out.String()
			if strings.Contains(got, key) || strings.Contains(got, tok) {
				t.Errorf("a whole secret passed the gate: %.200q", got)
			}
			if want := strings.Join(tt.writes, ""); len(got) < len(want)-100 {
				t.Errorf("the gate lost text: %d bytes of %d", len(got), len(want))
			}
		})
	}
}

func TestGateConcurrent(t *testing.T) {
	const key = "3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a"
	var known secret.Known
	var out bytes.Buffer
	g := secret.NewGate(&out, &known, nil)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			known.Add(strings.Repeat(string(rune('a'+i)), 10))
			for range 100 {
				g.Write([]byte("line " + key + "\n"))
			}
		}()
	}
	known.Add(key)
	wg.Wait()
	g.Flush()
	if n := strings.Count(out.String(), "\n"); n != 800 {
		t.Errorf("%d lines, want 800", n)
	}
}

func TestScrubUserinfo(t *testing.T) {
	for in, want := range map[string]string{
		"https://u:p@h/x and ssh://git@h2/y":             "https://h/x and ssh://git@h2/y",
		"HTTPS://ghp_0123456789abcdefghij0123@h":         "HTTPS://h",
		"dbt-cloud://4242:dbtc…t3Sn@emea.dbt.com":        "dbt-cloud://4242:dbtc…t3Sn@emea.dbt.com",
		"dbt-cloud://4242:dbtc_secretvalue@emea.dbt.com": "dbt-cloud://emea.dbt.com",
		"https://user:abc#def@github.com/o/r":            "https://github.com/o/r",
		"https://u:p/ss@h/x":                             "https://h/x",
		"see https://h/a@b":                              "see https://h/a@b",
		`"http://u:p@h"`:                                 `"http://h"`,
		"no url":                                         "no url",
	} {
		if got := secret.ScrubUserinfo(in); got != want {
			t.Errorf("ScrubUserinfo(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestKnown: a value is redacted wherever it occurs, inside a longer run
// too (KEY_<key>, <key>_old), the longest first; values with other bytes
// are found as well.
func TestKnown(t *testing.T) {
	const key = "3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a"
	var k secret.Known
	k.Add(key, key[:20], "p@ss w0rd!", "short")
	var out bytes.Buffer
	g := secret.NewGate(&out, &k, nil)
	g.Write([]byte("a=" + key + " b=KEY_" + key + "_old c=" + key[:20] + " d=p@ss w0rd! e=short\n"))
	g.Flush()
	got := out.String()
	want := "a=3f9c…9f1a b=KEY_3f9c…9f1a_old c=3f9c…0c2e d=… e=short\n"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// TestGateLongLine: a line past the gate's hold is cut at a space, so a
// URL's userinfo or a key written across the cut is still seen whole.
func TestGateLongLine(t *testing.T) {
	const key = "3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a"
	var known secret.Known
	known.Add(key)
	var out bytes.Buffer
	g := secret.NewGate(&out, &known, nil)
	pad := strings.Repeat("x ", 9<<20) // 18 MiB without a newline
	for _, w := range []string{pad, "https://alice:s3cretpassw0rd", "@example.com/ " + key[:20], key[20:] + " " + pad, "end"} {
		g.Write([]byte(w))
	}
	g.Flush()
	if got := out.String(); strings.Contains(got, "s3cretpassw0rd") || strings.Contains(got, key) || len(got) < 2*len(pad) {
		t.Errorf("a secret passed the gate on a long line, or text was lost (%d bytes)", len(got))
	}
}
