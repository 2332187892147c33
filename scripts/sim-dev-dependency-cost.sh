#!/usr/bin/env bash
# What `agentos-api-sim` as a dev-dependency costs a user's crate to build: the same user crate
# (the README's Installing snippet, a test that starts the simulator in-process) built clean
# against two versions of this repository side by side: BEFORE (a git ref, checked out in a
# temporary worktree) and the working tree. Each build has its own target directory and starts
# from nothing (`cargo test --no-run`, dev profile, CARGO_INCREMENTAL=0). Prints, per version,
# wall and CPU time (user + system, all processes), the crates compiled, and whether clap is in
# the build, then one summary line with the ratios after / before.
#
# Usage: scripts/sim-dev-dependency-cost.sh [BEFORE_REF]   (default: d33c340, before the
# simulator's `cli` feature). Environment: ROUNDS (1), JOBS (cargo's -j; default: all cores),
# KEEP=1 keeps the scratch directory.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
before_ref="${1:-d33c340}"
rounds="${ROUNDS:-1}"
work="$(mktemp -d "${TMPDIR:-/tmp}/sim-dev-dep.XXXXXX")"
cleanup() {
    git -C "$repo" worktree remove --force "$work/before-repo" >/dev/null 2>&1 || true
    if [[ -z "${KEEP:-}" ]]; then rm -rf "$work"; fi
}
trap cleanup EXIT
unset RUSTFLAGS CARGO_TARGET_DIR
export CARGO_INCREMENTAL=0 CARGO_TERM_COLOR=never

git -C "$repo" worktree add --detach --quiet "$work/before-repo" "$before_ref"

# The user's crate, once per version: only the path to the repository differs.
user_crate() {
    local dir="$1" repo_path="$2"
    mkdir -p "$dir/src" "$dir/tests"
    cat >"$dir/Cargo.toml" <<TOML
[package]
name = "user-crate"
version = "0.1.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
agentos-api-runtime = { path = "$repo_path/agentos-runtime" }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }

[dev-dependencies]
agentos-api-sim = { path = "$repo_path/agentos-sim" }
TOML
    echo 'pub fn answer() -> u8 { 42 }' >"$dir/src/lib.rs"
    cat >"$dir/tests/against_sim.rs" <<'RS'
#[tokio::test]
async fn the_simulator_starts() {
    let sim = agentos_sim::Sim::start(agentos_sim::SimConfig::default()).await.unwrap();
    assert!(sim.base_url().starts_with("http://127.0.0.1:"));
}
RS
    # The same lock file for both: the same versions of every crate from crates.io.
    if [[ -f "$work/Cargo.lock" ]]; then cp "$work/Cargo.lock" "$dir/Cargo.lock"; fi
    (cd "$dir" && cargo generate-lockfile --quiet 2>/dev/null || true)
    if [[ ! -f "$work/Cargo.lock" ]]; then cp "$dir/Cargo.lock" "$work/Cargo.lock"; fi
}

user_crate "$work/after" "$repo"
user_crate "$work/before" "$work/before-repo"

measure() {
    local name="$1" dir="$2" round="$3"
    rm -rf "$dir/target"
    local log="$work/$name-$round.log"
    /usr/bin/time -f '%e %U %S' -o "$work/$name-$round.time" \
        cargo test --no-run ${JOBS:+-j "$JOBS"} --manifest-path "$dir/Cargo.toml" >"$log" 2>&1
    local crates clap
    crates="$(grep -c '^ *Compiling ' "$log" || true)"
    clap="$(grep -q '^ *Compiling clap' "$log" && echo yes || echo no)"
    read -r wall user sys <"$work/$name-$round.time"
    local cpu
    cpu="$(python3 -c "print(round($user + $sys, 1))")"
    echo "$name round $round: wall ${wall}s, cpu ${cpu}s, ${crates} crates compiled, clap: $clap"
    echo "$name $wall $cpu $crates $clap" >>"$work/results"
}

for round in $(seq 1 "$rounds"); do
    # Alternating order: a slow moment of the shared machine hits both alike over the rounds.
    if ((round % 2)); then
        measure before "$work/before" "$round"
        measure after "$work/after" "$round"
    else
        measure after "$work/after" "$round"
        measure before "$work/before" "$round"
    fi
done

python3 - "$work/results" "$before_ref" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
def med(name, i):
    return statistics.median(float(r[i]) for r in rows if r[0] == name)
b_wall, a_wall = med("before", 1), med("after", 1)
b_cpu, a_cpu = med("before", 2), med("after", 2)
b_n, a_n = med("before", 3), med("after", 3)
print(f"summary: before ({sys.argv[2]}) wall {b_wall:.1f}s cpu {b_cpu:.1f}s {b_n:.0f} crates; "
      f"after wall {a_wall:.1f}s cpu {a_cpu:.1f}s {a_n:.0f} crates; "
      f"after/before wall {a_wall / b_wall:.3f} cpu {a_cpu / b_cpu:.3f}")
PY
