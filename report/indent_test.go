package report

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestIndent: indent writes what json.Indent writes, for values with empty
// and nested containers, and strings that hold brackets, quotes, escapes
// and non-ASCII text.
func TestIndent(t *testing.T) {
	values := []any{
		map[string]any{"a": []any{}, "b": map[string]any{}, "c": []any{1, "x", nil, true, []any{[]any{}}}},
		[]any{`a "quoted" {value}`, `back\slash`, "tab\tnew\nline", "é…\u2028", "[]{},:"},
		map[string]any{"nested": map[string]any{"deeper": []any{map[string]any{"k": 1.5e-7}}}},
		"plain", 42, nil, []any{},
	}
	data, err := json.Marshal(values)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range append(values, json.RawMessage(data)) {
		compact, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := json.Indent(&want, compact, "", "  "); err != nil {
			t.Fatal(err)
		}
		if got := indent(nil, compact); string(got) != want.String() {
			t.Errorf("indent(%s)\n got %s\nwant %s", compact, got, want.String())
		}
	}
}
