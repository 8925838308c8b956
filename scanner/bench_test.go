package scanner_test

import (
	"context"
	"crypto/sha1"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/patmigrate/patmigrate/internal/ruletest"
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
	sc := scanner.New(ruletest.Default(b), scanner.Options{})
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

// BenchmarkManyFindings scans files dense with findings: one line of 170
// key assignments, and 10,000 lines of one each. Work per finding must not
// grow with the findings around it.
func BenchmarkManyFindings(b *testing.B) {
	key := func(i int) string { return fmt.Sprintf("%x", sha1.Sum([]byte{byte(i), byte(i >> 8)})) }
	var line, lines strings.Builder
	for i := range 170 {
		fmt.Fprintf(&line, "DBT_CLOUD_API_KEY=%s ", key(i))
	}
	for i := range 10000 {
		fmt.Fprintf(&lines, "DBT_CLOUD_API_KEY=%s\n", key(i))
	}
	sc := scanner.New(ruletest.Default(b), scanner.Options{})
	for _, tt := range []struct{ name, text string }{{"one-line", line.String()}, {"per-line", lines.String()}} {
		b.Run(tt.name, func(b *testing.B) {
			b.SetBytes(int64(len(tt.text)))
			for b.Loop() {
				res, err := sc.Scan(context.Background(), &source.Reader{R: strings.NewReader(tt.text), Path: ".env"})
				if err != nil || len(res.Findings) == 0 {
					b.Fatal(err, len(res.Findings))
				}
			}
		})
	}
}
