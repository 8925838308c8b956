#!/usr/bin/env bash
# Pre-commit hook latency: `patmigrate scan --staged` with 10 staged files in
# a 20,000-file repository whose history is packed, timed as a whole process
# (hyperfine when installed, else the best of 20 runs of time(1)). Target:
# under 50 ms.
set -euo pipefail
cd "$(dirname "$0")/.."

files=${FILES:-20000}
cache=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/patmigrate-bench}
repo="$cache/staged-v1-$files"
bin="$cache/bin"
mkdir -p "$bin"
command -v git >/dev/null || { echo "staged.sh needs git (to build the repository)" >&2; exit 1; }
g() { git -C "$repo" -c user.name=bench -c user.email=bench@example.com -c commit.gpgsign=false "$@"; }

if [[ ! -d "$repo" ]]; then
	echo "generating $repo ..."
	rm -rf "$repo.tmp"
	go run ./bench/gencorpus -files "$files" -mb 100 "$repo.tmp"
	mv "$repo.tmp" "$repo"
	g init -q
	g add -A
	g commit -qm "import"
	# Some history, then pack it all.
	for i in $(seq 1 50); do
		f=$(cd "$repo" && find pkg000 -type f | sort | sed -n "${i}p")
		echo "# change $i" >>"$repo/$f"
		g commit -qam "change $i"
	done
	g gc -q
fi
go build -o "$bin/patmigrate" ./cmd/patmigrate

# Stage ten edited files, one of them with a key.
g reset -q --hard
staged=$(cd "$repo" && find pkg001 -type f | sort | sed -n '1,10p')
for f in $staged; do echo "# edited" >>"$repo/$f"; done
echo "DBT_CLOUD_API_KEY=5c1e9a3b7d2f4e6a8c0b1d3f5e7a9c2b4d6f8e0a" >>"$repo/$(echo "$staged" | sed -n 1p)"
(cd "$repo" && git add $staged)
echo "repository: $(g ls-files | wc -l) files, $(g rev-list --count HEAD) commits, $(g count-objects -v | awk '/size-pack/ {print $2}') KiB packed; $(g diff --cached --name-only | wc -l) staged"

if command -v hyperfine >/dev/null; then
	hyperfine --warmup 3 --runs 30 -N -i "$bin/patmigrate scan --staged $repo"
else
	best=""
	for _ in $(seq 20); do
		/usr/bin/time -f '%e' -o "$cache/time.staged" "$bin/patmigrate" scan --staged "$repo" >/dev/null 2>&1 || true
		wall=$(tail -n 1 "$cache/time.staged")
		if [[ -z "$best" ]] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; fi
	done
	echo "patmigrate scan --staged: best of 20: ${best}s"
fi
g reset -q --hard
