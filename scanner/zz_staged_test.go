package scanner_test

import (
	"context"
	"os"
	"testing"

	"github.com/patmigrate/patmigrate/scanner"
)

func BenchmarkZZStaged(b *testing.B) {
	dir := os.Getenv("SREPO")
	if dir == "" {
		b.Skip()
	}
	set := defaultSet(b)
	for b.Loop() {
		sc := scanner.New(set, scanner.Options{})
		if _, err := sc.Scan(context.Background(), &scanner.Staged{Root: dir}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkZZRules(b *testing.B) {
	for b.Loop() {
		scanner.New(defaultSet(b), scanner.Options{})
	}
}
