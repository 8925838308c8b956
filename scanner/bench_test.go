package scanner_test

import (
	"context"
	"os"
	"testing"

	"github.com/patmigrate/patmigrate/scanner"
	"github.com/patmigrate/patmigrate/source"
)

// BenchmarkWorktree scans the tree named by PATMIGRATE_BENCH_DIR (for
// example the corpus bench/worktree.sh generates), or testdata/repo2.
func BenchmarkWorktree(b *testing.B) {
	dir := os.Getenv("PATMIGRATE_BENCH_DIR")
	if dir == "" {
		dir = "../testdata/repo2"
	}
	sc := scanner.New(defaultSet(b), scanner.Options{})
	var bytes int64
	for b.Loop() {
		res, err := sc.Scan(context.Background(), &source.Worktree{Root: dir})
		if err != nil {
			b.Fatal(err)
		}
		bytes = res.Stats.Bytes
	}
	b.SetBytes(bytes)
}
