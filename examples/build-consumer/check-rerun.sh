#!/usr/bin/env bash
# Shows that the build script picks up schema edits: adds an operation to
# schema/agentos-mini.yaml, runs `cargo build`, checks that the regenerated client has it, then
# restores the schema, builds again and checks that it is gone. Leaves the schema as it found it.
set -euo pipefail
cd "$(dirname "$0")"

schema=schema/agentos-mini.yaml
backup=$(mktemp)
cp "$schema" "$backup"
trap 'cp "$backup" "$schema"; rm -f "$backup"' EXIT

# Builds the crate and prints the path of the client its build script generated.
generated() {
    cargo build --quiet -p agentos-build-consumer --message-format=json \
        | grep '"reason":"build-script-executed"' \
        | grep 'agentos-build-consumer' \
        | sed -e 's/.*"out_dir":"\([^"]*\)".*/\1/' \
        | sed -e 's|$|/agentos.rs|'
}

before=$(generated)
if grep -q 'pub struct GetStaff ' "$before"; then
    echo "FAIL: GetStaff is already in the generated client" >&2
    exit 1
fi

# A new operation, added the way a user would add one.
awk '
    /^components:/ && !done {
        print "  /v2/tier2/{shortName}/staff/staff:"
        print "    get:"
        print "      operationId: StaffController_GetStaff"
        print "      summary: Everyone on the staff"
        print "      parameters:"
        print "        - $ref: \"#/components/parameters/ShortName\""
        print "      responses:"
        print "        \"200\":"
        print "          description: The staff."
        done = 1
    }
    { print }
' "$backup" > "$schema"

after=$(generated)
if ! grep -q 'pub struct GetStaff ' "$after"; then
    echo "FAIL: the edited schema was not picked up by cargo build" >&2
    exit 1
fi
echo "ok: after editing $schema, cargo build regenerated the client with GetStaff"

cp "$backup" "$schema"
restored=$(generated)
if grep -q 'pub struct GetStaff ' "$restored"; then
    echo "FAIL: restoring the schema did not regenerate the client" >&2
    exit 1
fi
echo "ok: after restoring $schema, cargo build regenerated the client without it"
