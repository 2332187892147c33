#!/usr/bin/env bash
# How long the generated agentOS client takes to compile: the client crate alone, with its
# dependencies (agentos-runtime and everything below it) built beforehand.
#
#   agentos-codegen/scripts/compile-time.sh [SPEC] [RUNS]
#
# SPEC defaults to spec/agentos.yaml, RUNS to 3. Prints the generated size, then the best
# and median wall-clock time of `cargo check`, `cargo build` (debug) and `cargo build
# --release` of the crate after touching it. Work files live in target/tmp/compile-time.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
spec=$(realpath "${1:-$root/spec/agentos.yaml}")
runs=${2:-3}
work=$root/target/tmp/compile-time
mkdir -p "$work/src"

cd "$root"
cargo run -q -p agentos-codegen -- generate "$spec" -o "$work/src/client.rs"
cat > "$work/Cargo.toml" <<TOML
[package]
name = "agentos-compile-time"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
agentos-runtime = { path = "$root/agentos-runtime" }

[workspace]
TOML
cp "$root/Cargo.lock" "$work/Cargo.lock"
cat > "$work/src/lib.rs" <<'RS'
//! The generated client, alone in a crate.
/// The generated client.
pub mod client {
    include!("client.rs");
}
RS

export CARGO_TARGET_DIR=$work/target
cd "$work"
echo "spec: $spec"
echo "generated: $(wc -l < src/client.rs) lines, $(wc -c < src/client.rs) bytes"

measure() {
    local label=$1
    shift
    cargo "$@" -q >/dev/null 2>&1 # dependencies, and a first build of the crate
    local times=()
    for _ in $(seq "$runs"); do
        touch src/lib.rs
        local start end
        start=$(date +%s.%N)
        cargo "$@" -q
        end=$(date +%s.%N)
        times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v label="$label" '
        { t[NR] = $1 }
        END { printf "%-16s best %.2f s, median %.2f s (%d runs)\n", label, t[1], t[int((NR + 1) / 2)], NR }'
}

measure "check" check
measure "build (debug)" build
measure "build (release)" build --release
