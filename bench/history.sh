#!/usr/bin/env bash
# History scan throughput: builds (once, cached outside the repository) a
# deterministic synthetic repository packed with git gc, then prints the
# unique-blob MB/s and peak RSS of `patmigrate scan --history` next to
# go-git's plain BlobObjects() iteration (the naive reader) and
# `git log -p --all` (the floor of every diff-based scanner).
#
# With --repo PATH it measures a repository of one's own instead (a clone
# of go-git, terraform or vcpkg, say: nothing is fetched), next to
# `git log -p -U0 --all` and, when it is installed, gitleaks with the dbt
# rules of bench/gitleaks-dbt.toml.
#
#   bench/history.sh                 # 10,000 commits, 1 GiB of unique blobs
#   SCALE=4 bench/history.sh         # 40,000 commits, 4 GiB: RSS must stay flat
#   ONLY=patmigrate SCALE=4 bench/history.sh   # skip the slow references
#   bench/history.sh --repo ~/src/terraform    # a real history
set -euo pipefail
cd "$(dirname "$0")/.."

own=""
while [[ $# -gt 0 ]]; do
	case $1 in
	--repo) own=${2:?--repo needs a path}; shift 2 ;;
	--repo=*) own=${1#--repo=}; shift ;;
	*) echo "usage: bench/history.sh [--repo PATH]" >&2; exit 2 ;;
	esac
done

scale=${SCALE:-1}
commits=$((10000 * scale))
mb=$((1024 * scale))
runs=${RUNS:-1}
cache=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/patmigrate-bench}
repo="$cache/history-v1-$commits-$mb.git"
bin="$cache/bin"
mkdir -p "$bin"
command -v git >/dev/null || { echo "history.sh needs git (to build the repository)" >&2; exit 1; }

if [[ -n "$own" ]]; then
	repo=$(cd "$own" && pwd)
	git -C "$repo" rev-parse --git-dir >/dev/null || { echo "$own is not a git repository" >&2; exit 2; }
elif [[ ! -d "$repo" ]]; then
	echo "generating $repo ..."
	rm -rf "$repo.tmp"
	git init -q --bare "$repo.tmp"
	go run ./bench/genhistory -commits "$commits" -mb "$mb" | git -C "$repo.tmp" fast-import --quiet
	git -C "$repo.tmp" gc -q
	mv "$repo.tmp" "$repo"
fi
go build -o "$bin/patmigrate" ./cmd/patmigrate
go build -o "$bin/naiveblobs" ./bench/naiveblobs
bytes=$(git -C "$repo" cat-file --batch-all-objects --batch-check='%(objecttype) %(objectsize)' | awk '$1 == "blob" {s += $2} END {printf "%.0f\n", s}')
echo "repository: $(git -C "$repo" rev-list --all | wc -l) commits, $((bytes / 1048576)) MiB of unique blobs, pack $(du -sh "$repo" | cut -f1); $(nproc) CPUs"

# shellcheck source=bench/measure.sh
source bench/measure.sh

if [[ -z "${ONLY:-}" ]]; then
	if [[ -z "$own" ]]; then
		measure "go-git BlobObjects() (naive)" "$bin/naiveblobs" "$repo"
		measure "git log -p --all (floor)" git -C "$repo" log -p --all
	fi
	measure "git log -p -U0 --all" git -C "$repo" log -p -U0 --all
	if command -v gitleaks >/dev/null; then
		measure "gitleaks git (dbt rules)" gitleaks git --no-banner --log-level error --config bench/gitleaks-dbt.toml --report-format json --report-path "$cache/gitleaks-report.json" --exit-code 0 "$repo"
	else
		echo "gitleaks is not installed: skipped (go install github.com/zricethezav/gitleaks/v8@latest)"
	fi
fi
measure "patmigrate scan --history" "$bin/patmigrate" scan --history --format json --output /dev/null "$repo"
