#!/usr/bin/env bash
# End-to-end checks of the built patmigrate binary over testdata/: exit
# codes, output files, formats, and that no secret leaks without
# --show-secrets. Needs only bash, grep and Go.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin="$work/patmigrate"
go build -o "$bin" ./cmd/patmigrate

passed=0 failed=0
check() { # check NAME WANT_EXIT -- command...
	local name=$1 want=$2
	shift 3
	local got=0
	"$@" >"$work/out" 2>"$work/err" || got=$?
	if [[ $got -eq $want ]]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: $name: exit $got, want $want" >&2
		sed 's/^/  stderr: /' "$work/err" | head -5 >&2
	fi
}
assert() { # assert NAME CONDITION...
	local name=$1
	shift
	if "$@"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: $name" >&2
	fi
}

mkdir -p "$work/clean"
printf 'name: jaffle_shop\nversion: "1.0"\n' >"$work/clean/dbt_project.yml"

check "clean folder exits 0" 0 -- "$bin" scan "$work/clean"
check "fixture repo exits 1 (legacy keys)" 1 -- "$bin" scan testdata/repo
check "--fail-on none exits 0" 0 -- "$bin" scan --fail-on none testdata/repo
check "unknown flag exits 2" 2 -- "$bin" scan --no-such-flag .
check "unknown format exits 2" 2 -- "$bin" scan --format xml testdata/repo
check "missing target exits 2" 2 -- "$bin" scan "$work/does-not-exist"
printf 'version: 1\nrules:\n  - id: Bad Id\n    kind: nope\n' >"$work/bad-rules.yaml"
check "bad rule file exits 2" 2 -- "$bin" scan --rules "$work/bad-rules.yaml" testdata/repo
assert "bad rule file error names file and line" grep -q "bad-rules.yaml:3:" "$work/err"

# Formats, --output, and re-rendering a saved report.
for f in text markdown json; do
	check "format $f to a file" 1 -- "$bin" scan --format "$f" --output "$work/report.$f" testdata/repo
	assert "format $f wrote a file" test -s "$work/report.$f"
done
check "report re-renders saved JSON" 0 -- "$bin" report "$work/report.json" --format markdown
assert "markdown has task items" grep -q -- '- \[ \]' "$work/out"
check "--output /dev/null is written in place" 1 -- "$bin" scan --format json --output /dev/null testdata/repo
assert "/dev/null is still a device" test -c /dev/null
check "--output /dev/stdout is written in place" 1 -- "$bin" scan --format json --output /dev/stdout testdata/repo
assert "the report went to standard output" grep -q '"schema": "patmigrate.report/v1"' "$work/out"
mkfifo "$work/fifo"
cat "$work/fifo" >"$work/fifo.out" &
check "--output to a FIFO is written in place" 1 -- "$bin" scan --format json --output "$work/fifo" testdata/repo
wait
assert "the FIFO's reader got the report" grep -q '"schema": "patmigrate.report/v1"' "$work/fifo.out"
assert "the FIFO is still a FIFO" test -p "$work/fifo"

# Standard input.
check "stdin finds a key" 1 -- bash -c "printf 'DBT_CLOUD_API_KEY=3f9c2a7e1b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a\n' | '$bin' scan --format json -"
assert "stdin finding path" grep -q '"path": "(stdin)"' "$work/out"

# SIGTERM and SIGINT stop a scan that would never end on its own (standard
# input that stays open): exit 143 / 130 within a second, no output file;
# a second signal exits at once.
stopped() { # stopped SIGNAL COUNT: the exit status and the milliseconds
	rm -f "$work/stopped.json"
	mkfifo "$work/stdin.fifo"
	sleep 30 >"$work/stdin.fifo" &
	local feeder=$!
	"$bin" scan --format json --output "$work/stopped.json" - <"$work/stdin.fifo" 2>/dev/null &
	local pid=$! start
	sleep 0.3
	start=$(date +%s%N)
	for _ in $(seq "$2"); do kill -"$1" "$pid"; sleep 0.1; done # signals of one kind coalesce if sent at once
	local code=0
	wait "$pid" || code=$?
	echo "$code $((($(date +%s%N) - start) / 1000000))"
	kill "$feeder" 2>/dev/null || true
	rm -f "$work/stdin.fifo"
}
read -r code ms < <(stopped TERM 1)
assert "SIGTERM exits 143 within a second (got $code after ${ms} ms)" test "$code" -eq 143 -a "$ms" -lt 1000
assert "no partial output file after SIGTERM" test ! -e "$work/stopped.json"
read -r code ms < <(stopped INT 1)
assert "SIGINT exits 130 within a second (got $code after ${ms} ms)" test "$code" -eq 130 -a "$ms" -lt 1000
read -r code ms < <(stopped TERM 2)
assert "a second SIGTERM exits at once (got $code after ${ms} ms)" test "$code" -eq 143 -a "$ms" -lt 300

# No whole secret in any output without --show-secrets.
"$bin" scan --show-secrets --format json testdata/repo >"$work/shown.json" 2>/dev/null || true
grep -o '"secret": "[^"]\+"' "$work/shown.json" | sed 's/"secret": "//; s/"$//' | sort -u >"$work/secrets"
assert "collected the planted secrets" test "$(wc -l <"$work/secrets")" -ge 30
for f in text markdown json; do
	"$bin" scan --format "$f" testdata/repo >"$work/leak.out" 2>"$work/leak.err" || true
	assert "format $f leaks no secret (stdout)" bash -c "! grep -q -F -f '$work/secrets' '$work/leak.out'"
	assert "format $f leaks no secret (stderr)" bash -c "! grep -q -F -f '$work/secrets' '$work/leak.err'"
done
# CI formats, several reports from one scan, baselines and check-env.
check "sarif, junit and github reports from one scan" 1 -- "$bin" scan --format sarif --output "$work/r.sarif" --format junit --output "$work/r.xml" --format github testdata/example
assert "github annotations on stdout" grep -q '^::error file=' "$work/out"
assert "sarif version" grep -q '"version": "2.1.0"' "$work/r.sarif"
assert "junit testsuites" grep -q '<testsuites' "$work/r.xml"
for f in "$work/r.sarif" "$work/r.xml" "$work/out"; do
	assert "no secret in $(basename "$f")" bash -c "! grep -q -F -f '$work/secrets' '$f'"
done
mkdir -p "$work/bl"
printf 'DBT_CLOUD_API_KEY=5c1e9a3b7d2f4e6a8c0b1d3f5e7a9c2b4d6f8e0a\n' >"$work/bl/ci.env"
check "baseline create" 0 -- "$bin" baseline create --output "$work/baseline.json" "$work/bl"
check "the baselined key does not count" 0 -- "$bin" scan --baseline "$work/baseline.json" "$work/bl"
printf 'DBT_TOKEN=8d1e5c3a9b7f2e4d6c8a0b1f3e5d7c9a2b4f6e8d\n' >>"$work/bl/ci.env"
check "a new key counts" 1 -- "$bin" scan --baseline "$work/baseline.json" "$work/bl"
check "check-env finds a legacy key" 1 -- env DBT_CLOUD_API_KEY=5c1e9a3b7d2f4e6a8c0b1d3f5e7a9c2b4d6f8e0a "$bin" check-env --dbt-cloud-config /dev/null
assert "check-env names the variable" grep -q DBT_CLOUD_API_KEY "$work/out"
assert "check-env prints no value" bash -c "! grep -q 5c1e9a3b '$work/out' '$work/err'"
check "check-env with a PAT passes" 0 -- env -i DBT_CLOUD_TOKEN=dbtu_IrLwB1sYPTTRGpeW1YK42YbheVLanKE4Fe7WhOJPx7GKOCF3sU "$bin" check-env --dbt-cloud-config /dev/null

check "rules test passes" 0 -- "$bin" rules test
check "rules list" 0 -- "$bin" rules list
assert "rules list names a rule" grep -q legacy-key-env "$work/out"
check "version" 0 -- "$bin" version

# An item that cannot be read makes the scan incomplete (exit 3). Root reads
# any file, but not a write-only sysfs attribute.
if [[ -e /sys/bus/pci/rescan ]]; then
	check "unreadable item exits 3" 3 -- "$bin" scan --format json /sys/bus/pci
fi

# Git modes, on repositories made with the git command line (CI tooling
# only: the product itself reads git with go-git).
if command -v git >/dev/null; then
	repo="$work/repo"
	key=5c1e9a3b7d2f4e6a8c0b1d3f5e7a9c2b4d6f8e0a
	# The hook finds patmigrate on PATH (a binary under the temporary
	# folder is not recorded in the hook: it would be gone by the next commit).
	g() { PATH="$work:$PATH" git -C "$repo" -c user.name=ci -c user.email=ci@example.com -c commit.gpgsign=false "$@"; }
	git init -q "$repo"
	printf 'x\n' >"$repo/README.md"
	g add README.md && g commit -qm base
	printf 'DBT_CLOUD_API_KEY=%s\n' "$key" >"$repo/.env.ci"
	g add .env.ci && g commit -qm "add key"
	added=$(g rev-parse HEAD)
	g rm -q .env.ci && g commit -qm "remove key"
	check "worktree scan of the cleaned repo exits 0" 0 -- "$bin" scan "$repo"
	check "--history finds the removed key" 1 -- "$bin" scan --history --format json "$repo"
	assert "history finding names the adding commit" grep -q "\"commit\": \"$added\"" "$work/out"
	assert "history finding is not in HEAD" grep -q '"in_head": false' "$work/out"
	g gc -q
	check "--history finds it in a packed repository too" 1 -- "$bin" scan --history --format json "$repo"
	assert "packed: the adding commit" grep -q "\"commit\": \"$added\"" "$work/out"
	check "--since HEAD~1 sees only the removal" 0 -- "$bin" scan --since HEAD~1 "$repo"
	check "--since HEAD~2 sees the key" 1 -- "$bin" scan --since HEAD~2 "$repo"
	check "--since of an unknown revision exits 2" 2 -- "$bin" scan --since no-such-rev "$repo"
	assert "the unknown revision is named" grep -q "no-such-rev" "$work/err"
	# A change that adds a key and the rule file that disables its rule.
	base=$(g rev-parse HEAD)
	printf 'DBT_CLOUD_API_KEY=%s\n' "$key" >"$repo/.env.ci"
	printf 'version: 1\nrules:\n  - id: legacy-key-env\n    disabled: true\n' >"$repo/.patmigrate.yaml"
	g add .env.ci .patmigrate.yaml && g commit -qm "add key and silence it"
	check "--since: a rule file the change adds does not silence it" 1 -- "$bin" scan --since "$base" --format json "$repo"
	assert "the key is reported" grep -q '"kind": "legacy-user-key"' "$work/out"
	assert "the added rule file is reported" grep -q '"kind": "suppression-added"' "$work/out"
	check "--trust-suppressions-from-head honours it" 0 -- "$bin" scan --since "$base" --trust-suppressions-from-head "$repo"
	g rm -q .env.ci .patmigrate.yaml && g commit -qm "undo"
	check "--history on a plain folder exits 2" 2 -- "$bin" scan --history "$work/clean"
	check "remote clone over file://" 1 -- "$bin" scan --history --format json "file://$repo"
	check "file:// clones in process (no git on PATH)" 1 -- env PATH=/nonexistent "$bin" scan --history "file://$repo"
	assert "the clone is removed afterwards" bash -c "! ls -d \"\${TMPDIR:-/tmp}\"/patmigrate-clone-* 2>/dev/null"

	# Every stash entry is history too, the older ones behind refs/stash's reflog.
	printf 'DBT_CLOUD_API_KEY=%s\n' "$key" >"$repo/stashed.env"
	g add stashed.env && g stash -q
	printf 'x\n' >"$repo/other.txt" && g add other.txt && g stash -q
	check "an older stash entry is scanned" 1 -- "$bin" scan --history --format json "$repo"
	assert "the stashed key is found" grep -q '"path": "stashed.env"' "$work/out"
	g stash clear

	# The pre-commit hook blocks a commit that adds a key, and only that.
	check "hook install" 0 -- "$bin" hook install --repo "$repo"
	check "hook install again is a no-op" 0 -- "$bin" hook install --repo "$repo"
	assert "second install says so" grep -q "already installed" "$work/out"
	printf 'DBT_TOKEN=%s\n' "$key" >"$repo/leak.env"
	g add leak.env
	check "the hook blocks the commit" 1 -- g commit -qm leak
	assert "the block names file and line" grep -q "leak.env:1" "$work/err"
	assert "the block leaks no secret" bash -c "! grep -q $key '$work/err' '$work/out'"
	g rm -q --cached leak.env
	printf 'ok\n' >"$repo/fine.txt"
	g add fine.txt
	check "a clean commit passes" 0 -- g commit -qm fine
	check "hook uninstall" 0 -- "$bin" hook uninstall --repo "$repo"
	assert "the hook is gone" test ! -e "$repo/.git/hooks/pre-commit"
fi

# plan and apply: the plan file, a dry run that sends nothing, and the
# refusals that protect new secrets. (Creating tokens is tested against the
# fake dbt Cloud in go test.)
check "scan for plan" 1 -- "$bin" scan --format json --output "$work/plan-report.json" testdata/repo
check "plan" 0 -- "$bin" plan "$work/plan-report.json" --output "$work/plan.yaml"
assert "plan prints a replacement" grep -q "create a service token, job_runner" "$work/out"
assert "the plan file is YAML with sites" grep -q "replacement: service-token" "$work/plan.yaml"
assert "the plan holds no whole key" bash -c "! grep -Eq '[0-9a-f]{40}' '$work/plan.yaml'"
check "apply dry run (no network, no credential needed)" 1 -- env -u PATMIGRATE_TOKEN "$bin" apply "$work/plan.yaml"
assert "the dry run names the missing bootstrap credential" grep -q "PATMIGRATE_TOKEN_" "$work/out"
check "apply dry run with a credential (some accounts unknown)" 1 -- env PATMIGRATE_TOKEN=dbtc_e2e "$bin" apply --user-id 1 --host https://emea.dbt.com "$work/plan.yaml"
assert "the dry run lists the calls" grep -q "POST https://emea.dbt.com/api/v3/accounts/" "$work/err"
assert "the dry run says which accounts are unknown" grep -q "fill in account_id" "$work/out"
check "apply --yes needs --secrets-out" 2 -- env PATMIGRATE_TOKEN=dbtc_e2e "$bin" apply --yes --user-id 1 "$work/plan.yaml"
: >"$work/loose.env" && chmod 644 "$work/loose.env"
check "apply refuses a secrets file others can read" 2 -- env PATMIGRATE_TOKEN=dbtc_e2e "$bin" apply --yes --user-id 1 --secrets-out "$work/loose.env" "$work/plan.yaml"
assert "the refusal names the file" grep -q "loose.env" "$work/err"
printf 'version: 1\naccounts:\n  - account_id: 1\n    hots: x\n' >"$work/bad-plan.yaml"
check "a misspelt plan key is an error" 2 -- "$bin" apply "$work/bad-plan.yaml"
assert "the error names the file and key" grep -q "bad-plan.yaml:4: unknown key hots" "$work/err"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
