package scanner

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/patmigrate/patmigrate/rules"
)

// TestNormalise pins the form slot names are matched in: context.slot and
// context.base patterns in users' rule files are written against it.
func TestNormalise(t *testing.T) {
	tests := []struct{ in, want string }{
		{"DBT_CLOUD_API_KEY", "dbt_cloud_api_key"},
		{"DbtCloudToken", "dbt_cloud_token"},
		{"dbtCloudAccountId", "dbt_cloud_account_id"},
		{"legacyAPIKey", "legacy_api_key"},
		{"dbt-cloud.token", "dbt_cloud_token"},
		{"dbtcloud:token", "dbtcloud_token"},
		{"/northwind/prod/dbt-cloud/api_key", "northwind_prod_dbt_cloud_api_key"},
		{"X-Dbt-Token", "x_dbt_token"},
		{"$env:DBT_HOST", "env_dbt_host"},
		{"token2", "token2"},
		{"API2Key", "api2_key"},
		{"__", ""},
	}
	for _, tt := range tests {
		if got := normalise(tt.in); got != tt.want {
			t.Errorf("normalise(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestStructure checks the scope the binder reads around a value: its own
// block's siblings, the headers above it, and not the blocks beside it.
func TestStructure(t *testing.T) {
	text := "dbtCloud:\n  host: emea.dbt.com\ngithub:\n  token: x\npostgres:\n  auth:\n    user: etl\n    password: VALUE\n    port: 5432\n"
	b := binder{text: []byte(text)}
	st := b.structure(len(text) - len("VALUE\n    port: 5432\n"))
	want := func(name string, got [][]byte, lines ...string) {
		t.Helper()
		if len(got) != len(lines) {
			t.Fatalf("%s = %q, want %q", name, got, lines)
		}
		for i := range lines {
			if string(got[i]) != lines[i] {
				t.Errorf("%s[%d] = %q, want %q", name, i, got[i], lines[i])
			}
		}
	}
	want("headers", st.headers, "  auth:", "postgres:")
	want("siblings above", st.siblingsAbove, "    user: etl")
	want("siblings below", st.siblingsBelow, "    port: 5432")
	if !st.keyed {
		t.Error("keyed = false: auth: and postgres: are data keys")
	}
}

// TestSlotWithoutScope is a user's slot rule with a name pattern only: a
// header or a generic name then binds nothing, and nothing panics.
func TestSlotWithoutScope(t *testing.T) {
	voc := &rules.SlotVocabulary{Name: regexp.MustCompile(`(?:^|_)acme_dbt_key$`)}
	text := []byte("h = {\"Authorization\": \"Token 3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a\"}\nACME_DBT_KEY=3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a\n")
	b := binder{voc: voc, text: text}
	if b.bound(bytes.Index(text, []byte("3f9c"))) {
		t.Error("a header bound without a scope")
	}
	if !b.bound(bytes.LastIndex(text, []byte("3f9c"))) {
		t.Error("ACME_DBT_KEY not bound")
	}
}
