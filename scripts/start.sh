#!/usr/bin/env bash
# README command 1: install what is missing, build, and serve the demo on SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh app
source scripts/node-runtime.sh
use_node_runtime
exec node dist/src/main.js
