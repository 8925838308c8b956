# Sourced by the bench scripts. measure NAME CMD...: the wall time of CMD
# and its peak RSS, with $bytes turned into MB/s. With hyperfine installed
# the time is the mean of $runs warm runs (± their standard deviation);
# without it, the best of $runs runs of time(1), whose resolution is 10 ms.
# Needs $cache (a folder for the measurements), $runs and $bytes.
measure() {
	local name=$1 wall="" sd="" rss="" out
	shift
	# Files of this call's own: two scripts run at once must not read
	# each other's times.
	out=$(mktemp "$cache/time.XXXXXX")
	"$@" >/dev/null 2>&1 || true # warm the page cache
	# time(1) puts "Command exited with non-zero status N" first when the
	# command fails (rg does when nothing matches): the last line counts.
	/usr/bin/time -f '%e %M' -o "$out" "$@" >/dev/null 2>&1 || true
	read -r wall rss < <(tail -n 1 "$out")
	if command -v hyperfine >/dev/null; then
		hyperfine -N -i -w 1 -r "$runs" --export-json "$out" -- "$(printf '%q ' "$@")" >/dev/null 2>&1
		wall=$(sed -nE '0,/"mean"/s/.*"mean": *([0-9.eE+-]+).*/\1/p' "$out")
		sd=$(sed -nE '0,/"stddev"/s/.*"stddev": *([0-9.eE+-]+).*/\1/p' "$out")
	else
		for _ in $(seq "$runs"); do
			/usr/bin/time -f '%e %M' -o "$out" "$@" >/dev/null 2>&1 || true
			read -r w kb < <(tail -n 1 "$out")
			if awk "BEGIN{exit !($w < $wall)}"; then
				wall=$w rss=$kb
			fi
		done
	fi
	rm -f "$out"
	awk -v n="$name" -v w="$wall" -v s="$sd" -v k="$rss" -v b="$bytes" 'BEGIN{
		t = s == "" ? sprintf("%7.3fs", w) : sprintf("%7.3fs ± %.3f", w, s)
		printf "%-30s %-17s %6.0f MB/s %7.1f MiB peak RSS\n", n, t, b/1e6/(w>0?w:0.001), k/1024}'
}
