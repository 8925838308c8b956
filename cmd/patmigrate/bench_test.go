package main

import (
	"context"
	"io"
	"os"
	"strings"
	"testing"
)

// BenchmarkScanCommand runs the whole scan command, rules loading and
// report rendering included, over the tree named by PATMIGRATE_BENCH_DIR
// (a file of bench/pathological.sh, say) or testdata/repo2, with the flags
// of PATMIGRATE_BENCH_FLAGS (--history, say): the way to profile what a
// process spends beyond the engine (-cpuprofile).
func BenchmarkScanCommand(b *testing.B) {
	dir := os.Getenv("PATMIGRATE_BENCH_DIR")
	if dir == "" {
		dir = "../../testdata/repo2"
	}
	for b.Loop() {
		s := &streams{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard}
		args := append([]string{"scan", "--format", "json", "--output", os.DevNull}, strings.Fields(os.Getenv("PATMIGRATE_BENCH_FLAGS"))...)
		if code := run(context.Background(), s, append(args, dir)); code > 1 {
			b.Fatalf("exit %d", code)
		}
	}
}
