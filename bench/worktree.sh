#!/usr/bin/env bash
# Working-tree scan throughput: builds (once, cached outside the repository)
# a deterministic synthetic tree of FILES files / MB MiB with a few planted
# keys, then prints MB/s and peak RSS of `patmigrate scan` next to the
# raw-read floor (reading the same files, doing nothing) and, where
# installed, ripgrep searching for a string that never occurs.
#
#   bench/worktree.sh            # 20,000 files, 200 MiB
#   FILES=80000 MB=800 bench/worktree.sh
#   DENSE=1 bench/worktree.sh    # stress: a keyword on every fourth line
set -euo pipefail
cd "$(dirname "$0")/.."

files=${FILES:-20000}
mb=${MB:-200}
runs=${RUNS:-3}
cache=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/patmigrate-bench}
dense=${DENSE:-}
corpus="$cache/worktree-v3-$files-$mb${dense:+-dense}"
bin="$cache/bin"
mkdir -p "$bin"

if [[ ! -d "$corpus" ]]; then
	echo "generating $corpus ..."
	go run ./bench/gencorpus -files "$files" -mb "$mb" ${dense:+-dense} "$corpus.tmp"
	mv "$corpus.tmp" "$corpus"
fi
go build -o "$bin/patmigrate" ./cmd/patmigrate
go build -o "$bin/rawread" ./bench/rawread
bytes=$(find "$corpus" -type f -printf '%s\n' | awk '{s += $1} END {printf "%.0f\n", s}')
echo "corpus: $(find "$corpus" -type f | wc -l) files, $((bytes / 1048576)) MiB; $(nproc) CPUs; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

# shellcheck source=bench/measure.sh
source bench/measure.sh

measure "raw read (floor)" "$bin/rawread" "$corpus"
measure "patmigrate scan" "$bin/patmigrate" scan --format json --output /dev/null "$corpus"
if command -v rg >/dev/null; then
	measure "rg -uuu -c NEVERMATCHES" rg -uuu -c NEVERMATCHES "$corpus"
fi
