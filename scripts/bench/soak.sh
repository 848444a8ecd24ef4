#!/usr/bin/env bash
# npm run bench:soak: the multi-process soak (multi-process-soak.mjs) on a throwaway PostgreSQL
# cluster and a throwaway moto_server, both removed afterwards. Needs `npm run build` first.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/node-runtime.sh
use_node_runtime
source scripts/s3-throwaway.sh
source scripts/postgres-throwaway.sh
trap stop_throwaway_s3 EXIT
start_throwaway_s3
start_throwaway_postgres
trap 'stop_throwaway_postgres; stop_throwaway_s3' EXIT
node scripts/bench/multi-process-soak.mjs
