# Sourced by the set-up: apt-get that waits for the package manager's lock instead of failing.
# On a fresh machine unattended-upgrades or another install often holds the dpkg lock for a few
# minutes after boot; apt-get then stops at once with "Could not get lock". apt's own
# DPkg::Lock::Timeout covers the dpkg lock but not every lock apt takes (the lists lock of
# `apt-get update` among them), so a run that failed on a lock is also retried here, saying so.
APT_LOCK_WAIT_SECONDS=${APT_LOCK_WAIT_SECONDS:-600}
APT_LOCK_RETRY_SECONDS=${APT_LOCK_RETRY_SECONDS:-15}

apt_get_waiting() {
  local started waited err status
  started=$(date +%s)
  err=$(mktemp)
  while true; do
    status=0
    apt-get -o DPkg::Lock::Timeout="$APT_LOCK_WAIT_SECONDS" "$@" 2>"$err" || status=$?
    if [ "$status" = 0 ]; then
      rm -f "$err"
      return 0
    fi
    waited=$(($(date +%s) - started))
    if ! grep -qiE 'could not get lock|unable to acquire the dpkg frontend lock|unable to lock' "$err"; then
      cat "$err" >&2
      rm -f "$err"
      return "$status"
    fi
    if [ "$waited" -ge "$APT_LOCK_WAIT_SECONDS" ]; then
      cat "$err" >&2
      rm -f "$err"
      echo "setup: the package manager was still locked after ${waited}s; find the other apt/dpkg process (ps -C apt-get,dpkg,unattended-upgr), let it finish, and run the set-up again" >&2
      return "$status"
    fi
    echo "setup: another program holds the apt/dpkg lock; waited ${waited}s so far, trying again in ${APT_LOCK_RETRY_SECONDS}s (giving up after ${APT_LOCK_WAIT_SECONDS}s)" >&2
    sleep "$APT_LOCK_RETRY_SECONDS"
  done
}
