# Sourced by scripts/test.sh: starts moto's S3-compatible server (moto_server, from the Python
# package moto, on this project's machines) on a random loopback port, in memory, and exports
# TEST_S3_ENDPOINT. Returns 1 with the reason when there is no moto_server.
start_throwaway_s3() {
  local moto
  moto=$(command -v moto_server || true)
  if [ -z "$moto" ] && [ -x "$HOME/.pyenv/shims/moto_server" ]; then
    moto="$HOME/.pyenv/shims/moto_server"
  fi
  if [ -z "$moto" ]; then
    echo "s3: no moto_server on this machine (pip install 'moto[server]')" >&2
    return 1
  fi
  local port attempt
  for attempt in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 30000))
    S3_LOG=$(mktemp /tmp/cases-s3.XXXXXX.log)
    "$moto" -H 127.0.0.1 -p "$port" >"$S3_LOG" 2>&1 &
    S3_PID=$!
    for _ in $(seq 1 100); do
      if node -e 'fetch(process.argv[1]).then(() => process.exit(0), () => process.exit(1))' \
        "http://127.0.0.1:$port/"; then
        export TEST_S3_ENDPOINT="http://127.0.0.1:$port"
        echo "s3: moto_server on 127.0.0.1:$port"
        return 0
      fi
      kill -0 "$S3_PID" 2>/dev/null || break
      sleep 0.2
    done
    kill "$S3_PID" 2>/dev/null || true
  done
  echo "s3: could not start moto_server; log follows" >&2
  cat "$S3_LOG" >&2 || true
  return 1
}

stop_throwaway_s3() {
  if [ -n "${S3_PID:-}" ]; then
    kill "$S3_PID" 2>/dev/null || true
    wait "$S3_PID" 2>/dev/null || true
    rm -f "$S3_LOG"
  fi
}
