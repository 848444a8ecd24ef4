#!/usr/bin/env bash
# README command 2 (and CI): set up, check style and types, then the whole suite on SQLite,
# then the database-facing suites again on a throwaway PostgreSQL cluster, the evidence-facing
# ones among them with the evidence on S3 (a throwaway moto_server).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
bash scripts/setup.sh test
source scripts/node-runtime.sh
use_node_runtime

echo "== lint, format, types"
# Side by side: each is one process that spends part of its time reading files, so the three
# took 20 s together against 28 s one after another on two cores. Each one's output is shown
# whole, after it ends, so failures do not interleave.
checks=(lint format:check typecheck)
outputs=$(mktemp -d)
pids=()
for check in "${checks[@]}"; do
  npm run --silent "$check" >"$outputs/$check" 2>&1 &
  pids+=($!)
done
checks_failed=0
for i in "${!checks[@]}"; do
  if ! wait "${pids[$i]}"; then
    echo "-- ${checks[$i]} failed:"
    checks_failed=1
  fi
  cat "$outputs/${checks[$i]}"
done
rm -rf "$outputs"
if [ "$checks_failed" != 0 ]; then exit 1; fi

results=$(mktemp -d)
status=0

# The S3 evidence store is tested against a real S3-compatible server. CI must run those tests;
# elsewhere a machine without moto_server skips them and says so.
source scripts/s3-throwaway.sh
trap stop_throwaway_s3 EXIT
if ! start_throwaway_s3; then
  if [ "${CI:-}" = true ]; then
    echo "s3: CI must run the S3 evidence store tests, and cannot start moto_server" >&2
    exit 1
  fi
  echo "s3: SKIPPING the S3 evidence store tests on this machine" >&2
fi

echo "== unit, e2e and browser tests on SQLite"
# Three workers even on two cores (Jest would take one): most of a spec's time is waiting on
# Chromium, the database, a spawned app or a timer, which more workers overlap. A sample of
# eight e2e files took 48 s with two workers against 202 s with one; this pass took 442-527 s
# with three against 498-503 s with two (from fresh clones, on a machine whose other load
# moves it by a minute). Three keep both cores busy; a fourth would only add load.
# The jest script (package.json) gives Jest and its workers a 64 MiB young generation
# (--max-semi-space-size=64): loading the app again for every spec file allocates a great deal,
# and six e2e files run in band took 7% less CPU than on Node's default (128: no better).
# test/e2e/postgres-only needs a server several app instances can share; SQLite is one process.
npm run --silent jest -- --ci --maxWorkers=3 --testPathIgnorePatterns postgres-only --json --outputFile="$results/sqlite.json" || status=1

echo "== database-facing e2e tests on PostgreSQL (the evidence-facing ones with the evidence on S3)"
source scripts/postgres-throwaway.sh
start_throwaway_postgres
trap 'stop_throwaway_postgres; stop_throwaway_s3' EXIT
# These do not depend on the engine, so the SQLite pass is enough: route declarations, the
# API document and health (docs-health), and the built app's document and logs, which those
# two files check on an app they start on SQLite whatever TEST_DATABASE_URL says; the set-up
# script's apt waiting (setup-script) and the HTTP headers and favicon (http-headers).
engine_independent='access-declarations|docs-health|openapi|logging|setup-script|http-headers'
# The evidence-facing files run here with the evidence in a bucket, as a larger deployment runs
# (PostgreSQL, pg-boss and S3): intake, case files (which read the screenshots back), the
# evidence pack (which zips them), backup and restore, and the faults (kills, aborted uploads,
# the retention deletion killed half-way). The SQLite pass has them on the local disk. In one
# Jest run with the rest rather than a pass of their own: that pass cost 75-90 s.
if [ -n "${TEST_S3_ENDPOINT:-}" ]; then
  export TEST_EVIDENCE_STORE_S3_SPECS='/(report-intake|case-files|case-file-renders|evidence-pack|backup-restore|faults|retention-faults)\.e2e-spec\.ts$'
fi
npm run --silent jest -- --ci --maxWorkers=3 --selectProjects e2e --testPathIgnorePatterns "/($engine_independent)\.e2e-spec\.ts$" \
  --json --outputFile="$results/postgres.json" || status=1

elapsed=$(($(date +%s) - started))
printf 'suite duration: %dm %02ds (set-up, checks, SQLite and PostgreSQL passes)\n' $((elapsed / 60)) $((elapsed % 60))
node -e '
  const files = process.argv.slice(1).filter((f) => require("fs").existsSync(f));
  let passed = 0, failed = 0, skipped = 0;
  for (const f of files) {
    const r = JSON.parse(require("fs").readFileSync(f, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
    skipped += r.numPendingTests + r.numTodoTests;
  }
  console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
' "$results/sqlite.json" "$results/postgres.json"
rm -rf "$results"
exit $status
