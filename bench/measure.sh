# Sourced by the bench scripts. measure NAME CMD...: the best wall time of
# $runs warm runs of CMD and its peak RSS, with $bytes turned into MB/s.
# Needs $cache (a folder for time(1)'s output), $runs and $bytes.
measure() {
	local name=$1 best="" rss="" out
	shift
	# A file of this call's own: two scripts run at once must not read
	# each other's times.
	out=$(mktemp "$cache/time.XXXXXX")
	"$@" >/dev/null 2>&1 || true # warm the page cache
	for _ in $(seq "$runs"); do
		/usr/bin/time -f '%e %M' -o "$out" "$@" >/dev/null 2>&1 || true
		# time(1) puts "Command exited with non-zero status N" first when
		# the command fails (rg does when nothing matches).
		read -r wall kb < <(tail -n 1 "$out")
		if [[ -z "$best" ]] || awk "BEGIN{exit !($wall < $best)}"; then
			best=$wall rss=$kb
		fi
	done
	rm -f "$out"
	awk -v n="$name" -v w="$best" -v k="$rss" -v b="$bytes" \
		'BEGIN{printf "%-34s %7.2fs %7.0f MB/s %7.1f MiB peak RSS\n", n, w, b/1e6/(w>0?w:0.001), k/1024}'
}
