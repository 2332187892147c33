#!/usr/bin/env bash
# Requests per second of agentos-sim alone, measured with wrk, in one run:
#   1. the generic engine against the hand-written handlers it replaced (the simulator built
#      from git at $OLD_REV), interleaved round by round, on the same two requests: a page of
#      1000 tenancies (the largest record of the basic tier that the old handlers served) and a
#      get by id; the engine also serving the vendor's basic-tier document;
#   2. the cost of a page of 100 against its collection's size: 1,500 records against 3,000,000,
#      first and last page, and the last page under a parent (500 children each, or a million):
#      O(page), so the ratios should stay near 1.
#
# Usage: scripts/sim-bench.sh   (environment: OLD_REV, DURATION (10s), ROUNDS (3), CONNECTIONS (8))
# Needs wrk (installed with apt-get when missing). Takes about 15 minutes on two cores, most of
# it building the old simulator the first time.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
old_rev="${OLD_REV:-817033d}"
duration="${DURATION:-10s}"
rounds="${ROUNDS:-3}"
connections="${CONNECTIONS:-8}"
work="$repo/target/sim-bench"
mkdir -p "$work"

command -v wrk >/dev/null || apt-get install -y wrk >/dev/null

cargo build --release -p agentos-api-sim --features cli
new="$repo/target/release/agentos-sim"
old_src="$work/old-$old_rev"
old="$old_src/target/release/agentos-sim"
if [[ ! -x "$old" ]]; then
    rm -rf "$old_src" && mkdir -p "$old_src"
    git archive "$old_rev" | tar -x -C "$old_src"
    (cd "$old_src" && cargo build --release -p agentos-sim)
fi

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start NAME BINARY ARGS...: serves on a free port, unthrottled; sets port_NAME.
start() {
    local name="$1" binary="$2"
    shift 2
    local port
    port="$(free_port)"
    "$binary" --port "$port" --limit 1000000000 --window-secs 1 "$@" >"$work/$name.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do
        curl -s -o /dev/null "http://127.0.0.1:$port/" && break
        sleep 0.1
    done
    printf -v "port_$name" '%s' "$port"
}

start old "$old"
start new "$new"
start basic "$new" --spec "$repo/../shared/specs/openapi3/basic-tier.json"
# Three parents: 500 children each, or a million each.
family=(--spec "$repo/agentos-sim/tests/fixtures/parents.yaml" --model-records ParentModel=3)
start small "$new" "${family[@]}" --model-records ChildModel=1500
start large "$new" "${family[@]}" --model-records ChildModel=3000000

key="sim-demo-key-7f3a9c2e5b1d"
first_id() { # PORT PATH: the first OID of a page
    curl -s -H "api_key: $key" "http://127.0.0.1:$1$2" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["Data"][0]["OID"])'
}
rps() { # PORT PATH: requests per second
    wrk -t1 -c"$connections" -d"$duration" -H "api_key: $key" "http://127.0.0.1:$1$2" |
        awk '/Requests\/sec/ {print $2}'
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

list="/v2/tier2/demo/lettings/tenancies?offset=0&count=1000"
declare -A path
path[old_list]="$list"; path[new_list]="$list"; path[basic_list]="$list"
path[old_get]="/v2/tier2/demo/lettings/tenancies/$(first_id "$port_old" "$list")"
path[new_get]="/v2/tier2/demo/lettings/tenancies/$(first_id "$port_new" "$list")"
path[basic_get]="/v2/tier2/demo/lettings/tenancies/$(first_id "$port_basic" "$list")"
path[small_first]="/v1/family/demo/children?offset=0&count=100"
path[large_first]="/v1/family/demo/children?offset=0&count=100"
path[small_last]="/v1/family/demo/children?offset=1400&count=100"
path[large_last]="/v1/family/demo/children?offset=2999900&count=100"
# Children point at the parents in turn (PAR000001 has every third child).
path[small_parent]="/v1/family/demo/parents/PAR000001/children?offset=400&count=100"
path[large_parent]="/v1/family/demo/parents/PAR000001/children?offset=999900&count=100"

declare -A results
for round in $(seq "$rounds"); do
    for case in list get; do
        for server in old new basic; do
            port_var="port_$server"
            results[${server}_$case]+="$(rps "${!port_var}" "${path[${server}_$case]}") "
        done
    done
    for case in first last parent; do
        for server in small large; do
            port_var="port_$server"
            results[${server}_$case]+="$(rps "${!port_var}" "${path[${server}_$case]}") "
        done
    done
    echo "round $round done" >&2
done

med() { tr ' ' '\n' <<<"${results[$1]}" | grep . | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
bytes() { curl -s -H "api_key: $key" "http://127.0.0.1:$1$2" | wc -c; }

echo
echo "wrk -t1 -c$connections -d$duration, median of $rounds interleaved rounds (requests/s)"
echo
echo "| request | hand-written ($old_rev) | engine, spec/agentos.yaml | ratio | engine, basic-tier.json | ratio | answer bytes (engine) |"
echo "|---|---|---|---|---|---|---|"
for case in list get; do
    o="$(med old_$case)" n="$(med new_$case)" b="$(med basic_$case)"
    echo "| $case | $o | $n | $(ratio "$n" "$o") | $b | $(ratio "$b" "$o") | $(bytes "$port_basic" "${path[basic_$case]}") |"
done
echo
echo "| page of 100 | 1,500 children | 3,000,000 children | ratio |"
echo "|---|---|---|---|"
for case in first last parent; do
    s="$(med small_$case)" l="$(med large_$case)"
    echo "| $case | $s | $l | $(ratio "$l" "$s") |"
done
