#!/usr/bin/env bash
# Compile time of generated clients: ours beside progenitor's, for the same documents.
#
# Generates, with benches/progenitor-compare's `gen` binary, our client and progenitor's client
# (of the normalised copy, see benches/progenitor-compare/src/normalise.rs) for each document,
# puts each into a crate of its own in a scratch workspace outside the repository (own target
# directory), builds everything once (dependencies prebuilt), then ROUNDS times touches each
# crate's lib.rs and rebuilds that crate alone with `cargo build` (dev profile as in the main
# workspace; CARGO_INCREMENTAL=0, the cost of a changed document or a CI build, and, with
# INCREMENTAL=1, also the default incremental rebuild). Crates are interleaved within each round
# so that a slow moment of the shared machine hits all of them. Prints medians and the ratio
# ours / progenitor per document, plus the size of each generated file.
#
# Usage: scripts/compile-time.sh
# Environment: ROUNDS (5), DOCS ("agentos.yaml synthetic-2000"), COMBINED=1 to add a crate of
# each generator holding every document of DOCS as a module (one client for several call
# groups, as a user's crate would have it: ours from one Generator of every document), INCREMENTAL=1 to add
# incremental rebuilds, RELEASE=1 to add release rebuilds, KEEP=1 to keep the scratch
# directory, BENCH_DIR to choose it, EXTRA="name=/path/to/lib.rs ..." to add crates holding
# given sources (they depend on agentos-runtime). A name ending in a document's slug
# (`_agentos_yaml`, `_synthetic_2000`) is compared with that document's crates: this is how
# the output of an earlier generator is measured beside the current one, e.g. saved with
# `benches/progenitor-compare/target/release/gen write ours agentos.yaml /tmp/old_agentos_yaml.rs`
# before a change, then EXTRA="old_agentos_yaml=/tmp/old_agentos_yaml.rs".
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${ROUNDS:-5}"
docs="${DOCS:-agentos.yaml synthetic-2000}"
work="${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/agentos-compile-time.XXXXXX")}"
mkdir -p "$work"
if [[ -z "${KEEP:-}" && -z "${BENCH_DIR:-}" ]]; then
    trap 'rm -rf "$work"' EXIT
fi
unset RUSTFLAGS

bench="$repo/benches/progenitor-compare"
echo "building the generators (benches/progenitor-compare, release)..."
cargo build --release --quiet --manifest-path "$bench/Cargo.toml" --bin gen
gen="$bench/target/release/gen"

# Crate name for a document: agentos.yaml -> agentos_yaml, synthetic-2000 -> synthetic_2000.
slug() { tr -c 'a-zA-Z0-9\n' '_' <<<"$1"; }

crates=()
write_crate() { # name, deps, source file
    local name="$1" deps="$2" source="$3" dir="$work/$1"
    mkdir -p "$dir/src"
    printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n[dependencies]\n%s\n' \
        "$name" "$deps" >"$dir/Cargo.toml"
    cp "$source" "$dir/src/lib.rs"
    crates+=("$name")
}

ours_deps="agentos-runtime = { path = \"$repo/agentos-runtime\", package = \"agentos-api-runtime\" }"
# What progenitor's README asks generated code to depend on (chrono: date-time formats).
theirs_deps='progenitor-client = "0.15.1"
reqwest = { version = "0.13", default-features = false, features = ["json", "query", "stream", "rustls"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
futures = "0.3"'

mkdir -p "$work/generated"
for doc in $docs; do
    s="$(slug "$doc")"
    "$gen" write ours "$doc" "$work/generated/ours_$s.rs"
    "$gen" write progenitor "$doc" "$work/generated/progenitor_$s.rs"
    write_crate "ours_$s" "$ours_deps" "$work/generated/ours_$s.rs"
    write_crate "progenitor_$s" "$theirs_deps" "$work/generated/progenitor_$s.rs"
done
if [[ -n "${COMBINED:-}" ]]; then
    # Ours: one Generator for every document, as a user's build script has it (the models the
    # documents define alike are shared). progenitor takes one document at a time: its clients
    # of each, one module apiece.
    "$gen" client "$work/generated/ours_combined.rs" $docs
    write_crate ours_combined "$ours_deps" "$work/generated/ours_combined.rs"
    combined="$work/generated/progenitor_combined.rs"
    : >"$combined"
    for doc in $docs; do
        s="$(slug "$doc")"
        { echo "pub mod m_$s {"; cat "$work/generated/progenitor_$s.rs"; echo "}"; } >>"$combined"
    done
    write_crate progenitor_combined "$theirs_deps" "$combined"
fi
for extra in ${EXTRA:-}; do
    write_crate "${extra%%=*}" "$ours_deps" "${extra#*=}"
done

members=""
for c in "${crates[@]}"; do members+="\"$c\", "; done
cat >"$work/Cargo.toml" <<EOF
[workspace]
resolver = "3"
members = [$members]

[profile.dev]
debug = "line-tables-only"

[profile.dev.package."*"]
debug = false
EOF
cp "$repo/rust-toolchain.toml" "$work/rust-toolchain.toml"
export CARGO_TARGET_DIR="$work/target"

cd "$work"
echo "scratch workspace: $work ($(cargo --version))"
echo "building the dependencies and every crate once..."
modes="dev0"
[[ -n "${INCREMENTAL:-}" ]] && modes+=" dev1"
[[ -n "${RELEASE:-}" ]] && modes+=" rel0"
# Crate by crate (`-p`, as measured below): features of shared dependencies are unified per
# build command, so a workspace-wide build could leave dependencies for `-p` to rebuild.
for mode in $modes; do
    flag=""
    [[ "$mode" == rel* ]] && flag="--release"
    for c in "${crates[@]}"; do
        CARGO_INCREMENTAL="${mode: -1}" cargo build --quiet $flag -p "$c" 2>"$work/first-build.log" || {
            cat "$work/first-build.log"
            exit 1
        }
    done
done

# Seconds for one rebuild of crate $1 in mode $2 (dev0, dev1, rel0).
build_once() {
    local crate="$1" mode="$2" flag="" start end
    [[ "$mode" == rel* ]] && flag="--release"
    touch "$crate/src/lib.rs"
    start=$(date +%s.%N)
    CARGO_INCREMENTAL="${mode: -1}" cargo build --quiet $flag -p "$crate"
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}

median() {
    sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

declare -A times
for ((round = 1; round <= rounds; round++)); do
    echo "round $round of $rounds..."
    for mode in $modes; do
        # Alternate the order of the crates between rounds.
        if ((round % 2)); then order=("${crates[@]}"); else order=($(printf '%s\n' "${crates[@]}" | tac)); fi
        for c in "${order[@]}"; do
            times[$c.$mode]+="$(build_once "$c" "$mode") "
        done
    done
done

med() { tr ' ' '\n' <<<"${times[$1.$2]}" | grep . | median; }
label() {
    case "$1" in
    dev0) echo "cargo build, CARGO_INCREMENTAL=0" ;;
    dev1) echo "cargo build, incremental" ;;
    rel0) echo "cargo build --release" ;;
    esac
}

echo
echo "rebuild of the generated crate alone (median of $rounds rounds, interleaved), dependencies prebuilt"
for mode in $modes; do
    echo
    echo "$(label "$mode")"
    echo "| document | ours (s) | progenitor (s) | ours / progenitor | ours: lines, bytes | progenitor: lines, bytes |"
    echo "|---|---|---|---|---|---|"
    for doc in $docs; do
        s="$(slug "$doc")"
        a=$(med "ours_$s" "$mode")
        b=$(med "progenitor_$s" "$mode")
        ratio=$(echo "scale=3; $a / $b" | bc)
        size() { echo "$(wc -l <"$1"), $(wc -c <"$1")"; }
        printf '| %s | %.2f | %.2f | %s | %s | %s |\n' "$doc" "$a" "$b" "$ratio" \
            "$(size "ours_$s/src/lib.rs")" "$(size "progenitor_$s/src/lib.rs")"
    done
    if [[ -n "${COMBINED:-}" ]]; then
        a=$(med ours_combined "$mode")
        b=$(med progenitor_combined "$mode")
        printf '| every document above, in one crate | %.2f | %.2f | %s | %s | %s |\n' "$a" "$b" \
            "$(echo "scale=3; $a / $b" | bc)" \
            "$(wc -l <ours_combined/src/lib.rs), $(wc -c <ours_combined/src/lib.rs)" \
            "$(wc -l <progenitor_combined/src/lib.rs), $(wc -c <progenitor_combined/src/lib.rs)"
    fi
    extras=()
    for extra in ${EXTRA:-}; do extras+=("${extra%%=*}"); done
    if [[ ${#extras[@]} -gt 0 ]]; then
        echo
        echo "extra crates ($(label "$mode")); ratios to our output and to progenitor's"
        echo "| crate | seconds | / ours | / progenitor | lines, bytes |"
        echo "|---|---|---|---|---|"
        for name in "${extras[@]}"; do
            t=$(med "$name" "$mode")
            # The document is the crate name's suffix after the experiment's name.
            s=""
            for doc in $docs; do [[ "$name" == *"_$(slug "$doc")" ]] && s="$(slug "$doc")"; done
            if [[ -n "$s" ]]; then
                vs_ours=$(echo "scale=3; $t / $(med "ours_$s" "$mode")" | bc)
                vs_theirs=$(echo "scale=3; $t / $(med "progenitor_$s" "$mode")" | bc)
            else
                vs_ours="-"
                vs_theirs="-"
            fi
            printf '| %s | %.2f | %s | %s | %s |\n' "$name" "$t" "$vs_ours" "$vs_theirs" \
                "$(wc -l <"$name/src/lib.rs"), $(wc -c <"$name/src/lib.rs")"
        done
    fi
done
