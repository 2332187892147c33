#!/usr/bin/env bash
# Compile time where the user pays it (issue 25): a user's crate that calls every operation of
# the published documents, through our client and through progenitor's, side by side.
#
# The generated `Endpoint` methods are `#[inline]`, so each operation's serde code is compiled
# in the crate that calls it; progenitor's operations are `async fn`s, compiled where they are
# awaited. scripts/compile-time.sh measures the generated crate alone; this measures the crate
# that calls it too.
#
# In a scratch workspace outside the repository (own target directory), with
# benches/progenitor-compare's `gen` binary:
#   ours_client        `gen client`: our client of every DOC in one crate (one Generator)
#   progenitor_client_gen
#                      progenitor's client of each DOC (its normalised copy), one module
#                      `m_<slug>` apiece (as COMBINED=1 of scripts/compile-time.sh)
#   ours_user, progenitor_user
#                      `gen callers ours|progenitor`: an exported `async fn` calling every
#                      operation once through the client crate (a dependency named `client`)
# Everything is built once (dependencies prebuilt, with `build` and with `check`), then in each
# of ROUNDS rounds, the two sides interleaved (order alternating between rounds), each mode:
#   user    touch the user crate's lib.rs; `cargo build -p X_user`     (a)
#   check   touch the user crate's lib.rs; `cargo check -p X_user`     (b)
#           (for both, the client is first brought up to date with the same command,
#           unmeasured: an earlier mode touched it)
#   both    touch the client's and the user crate's lib.rs; `cargo build -p X_user`   (c)
#   check-both  the same with `cargo check`
#   client  touch the client's lib.rs; `cargo build -p X_client` (the figure of compile-time.sh)
# all with CARGO_INCREMENTAL=0 (a full compile of each touched crate), dev profile as in the
# main workspace. Each build is timed with /usr/bin/time: wall seconds and CPU seconds
# (user + sys of cargo and the rustc it runs). Prints medians and the ratios ours / progenitor.
#
# Usage: scripts/user-crate-compile-time.sh
# Environment: ROUNDS (5), DOCS ("openapi3/diary.json openapi3/basic-tier.json
# openapi3/free-tier.json", read from ../shared/specs in place), MODES ("user check both
# check-both client"), KEEP=1 to keep the scratch directory, BENCH_DIR to choose it (kept),
# OURS_CLIENT=/path/to/file.rs to build our client crate from a given file instead of
# generating it (an experiment on a hand-edited copy of the generated code),
# RUNTIME=/path/to/agentos-runtime to build ours against another copy of the runtime (an
# experiment on the runtime), NICE (5).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${ROUNDS:-5}"
docs="${DOCS:-openapi3/diary.json openapi3/basic-tier.json openapi3/free-tier.json}"
modes="${MODES:-user check both check-both client}"
nice_level="${NICE:-5}"
work="${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/agentos-user-crate.XXXXXX")}"
mkdir -p "$work"
if [[ -z "${KEEP:-}" && -z "${BENCH_DIR:-}" ]]; then
    trap 'rm -rf "$work"' EXIT
fi
unset RUSTFLAGS

bench="$repo/benches/progenitor-compare"
echo "building the generators (benches/progenitor-compare, release)..."
nice -n "$nice_level" cargo build --release --quiet --manifest-path "$bench/Cargo.toml" --bin gen
gen="$bench/target/release/gen"

slug() { tr -c 'a-zA-Z0-9\n' '_' <<<"$1"; }

write_crate() { # name, dependencies, source file
    local name="$1" deps="$2" source="$3" dir="$work/$1"
    mkdir -p "$dir/src"
    printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n[dependencies]\n%s\n' \
        "$name" "$deps" >"$dir/Cargo.toml"
    cp "$source" "$dir/src/lib.rs"
}

runtime_dep="agentos-runtime = { path = \"${RUNTIME:-$repo/agentos-runtime}\", package = \"agentos-api-runtime\" }"
# What progenitor's README asks generated code to depend on (as scripts/compile-time.sh).
theirs_deps='progenitor-client = "0.15.1"
reqwest = { version = "0.13", default-features = false, features = ["json", "query", "stream", "rustls"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
futures = "0.3"'

generated="$work/generated"
mkdir -p "$generated"
if [[ -n "${OURS_CLIENT:-}" ]]; then
    cp "$OURS_CLIENT" "$generated/ours_client.rs"
else
    "$gen" client "$generated/ours_client.rs" $docs
fi
: >"$generated/progenitor_client.rs"
for doc in $docs; do
    "$gen" write progenitor "$doc" "$generated/progenitor_$(slug "$doc").rs"
    { echo "pub mod m_$(slug "$doc") {"; cat "$generated/progenitor_$(slug "$doc").rs"; echo "}"; } \
        >>"$generated/progenitor_client.rs"
done
"$gen" callers ours "$generated/ours_user.rs" $docs
"$gen" callers progenitor "$generated/progenitor_user.rs" $docs

write_crate ours_client "$runtime_dep" "$generated/ours_client.rs"
write_crate progenitor_client_gen "$theirs_deps" "$generated/progenitor_client.rs"
write_crate ours_user "$runtime_dep
client = { path = \"../ours_client\", package = \"ours_client\" }" "$generated/ours_user.rs"
write_crate progenitor_user "client = { path = \"../progenitor_client_gen\", package = \"progenitor_client_gen\" }" \
    "$generated/progenitor_user.rs"

cat >"$work/Cargo.toml" <<EOF
[workspace]
resolver = "3"
members = ["ours_client", "progenitor_client_gen", "ours_user", "progenitor_user"]

[profile.dev]
debug = "line-tables-only"

[profile.dev.package."*"]
debug = false
EOF
cp "$repo/rust-toolchain.toml" "$work/rust-toolchain.toml"
export CARGO_TARGET_DIR="$work/target"
export CARGO_INCREMENTAL=0

cd "$work"
echo "scratch workspace: $work ($(cargo --version))"
echo "building the dependencies and every crate once (build and check)..."
for side in ours progenitor; do
    for command in build check; do
        nice -n "$nice_level" cargo "$command" --quiet -p "${side}_user" 2>"$work/first-build.log" || {
            cat "$work/first-build.log"
            exit 1
        }
    done
done

client_crate() { [[ "$1" == ours ]] && echo ours_client || echo progenitor_client_gen; }

# "cpu wall" seconds of one measured command of side $1 in mode $2.
measure() {
    local side="$1" mode="$2" client command target
    client="$(client_crate "$side")"
    case "$mode" in
    user | check)
        command=build
        [[ "$mode" == check ]] && command=check
        # The client as the last round left it (touched): brought up to date, unmeasured.
        nice -n "$nice_level" cargo "$command" --quiet -p "$client"
        touch "${side}_user/src/lib.rs"
        target="${side}_user"
        ;;
    both | check-both) touch "$client/src/lib.rs" "${side}_user/src/lib.rs"; command=build; target="${side}_user" ;;
    client) touch "$client/src/lib.rs"; command=build; target="$client" ;;
    esac
    [[ "$mode" == check-both ]] && command=check
    nice -n "$nice_level" /usr/bin/time -f '%U %S %e' -o "$work/time.txt" \
        cargo "$command" --quiet -p "$target"
    awk '{ printf "%.2f %.2f\n", $1 + $2, $3 }' "$work/time.txt"
}

median() {
    sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

declare -A cpu wall
for ((round = 1; round <= rounds; round++)); do
    echo "round $round of $rounds..."
    if ((round % 2)); then sides="ours progenitor"; else sides="progenitor ours"; fi
    for mode in $modes; do
        for side in $sides; do
            read -r c w < <(measure "$side" "$mode")
            cpu[$side.$mode]+="$c "
            wall[$side.$mode]+="$w "
            echo "  $mode $side: cpu $c s, wall $w s"
        done
    done
done

med() { # array name, key
    local -n values="$1"
    tr ' ' '\n' <<<"${values[$2]}" | grep . | median
}
label() {
    case "$1" in
    user) echo "(a) user crate alone, client prebuilt: cargo build" ;;
    check) echo "(b) user crate alone, client prebuilt: cargo check" ;;
    both) echo "(c) client + user crate: cargo build" ;;
    check-both) echo "client + user crate: cargo check" ;;
    client) echo "client crate alone: cargo build (scripts/compile-time.sh's figure)" ;;
    esac
}

echo
echo "CARGO_INCREMENTAL=0, dev profile; median of $rounds interleaved rounds; seconds"
echo "| build | ours: CPU | progenitor: CPU | CPU ours / progenitor | ours: wall | progenitor: wall | wall ours / progenitor |"
echo "|---|---|---|---|---|---|---|"
summary=""
for mode in $modes; do
    oc=$(med cpu "ours.$mode") pc=$(med cpu "progenitor.$mode")
    ow=$(med wall "ours.$mode") pw=$(med wall "progenitor.$mode")
    rc=$(echo "scale=3; $oc / $pc" | bc) rw=$(echo "scale=3; $ow / $pw" | bc)
    printf '| %s | %.2f | %.2f | %s | %.2f | %.2f | %s |\n' "$(label "$mode")" "$oc" "$pc" "$rc" "$ow" "$pw" "$rw"
    summary+=" $mode $rc (wall $rw);"
done
echo
size() { echo "$(wc -l <"$1") lines"; }
echo "sources: ours client $(size ours_client/src/lib.rs), user $(size ours_user/src/lib.rs);" \
    "progenitor client $(size progenitor_client_gen/src/lib.rs), user $(size progenitor_user/src/lib.rs)"
echo "summary: ours / progenitor by CPU time:${summary%;}"
