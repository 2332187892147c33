#!/usr/bin/env bash
# Every performance measurement of docs/PERFORMANCE.md, in one command.
#
# Runs, in this order, each writing its output to $OUT/<name>.txt (and to the terminal):
#   utilisation       cargo test -p agentos-tests --test throttle_utilisation -- --nocapture
#   runtime-client    cargo bench -p agentos-api-runtime --bench client       (Client vs reqwest, wall time)
#   runtime-overhead  cargo bench -p agentos-api-runtime --bench overhead     (instructions per request)
#   runtime-throttle  cargo bench -p agentos-api-runtime --bench throttle     (acquire cost)
#   page-memory       cargo bench -p agentos-api-runtime --bench page_memory  (peak memory of streaming)
#   codegen-bench     cargo bench -p agentos-api-codegen --bench generate     (the codegen crate's own)
#   gen-check         benches/progenitor-compare: gen check               (what progenitor accepts)
#   gen-time          benches/progenitor-compare: gen time                (interleaved wall time)
#   gen-callgrind     benches/progenitor-compare: gen callgrind           (instructions per stage)
#   gen-criterion     cargo bench --manifest-path benches/progenitor-compare/Cargo.toml
#   compile-time      scripts/compile-time.sh
#   user-crate-compile-time  scripts/user-crate-compile-time.sh   (a crate calling every operation)
#   macro-build-time  scripts/macro-build-time.sh
#   sim-throughput    scripts/sim-bench.sh                               (simulator requests/s, O(page))
#
# Usage: scripts/bench.sh [NAME...]   (no names: all of them; e.g. `scripts/bench.sh gen-time`)
# Environment: OUT (default target/bench-report/<date-time>). Everything takes about two hours
# on two cores; valgrind is needed for the two callgrind steps (they are skipped without it).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
out="${OUT:-$repo/target/bench-report/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
compare="$repo/benches/progenitor-compare/Cargo.toml"
gen="$repo/benches/progenitor-compare/target/release/gen"

all=(utilisation runtime-client runtime-overhead runtime-throttle page-memory codegen-bench
    gen-check gen-time gen-callgrind gen-criterion compile-time user-crate-compile-time macro-build-time
    sim-throughput)
selected=("$@")
[[ ${#selected[@]} -eq 0 ]] && selected=("${all[@]}")

has_valgrind() { command -v valgrind >/dev/null; }

run() {
    case "$1" in
    utilisation) cargo test -p agentos-tests --test throttle_utilisation -- --nocapture --test-threads 1 ;;
    runtime-client) cargo bench -p agentos-api-runtime --bench client ;;
    runtime-overhead) cargo bench -p agentos-api-runtime --bench overhead ;;
    runtime-throttle) cargo bench -p agentos-api-runtime --bench throttle ;;
    page-memory) cargo bench -p agentos-api-runtime --bench page_memory ;;
    codegen-bench) cargo bench -p agentos-api-codegen --bench generate ;;
    gen-check) cargo build --release --quiet --manifest-path "$compare" --bin gen && "$gen" check ;;
    gen-time) cargo build --release --quiet --manifest-path "$compare" --bin gen && "$gen" time ;;
    gen-callgrind)
        if has_valgrind; then
            cargo build --release --quiet --manifest-path "$compare" --bin gen && "$gen" callgrind
        else
            echo "valgrind is not installed: skipped"
        fi
        ;;
    gen-criterion) cargo bench --manifest-path "$compare" ;;
    compile-time) scripts/compile-time.sh ;;
    user-crate-compile-time) scripts/user-crate-compile-time.sh ;;
    macro-build-time) scripts/macro-build-time.sh ;;
    sim-throughput) scripts/sim-bench.sh ;;
    *)
        echo "unknown bench $1 (known: ${all[*]})" >&2
        return 2
        ;;
    esac
}

status=0
for name in "${selected[@]}"; do
    echo "=== $name ($(date +%H:%M:%S)) -> $out/$name.txt"
    if ! run "$name" 2>&1 | tee "$out/$name.txt"; then
        echo "=== $name FAILED" | tee -a "$out/$name.txt"
        status=1
    fi
done
echo "reports in $out"
exit $status
