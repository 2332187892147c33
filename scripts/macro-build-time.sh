#!/usr/bin/env bash
# Build time added by #[agentos_endpoint] declarations, and proof that the schema is loaded once
# per compiler process.
#
# Builds a scratch workspace (outside the repo) of crates that are identical except for the
# number of annotated functions in src/lib.rs: 0 (the baseline), 1, 10, 50 and 200 (operations
# of spec/agentos.yaml repeated round-robin under distinct function names). The dependencies
# (agentos-runtime, agentos-macros, ...) are built once first; then, ROUNDS times, each crate's
# lib.rs is touched and that crate alone is rebuilt with `cargo build`, in the same run, so the
# figures are comparable. The table shows the median of the rounds for a full rebuild of the
# crate (CARGO_INCREMENTAL=0) and for an incremental one (the default for `cargo build`), the
# time added over the baseline, and how many times the schema was loaded during that one
# compiler process (AGENTOS_MACROS_TRACE: one line per load).
#
# Usage: scripts/macro-build-time.sh            (ROUNDS=5 COUNTS="1 10 50 200" by default)
# Environment: ROUNDS, COUNTS, KEEP=1 to keep the scratch directory, BENCH_DIR to choose it.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${ROUNDS:-5}"
counts="${COUNTS:-1 10 50 200}"
work="${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/agentos-macro-bench.XXXXXX")}"
mkdir -p "$work"
if [[ -z "${KEEP:-}" && -z "${BENCH_DIR:-}" ]]; then
    trap 'rm -rf "$work"' EXIT
fi
# The scratch workspace builds into its own target directory: other builds of the repository
# neither block it nor share its CPU-bound steps by accident.
export CARGO_TARGET_DIR="$work/target"
unset RUSTFLAGS

# Operations of spec/agentos.yaml with their required inputs (and one optional enum), written
# as declarations. `NAME` is replaced by the function's name (the body types live in its
# module).
ops=(
    'GET|/v4/advertising/{shortName}/company/company|'
    'GET|/v4/advertising/{shortName}/company/branches|offset: i32, count: i32'
    'GET|/v4/advertising/{shortName}/company/branches/{branchID}|branch_id: &str'
    'GET|/v4/advertising/{shortName}/lettings/advertised|branch_id: &str, offset: i32, count: i32, rent_maximum: Option<f64>'
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
    'GET|/v3/diary/{shortName}/appointmenttypes|offset: i32, count: i32'
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

# Writes crate `bench-$1` with $1 annotated functions.
write_crate() {
    local n="$1" dir="$work/bench-$1"
    mkdir -p "$dir/src"
    cat >"$dir/Cargo.toml" <<EOF
[package]
name = "bench-$n"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
agentos-runtime = { path = "$repo/agentos-runtime" }
agentos-macros = { path = "$repo/agentos-macros" }
EOF
    {
        echo "//! $n annotated functions."
        echo "#![allow(clippy::too_many_arguments, unused_imports)]"
        echo "use agentos_macros::agentos_endpoint;"
        echo "use agentos_runtime::DateTime;"
        echo "/// Something that is always there, so the baseline crate is not empty."
        echo "pub fn anchor() -> usize { $n }"
        local i
        for ((i = 0; i < n; i++)); do
            IFS='|' read -r method path params <<<"${ops[i % ${#ops[@]}]}"
            local name="ep_$i"
            echo "#[agentos_endpoint($method \"$path\")]"
            echo "pub async fn $name(${params//NAME/$name});"
        done
    } >"$dir/src/lib.rs"
}

members=""
for n in 0 $counts; do
    write_crate "$n"
    members+="\"bench-$n\", "
done
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

cd "$work"
echo "scratch workspace: $work ($(cargo --version))"
echo "building the dependencies and every crate once..."
cargo build --workspace --quiet 2>"$work/first-build.log" || {
    cat "$work/first-build.log"
    exit 1
}

# Seconds taken by one rebuild of bench-$1 with CARGO_INCREMENTAL=$2; the schema loads of that
# build are appended to $work/trace-$1-$2.
build_once() {
    local n="$1" incremental="$2" start end
    touch "bench-$n/src/lib.rs"
    start=$(date +%s.%N)
    AGENTOS_MACROS_TRACE="$work/trace-$n-$incremental" CARGO_INCREMENTAL="$incremental" \
        cargo build --quiet -p "bench-$n"
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}

median() {
    sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

declare -A full incr
# Rounds interleave the crates, so that a slow moment of the machine affects all of them.
for ((round = 1; round <= rounds; round++)); do
    for n in 0 $counts; do
        full[$n]+="$(build_once "$n" 0) "
        incr[$n]+="$(build_once "$n" 1) "
    done
done

echo
echo "rebuild of the crate alone (median of $rounds), dependencies already built"
printf '%-12s | %-10s | %-10s | %-12s | %-10s | %-10s | %-s\n' \
    "annotations" "full (s)" "added (s)" "per fn (ms)" "incr (s)" "added (s)" "schema loads per build"
printf '%s\n' "-------------|------------|------------|--------------|------------|------------|-----------------------"
base_full=$(tr ' ' '\n' <<<"${full[0]}" | grep . | median)
base_incr=$(tr ' ' '\n' <<<"${incr[0]}" | grep . | median)
for n in 0 $counts; do
    f=$(tr ' ' '\n' <<<"${full[$n]}" | grep . | median)
    i=$(tr ' ' '\n' <<<"${incr[$n]}" | grep . | median)
    added_f=$(echo "$f - $base_full" | bc)
    added_i=$(echo "$i - $base_incr" | bc)
    if [[ "$n" == 0 ]]; then
        per="-"
        loads="-"
    else
        per=$(echo "scale=1; 1000 * $added_f / $n" | bc)
        builds=$((2 * rounds))
        lines=$(cat "$work/trace-$n-0" "$work/trace-$n-1" | wc -l)
        loads="$lines in $builds builds"
    fi
    printf '%-12s | %-10.3f | %-10.3f | %-12s | %-10.3f | %-10.3f | %s\n' \
        "$n" "$f" "$added_f" "$per" "$i" "$added_i" "$loads"
done
last=$(echo "$counts" | awk '{ print $NF }')
echo
echo "schema loads while building bench-$last (one line per load, one build = one compiler process):"
head -n 3 "$work/trace-$last-0"
