package scanner

import (
	"bytes"
	"encoding/base64"
	"slices"
	"testing"
)

// mapping is one offset of a view and where it must land in the blob; end
// says the offset is the exclusive end of a span.
type mapping struct {
	off  int
	end  bool
	want int
}

func checkMappings(t *testing.T, v *view, ms []mapping) {
	t.Helper()
	for _, m := range ms {
		if got := v.orig(m.off, m.end); got != m.want {
			t.Errorf("orig(%d, end=%v) = %d, want %d", m.off, m.end, got, m.want)
		}
	}
}

func TestNotebookView(t *testing.T) {
	tests := []struct {
		name string
		data string // the blob
		text string // the view
		segs []seg
		maps []mapping
	}{
		{"no escapes", "plain\ntext", "plain\ntext", nil, []mapping{{0, false, 0}, {6, false, 6}, {10, true, 10}}},
		{"quote", `a\"b`, `a"b`, []seg{{1, 2, 1, 3}}, []mapping{
			{0, false, 0},
			{1, false, 1}, // a span starting at the quote starts at its backslash
			{1, true, 1},  // a span ending before the quote
			{2, true, 3},  // a span ending after the quote ends after the escape
			{2, false, 3},
			{3, true, 4},
		}},
		{"adjacent escapes", `\"\"x`, `""x`, []seg{{0, 1, 0, 2}, {1, 2, 2, 4}}, []mapping{
			{0, false, 0}, {1, false, 2}, {1, true, 2}, {2, false, 4}, {2, true, 4}, {3, true, 5},
		}},
		{"unicode escape", `x\u00e9y`, "xéy", []seg{{1, 3, 1, 7}}, []mapping{
			{1, false, 1},
			{2, false, 1}, // the second byte of é starts at the escape
			{2, true, 7},  // and ends after it
			{3, false, 7},
			{3, true, 7},
			{4, true, 8},
		}},
		{"escaped newline becomes a space", `a\nb`, "a b", []seg{{1, 2, 1, 3}}, []mapping{{2, false, 3}}},
		{"tab and carriage return", `\t\r`, "  ", []seg{{0, 1, 0, 2}, {1, 2, 2, 4}}, nil},
		{"escaped backslash", `\\n`, `\n`, []seg{{0, 1, 0, 2}}, []mapping{{1, false, 2}, {2, true, 3}}},
		{"solidus", `a\/b`, "a/b", []seg{{1, 2, 1, 3}}, []mapping{{2, false, 3}}},
		{"unicode newline kept", `a\u000ab`, `a\u000ab`, nil, []mapping{{7, false, 7}}},
		{"unicode carriage return kept", `\u000D`, `\u000D`, nil, nil},
		{"other escapes kept", `\b\f`, `\b\f`, nil, nil},
		{"short unicode escape kept", `\u12`, `\u12`, nil, nil},
		{"bad unicode escape kept", `\uzzzz`, `\uzzzz`, nil, nil},
		{"trailing backslash", `ab\`, `ab\`, nil, []mapping{{2, false, 2}, {3, true, 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := notebookView([]byte(tt.data))
			if string(v.text) != tt.text {
				t.Errorf("text = %q, want %q", v.text, tt.text)
			}
			if !slices.Equal(v.segs, tt.segs) {
				t.Errorf("segs = %v, want %v", v.segs, tt.segs)
			}
			if v.src != nil || v.off != 0 {
				t.Errorf("a notebook view is a view of the blob itself, got src=%v off=%d", v.src, v.off)
			}
			checkMappings(t, v, tt.maps)
		})
	}
}

// TestNotebookViewKeyAfterEscapes maps a key in a realistic notebook back to
// the blob: every escape before it on its line and the lines before it
// shifts it.
func TestNotebookViewKeyAfterEscapes(t *testing.T) {
	const key = "3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a"
	data := []byte(`{
 "cells": [
  {
   "cell_type": "code",
   "source": [
    "import os\n",
    "headers = {\"Authorization\": \"Token \" + os.environ[\"X\"]}\n",
    "DBT_CLOUD_API_KEY = \"` + key + `\"\n",
    "print(\"caf\u00e9\")"
   ]
  }
 ]
}
`)
	v := notebookView(data)
	if got, want := bytes.Count(v.text, []byte("\n")), bytes.Count(data, []byte("\n")); got != want {
		t.Fatalf("view has %d lines, blob %d: line numbers would be wrong", got, want)
	}
	line := []byte(`"DBT_CLOUD_API_KEY = "` + key + `" ",`)
	if !bytes.Contains(v.text, line) {
		t.Fatalf("view does not hold %s:\n%s", line, v.text)
	}
	vs := bytes.Index(v.text, []byte(key))
	ds := bytes.Index(data, []byte(key))
	if vs == ds {
		t.Fatal("test is too weak: the key has the same offset in the view and the blob")
	}
	checkMappings(t, v, []mapping{{vs, false, ds}, {vs + len(key), true, ds + len(key)}})
	// The quote right after the key is the escape \" in the blob.
	checkMappings(t, v, []mapping{{vs + len(key), false, ds + len(key)}, {vs + len(key) + 1, true, ds + len(key) + 2}})
	if !bytes.Contains(v.text, []byte(`print("café")`)) {
		t.Errorf("unicode escape not decoded: %s", v.text)
	}
}

func TestBase64View(t *testing.T) {
	const key = "3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a"
	enc := base64.StdEncoding.EncodeToString([]byte(key)) // 56 characters, "==" included
	blob := []byte("first line\nDBT_CLOUD_API_KEY: " + enc + "\nlast line\n")
	from := bytes.IndexByte(blob, '\n') + 1
	to := bytes.LastIndex(blob, []byte("\nlast"))
	base := &view{text: blob}
	dv := base64View(base, from, to)
	if dv == nil {
		t.Fatal("base64View = nil, want a view")
	}
	if want := "DBT_CLOUD_API_KEY: " + key; string(dv.text) != want {
		t.Fatalf("text = %q, want %q", dv.text, want)
	}
	encStart := bytes.Index(blob, []byte(enc))
	encEnd := encStart + len(enc)
	if encStart != 30 || encEnd != 86 || from != 11 {
		t.Fatalf("fixture changed: from=%d encoded=[%d,%d)", from, encStart, encEnd)
	}
	if want := []seg{{19, 59, 19, 75}}; !slices.Equal(dv.segs, want) {
		t.Errorf("segs = %v, want %v (relative to the region)", dv.segs, want)
	}
	if dv.src != base || dv.off != from {
		t.Errorf("src=%p off=%d, want src=%p off=%d", dv.src, dv.off, base, from)
	}
	tests := []struct {
		name string
		m    mapping
	}{
		{"region start", mapping{0, false, 11}},
		{"before the value", mapping{18, false, 29}},
		{"end before the value", mapping{19, true, 30}},
		{"value start", mapping{19, false, 30}},
		{"inside the value, start", mapping{25, false, 30}},
		{"inside the value, end", mapping{40, true, 86}},
		{"value end", mapping{59, true, 86}},
		{"region end", mapping{59, false, 86}},
	}
	for _, tt := range tests {
		if got := dv.parent(tt.m.off, tt.m.end); got != tt.m.want {
			t.Errorf("%s: parent(%d, end=%v) = %d, want %d", tt.name, tt.m.off, tt.m.end, got, tt.m.want)
		}
		if got := dv.orig(tt.m.off, tt.m.end); got != tt.m.want {
			t.Errorf("%s: orig(%d, end=%v) = %d, want %d", tt.name, tt.m.off, tt.m.end, got, tt.m.want)
		}
	}
}

func TestBase64ViewValues(t *testing.T) {
	b64 := base64.StdEncoding.EncodeToString
	url := base64.RawURLEncoding.EncodeToString
	urlValue := "key>>>???~~~ value" // encodes with - and _
	if u := url([]byte(urlValue)); !bytes.ContainsAny([]byte(u), "-_") {
		t.Fatalf("fixture: %s has no URL-alphabet character", u)
	}
	tests := []struct {
		name string
		line string
		want string // "" when base64View returns nil
	}{
		{"two values", "a: " + b64([]byte("first-secret-value")) + " b: " + b64([]byte("second-secret-value")),
			"a: first-secret-value b: second-secret-value"},
		{"url alphabet, unpadded", "t=" + url([]byte(urlValue)), "t=" + urlValue},
		{"trailing newline in the value dropped", "v: " + b64([]byte("a-value-with-newline\n")), "v: a-value-with-newline"},
		{"shorter than 16 characters", "v: " + b64([]byte("abcdefghi")), ""},
		{"decodes to binary", "v: ////////////////////", ""},
		{"decodes to several lines: one line of the view", "v: " + b64([]byte("line one\nline two")), "v: line one line two"},
		{"hex key left alone", "DBT_CLOUD_API_KEY=3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a", ""},
		{"identifier left alone", "DBT_CLOUD_SERVICE_TOKEN: x", ""},
		{"nothing", "no encoded value here", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dv := base64View(&view{text: []byte(tt.line)}, 0, len(tt.line))
			switch {
			case tt.want == "" && dv != nil:
				t.Errorf("base64View(%q) = %q, want nil", tt.line, dv.text)
			case tt.want != "" && dv == nil:
				t.Errorf("base64View(%q) = nil, want %q", tt.line, tt.want)
			case dv != nil && string(dv.text) != tt.want:
				t.Errorf("base64View(%q) = %q, want %q", tt.line, dv.text, tt.want)
			}
		})
	}
}

// TestBase64ViewTwoValuesMapping checks that the second value's offsets
// account for the first value having shrunk.
func TestBase64ViewTwoValuesMapping(t *testing.T) {
	first, second := "first-secret-value", "second-secret-value"
	e1, e2 := base64.StdEncoding.EncodeToString([]byte(first)), base64.StdEncoding.EncodeToString([]byte(second))
	line := []byte("a: " + e1 + " b: " + e2)
	dv := base64View(&view{text: line}, 0, len(line))
	if dv == nil {
		t.Fatal("nil view")
	}
	vs := bytes.Index(dv.text, []byte(second))
	es := bytes.Index(line, []byte(e2))
	checkMappings(t, dv, []mapping{
		{vs - 1, false, es - 1}, // the space before it
		{vs, false, es},
		{vs + 3, false, es},
		{vs + 3, true, es + len(e2)},
		{vs + len(second), true, es + len(e2)},
	})
}

// TestBase64ViewOverNotebook maps through two views: a base64 value inside a
// notebook string, after escapes, lands on the encoded text in the blob.
func TestBase64ViewOverNotebook(t *testing.T) {
	const secret = "dbtc_nTV3u5-9yff4Akw5wwA1mtiV28A4fThpN98vbAstFlOKLRJDtQ"
	enc := base64.StdEncoding.EncodeToString([]byte(secret))
	data := []byte(`["x = \"1\"\n", "token: \"` + enc + `\"\n"]`)
	nb := notebookView(data)
	line := bytes.Index(nb.text, []byte("token"))
	dv := base64View(nb, line, len(nb.text))
	if dv == nil {
		t.Fatalf("nil view over %q", nb.text[line:])
	}
	vs := bytes.Index(dv.text, []byte(secret))
	if vs < 0 {
		t.Fatalf("decoded view %q lacks the secret", dv.text)
	}
	es := bytes.Index(data, []byte(enc))
	nbs := bytes.Index(nb.text, []byte(enc))
	// parent stops at the notebook view; orig goes on to the blob.
	for _, m := range []struct {
		off, parent, orig int
		end               bool
	}{
		{vs, nbs, es, false},
		{vs + 10, nbs, es, false},
		{vs + 10, nbs + len(enc), es + len(enc), true},
		{vs + len(secret), nbs + len(enc), es + len(enc), true},
		{vs + len(secret), nbs + len(enc), es + len(enc), false}, // the closing quote starts at its backslash
	} {
		if got := dv.parent(m.off, m.end); got != m.parent {
			t.Errorf("parent(%d, end=%v) = %d, want %d", m.off, m.end, got, m.parent)
		}
		if got := dv.orig(m.off, m.end); got != m.orig {
			t.Errorf("orig(%d, end=%v) = %d, want %d", m.off, m.end, got, m.orig)
		}
	}
}
