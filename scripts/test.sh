#!/usr/bin/env bash
# README command 2 (and CI): set up, check style and types, then the whole suite on SQLite
# and the database-facing suites again on a throwaway PostgreSQL cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
source scripts/node-runtime.sh
use_node_runtime

echo "== lint, format, types"
npm run --silent lint
npm run --silent format:check
npm run --silent typecheck

results=$(mktemp -d)
echo "== unit, e2e and browser tests on SQLite"
status=0
# test/e2e/postgres-only needs a server several app instances can share; SQLite is one process.
npm run --silent jest -- --ci --testPathIgnorePatterns postgres-only --json --outputFile="$results/sqlite.json" || status=1

echo "== e2e tests on PostgreSQL"
source scripts/postgres-throwaway.sh
start_throwaway_postgres
npm run --silent jest -- --ci --selectProjects e2e --json --outputFile="$results/postgres.json" || status=1

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
