#!/usr/bin/env bash
# Hostile shapes: each file at 1 MiB and 4 MiB (SIZE=N to change the base),
# scanned alone; prints MB/s per file and how time grows from 1x to 4x.
# The bar (issue 10): every shape at least 20 MB/s, and 4x the input at
# most 4.5x the time.
#
#   bench/pathological.sh
set -euo pipefail
cd "$(dirname "$0")/.."

size=${SIZE:-1048576}
runs=${RUNS:-3}
cache=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/patmigrate-bench}
bin="$cache/bin"
mkdir -p "$bin"
go build -o "$bin/patmigrate" ./cmd/patmigrate
for m in 1 4; do
	dir="$cache/patho-v1-$size-x$m"
	[[ -d "$dir" ]] || go run ./bench/genpatho -size $((size * m)) "$dir"
done
echo "$(nproc) CPUs; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f1 --complement | xargs)"
# shellcheck source=bench/measure.sh
source bench/measure.sh
for f in $(ls "$cache/patho-v1-$size-x1"); do
	declare -A wall=()
	for m in 1 4; do
		path="$cache/patho-v1-$size-x$m/$f"
		bytes=$(stat -c %s "$path")
		line=$(measure "$f x$m" "$bin/patmigrate" scan --format json --output /dev/null "$path")
		echo "$line"
		wall[$m]=$(awk '{print $3}' <<<"$line" | tr -d s)
	done
	awk -v a="${wall[1]}" -v b="${wall[4]}" -v f="$f" 'BEGIN{printf "%-34s 4x input: %.1fx time\n", f, (a>0 ? b/a : 0)}'
done
