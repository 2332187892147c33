#!/usr/bin/env bash
# Build time added by #[agentos_endpoint] declarations, and proof that the schema is loaded once
# per compiler process.
#
# Builds a scratch workspace (outside the repo) of library crates that are identical except for
# src/lib.rs:
#   base       no declarations (the crate without them)
#   sep-N      N separate `#[agentos_endpoint]` functions (operations of spec/agentos.yaml
#              repeated round-robin under distinct names; each has its own copy of its models)
#   mod-N      the same N functions inside one `#[agentos_endpoint] mod` (models shared)
#   models     `agentos_models!()` alone: every model of the schema, once (the baseline of
#              shared-N)
#   shared-N   `models` plus N separate functions declared with `models = crate::agentos::models`
#              (no models of their own); its "added" column is over `models`, not `base`
#   api        `agentos_api!()`: every operation of the schema, for reference (what the
#              build.rs route compiles)
# The dependencies are built once first. Then, ROUNDS times, every crate is rebuilt alone with
# `cargo build`, twice: "clean" after deleting the crate's incremental cache (a full compile of
# the crate) and "incr" after only touching lib.rs (what an edit costs). Rounds interleave the
# crates so that a busy moment of the machine hits all of them. The table gives medians, the time
# added over `base`, the time spent inside the macros (summed from AGENTOS_MACROS_TRACE, which
# gets a line per schema load and per expansion) and how many times the schema was loaded per
# compiler process.
#
# Usage: scripts/macro-build-time.sh
# Environment: ROUNDS (3), SEPARATE ("1 10 50 200"), GROUPED ("50 200"), SHARED ("1 10 50 200"),
# KEEP=1 to keep the scratch directory, BENCH_DIR to choose (and keep) it.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${ROUNDS:-3}"
separate="${SEPARATE:-1 10 50 200}"
grouped="${GROUPED:-50 200}"
shared="${SHARED:-1 10 50 200}"
work="${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/agentos-macro-bench.XXXXXX")}"
mkdir -p "$work"
if [[ -z "${KEEP:-}" && -z "${BENCH_DIR:-}" ]]; then
    trap 'rm -rf "$work"' EXIT
fi
# The scratch workspace builds into its own target directory: builds of the repository neither
# block it nor invalidate it.
export CARGO_TARGET_DIR="$work/target"
unset RUSTFLAGS CARGO_INCREMENTAL

# Operations of spec/agentos.yaml with their required inputs (and a few optional ones), as
# declarations. `NAME::models` is where the body types are: the function's module for a separate
# declaration, the shared `models` module inside a grouped one.
ops=(
    'GET|/v4/advertising/{shortName}/company/company|'
    'GET|/v4/advertising/{shortName}/company/branches|'
    'GET|/v4/advertising/{shortName}/company/branches/{branchID}|branch_id: &str'
    'GET|/v4/advertising/{shortName}/lettings/advertised|branch_id: &str, rent_maximum: Option<f64>'
    'GET|/v4/advertising/{shortName}/lettings/advertisedbetweendates|branch_id: &str, range_start_date: DateTime, range_end_date: DateTime'
    'GET|/v4/advertising/{shortName}/sales/advertisedsales|branch_id: &str, only_developement: bool, only_investements: bool'
    'GET|/v3/diary/{shortName}/allocations|preferred_date: DateTime, appointment_type: &str, branch_id: Option<&str>'
    'GET|/v3/diary/{shortName}/appointment|appointment_id: &str'
    'POST|/v3/diary/{shortName}/appointment|property_identifier: &[&str], body: NAME::models::DiaryAppointmentDetails'
    'PUT|/v3/diary/{shortName}/appointment|appointment_id: &str, body: NAME::models::DiaryAppointmentDetails'
    'DELETE|/v3/diary/{shortName}/appointment|appointment_id: &str'
    'POST|/v3/diary/{shortName}/appointment/feedback|body: NAME::models::FeedbackSubmissionModel'
    'PATCH|/v3/diary/{shortName}/appointment/{appointmentID}/cancel|appointment_id: &str'
    'GET|/v3/diary/{shortName}/appointmentsbetweendates|branch_id: &str, start_date: DateTime, end_date: DateTime, appointment_types_to_search: Vec<String>'
    'GET|/v3/diary/{shortName}/appointmenttypes|'
    'GET|/v3/diary/{shortName}/company/branches|'
    'GET|/v3/diary/{shortName}/recurringappointment|branch_id: &str, appointment_types_to_search: Vec<String>'
    'GET|/v3/diary/{shortName}/{branchID}/guest/search|branch_id: &str, forename: &str, surname: &str, emailaddress: &str'
    'GET|/v2/tier2/{shortName}/company|'
    'GET|/v2/tier2/{shortName}/property/properties|'
    'GET|/v2/tier2/{shortName}/property/properties/{propertyID}|property_id: &str'
    'GET|/v2/tier2/{shortName}/property/properties/{propertyID}/rooms|property_id: &str'
    'GET|/v2/tier2/{shortName}/lettings/tenancies|'
    'GET|/v2/tier2/{shortName}/diary/appointments/{diaryAppointmentID}|diary_appointment_id: &str'
    'GET|/v2/tier2/{shortName}/viewing/bookings|preferred_date: DateTime, property_ids_to_view: Vec<String>'
    'POST|/v2/tier2/{shortName}/viewing/bookings|forename: &str, surname: &str, mobile_phone: &str, email_address: &str, property_ids_to_view: Vec<String>, alert_tenant_type: Option<NAME::models::TenantSystemTypes>, body: NAME::models::ViewingBookingModel'
    'GET|/v2/tier2/{shortName}/photos/photo/{photoID}/download|photo_id: &str, width: Option<i32>'
    'GET|/v2/tier2/{shortName}/staff/staff|'
    'GET|/v2/tier1/{shortName}/area/areas|'
    'GET|/v2/tier1/{shortName}/area/areas/{areaID}|area_id: &str'
    'GET|/v2/tier1/{shortName}/county/counties/{countyID}/branches|county_id: &str'
)

# Prints the declaration of function number $1, indented by $2, models at $3; $4, when given,
# is the shared models module for the annotation's `models = ..`.
declaration() {
    local i="$1" indent="$2" models="$3" shared_models="${4:-}" method path params
    IFS='|' read -r method path params <<<"${ops[i % ${#ops[@]}]}"
    local name="ep_$i"
    params="${params//NAME::models/$models}"
    params="${params//NAME/$name}"
    local option=""
    [[ -n "$shared_models" ]] && option=", models = $shared_models"
    echo "$indent#[agentos_endpoint($method \"$path\"$option)]"
    echo "${indent}pub async fn $name($params);"
}

# Writes crate $1, its lib.rs body read from stdin.
write_crate() {
    local crate="$1" dir="$work/$1"
    mkdir -p "$dir/src"
    cat >"$dir/Cargo.toml" <<EOF
[package]
name = "$crate"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
agentos-runtime = { path = "$repo/agentos-runtime", package = "agentos-api-runtime" }
agentos-macros = { path = "$repo/agentos-macros", package = "agentos-api-macros" }
EOF
    {
        echo "//! Build-time benchmark crate \`$crate\`."
        echo "#![allow(clippy::too_many_arguments, unused_imports)]"
        echo "use agentos_macros::agentos_endpoint;"
        echo "use agentos_runtime::DateTime;"
        echo "/// Always there, so that the baseline crate is not empty."
        echo "pub fn anchor() {}"
        cat
    } >"$dir/src/lib.rs"
}

crates=(base)
write_crate base </dev/null
for n in $separate; do
    crates+=("sep-$n")
    for ((i = 0; i < n; i++)); do declaration "$i" "" "NAME::models"; done | write_crate "sep-$n"
done
for n in $grouped; do
    crates+=("mod-$n")
    {
        echo "/// $n declarations sharing one \`models\` module."
        echo "#[agentos_endpoint]"
        echo "pub mod endpoints {"
        echo "    use super::*;"
        for ((i = 0; i < n; i++)); do declaration "$i" "    " "models"; done
        echo "}"
    } | write_crate "mod-$n"
done
models_module() {
    printf '%s\n' "/// Every model of the schema, shared." "pub mod agentos {" \
        "    agentos_macros::agentos_models!();" "}"
}
declare -A baseline
crates+=(models)
models_module | write_crate models
for n in $shared; do
    crates+=("shared-$n")
    baseline["shared-$n"]=models
    {
        models_module
        for ((i = 0; i < n; i++)); do
            declaration "$i" "" "agentos::models" "crate::agentos::models"
        done
    } | write_crate "shared-$n"
done
crates+=(api)
printf '%s\n' "/// The whole client." "pub mod api {" "    agentos_macros::agentos_api!();" "}" |
    write_crate api

members=""
for crate in "${crates[@]}"; do members+="\"$crate\", "; done
cat >"$work/Cargo.toml" <<EOF
[workspace]
resolver = "3"
members = [$members]

[profile.dev]
debug = "line-tables-only"

[profile.dev.package."*"]
debug = false
EOF
cp "$repo/Cargo.lock" "$work/Cargo.lock"
cp "$repo/rust-toolchain.toml" "$work/rust-toolchain.toml"
export AGENTOS_SPEC="$repo/spec/agentos.yaml"
rm -f "$work"/trace-*

cd "$work"
echo "scratch workspace: $work ($(cargo --version), $(nproc) cores)"
echo "building the dependencies and every crate once..."
if ! cargo build --workspace --quiet 2>"$work/first-build.log"; then
    cat "$work/first-build.log"
    exit 1
fi

# Prints the seconds one rebuild of crate $1 takes ($2: "clean" or "incr"); the macros' trace
# of that build goes to $work/trace-$1-$2-$round.
build_once() {
    local crate="$1" mode="$2" start end
    # Other work on the repository may have changed the dependencies since the last build:
    # bring them up to date first, so that the timed build compiles the crate alone.
    cargo build --quiet -p agentos-api-runtime -p agentos-api-macros
    if [[ "$mode" == clean ]]; then
        rm -rf "$CARGO_TARGET_DIR/debug/incremental/${crate//-/_}-"*
    fi
    touch "$crate/src/lib.rs"
    start=$(date +%s.%N)
    AGENTOS_MACROS_TRACE="$work/trace-$crate-$mode-$round" cargo build --quiet -p "$crate"
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}

# The median of the numbers on stdin (separated by spaces or newlines).
median() {
    tr ' ' '\n' | grep . | sort -n |
        awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

declare -A clean incr
for ((round = 1; round <= rounds; round++)); do
    for crate in "${crates[@]}"; do
        clean[$crate]+="$(build_once "$crate" clean) "
        incr[$crate]+="$(build_once "$crate" incr) "
    done
done

echo
echo "rebuild of one crate (median of $rounds rounds), dependencies already built"
printf '%-10s | %-9s | %-9s | %-9s | %-9s | %-12s | %s\n' \
    crate "clean (s)" "added (s)" "incr (s)" "added (s)" "in macro (s)" "schema loads per build"
echo "-----------|-----------|-----------|-----------|-----------|--------------|-----------------------"
base_clean=$(median <<<"${clean[base]}")
base_incr=$(median <<<"${incr[base]}")
for crate in "${crates[@]}"; do
    c=$(median <<<"${clean[$crate]}")
    i=$(median <<<"${incr[$crate]}")
    macro="-"
    loads="-"
    if [[ "$crate" != base ]]; then
        # Time inside the macros during a clean build: the sum of its expansion lines (the one
        # load happens inside the first expansion), median over the rounds.
        macro=$(for ((r = 1; r <= rounds; r++)); do
            awk '/^expanded/ { ms += $(NF - 3) } END { printf "%.3f ", ms / 1000 }' \
                "$work/trace-$crate-clean-$r"
        done | median)
        loads=$(for f in "$work/trace-$crate"-*; do grep -c '^loaded' "$f" || true; done |
            sort -u | tr '\n' ' ')
    fi
    # `added` is over the crate's baseline: `base`, or `models` for shared-N.
    over="${baseline[$crate]:-base}"
    over_clean=$(median <<<"${clean[$over]}")
    over_incr=$(median <<<"${incr[$over]}")
    printf '%-10s | %-9.2f | %-9.2f | %-9.2f | %-9.2f | %-12s | %s\n' "$crate" "$c" \
        "$(echo "$c - $over_clean" | bc)" "$i" "$(echo "$i - $over_incr" | bc)" "$macro" "$loads"
done
echo
last="${crates[${#crates[@]} - 2]}"
echo "trace of one clean build of $last (its first lines; one compiler process):"
head -n 3 "$work/trace-$last-clean-1"
echo "... $(grep -c '^expanded' "$work/trace-$last-clean-1") expansion(s), $(grep -c '^loaded' "$work/trace-$last-clean-1") schema load(s) in that build"
