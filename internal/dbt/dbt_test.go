package dbt

import (
	"fmt"
	"strings"
	"testing"
)

func TestClassify(t *testing.T) {
	body := strings.Repeat("aB3_-", 10)
	tests := []struct {
		in   string
		want Shape
	}{
		{"3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a", ShapeLegacyUserKey},
		{"3F9C2A7E1B4D6F8A0C2E4B6D8F0A1C3E5B7D9F1A", ShapeUnrecognised}, // keys are lower case
		{"3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1", ShapeUnrecognised},
		{"dbtu_" + body, ShapePAT},
		{"dbtc_" + body, ShapeServiceToken},
		{"dbtc_" + body[:49], ShapeUnrecognised},
		{"dbtc_" + body + "x", ShapeUnrecognised},
		{"dbtx_" + body, ShapeUnrecognised},
		{"dbtu_" + strings.Repeat("a", 49) + "!", ShapeUnrecognised},
		{"", ShapeUnrecognised},
	}
	for _, tt := range tests {
		if got := Classify(tt.in); got != tt.want {
			t.Errorf("Classify(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func ExampleAccountHost() {
	for _, h := range []string{"https://metadata.cloud.getdbt.com/graphql", "ab123.us1.dbt.com", "docs.getdbt.com", "example.com"} {
		fmt.Printf("%q\n", AccountHost(h))
	}
	// Output:
	// "cloud.getdbt.com"
	// "ab123.us1.dbt.com"
	// ""
	// ""
}

func ExampleClassify() {
	fmt.Println(Classify("dbtc_" + strings.Repeat("x1", 25)))
	// Output: service-token
}
