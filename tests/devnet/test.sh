#!/usr/bin/env bash
# Devnet test suite (called by `tests/run devnet`): installs the pinned tooling through the devnet
# tool, then runs the Node tests in tests/devnet/test/. Each test file starts (and stops) its own
# devnet; devnet.test.mjs uses TAOLIGHT_RPC_URL instead when it is set. Exit status = the tests'.
#
#   tests/devnet/test.sh [extra node --test arguments, e.g. --test-name-pattern manual]
set -euo pipefail

HERE="$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

TAOLIGHT_DEVNET_NODE_DIR="$("$HERE/devnet" node-dir)"
export TAOLIGHT_DEVNET_NODE_DIR

# Keep the chain logs of the devnets this run starts; they are printed on failure, deleted on success.
export TAOLIGHT_DEVNET_KEEP_LOGS=1
logs="${TAOLIGHT_CACHE:-$HOME/.cache/taolight}/devnet/logs"
mkdir -p "$logs"
stamp="$(mktemp "$logs/.run-XXXXXX")"
trap 'rm -f "$stamp"' EXIT

# Run the files one after another: each runs chopsticks (about 270 MB, CPU-heavy while building
# blocks), and timing assertions in modes.test.mjs are calmer without a neighbour.
status=0
for f in "$HERE"/test/*.test.mjs; do
  echo "== $(basename "$f")"
  node --test "$@" "$f" || status=1
done

run_logs=$(find "$logs" -maxdepth 1 -name '*.log' -newer "$stamp" | sort)
if [ "$status" -ne 0 ]; then
  for l in $run_logs; do
    echo "---- devnet log $l (last 30 lines) ----" >&2
    tail -n 30 "$l" >&2
  done
else
  # shellcheck disable=SC2086 # paths under our cache, no spaces
  [ -z "$run_logs" ] || rm -f $run_logs
fi

# Anything a crashed test left behind stops by itself (--watch-pid); say so if something is still up.
if "$HERE/devnet" status >/dev/null 2>&1; then
  echo "note: devnets still running (started outside this suite?):" >&2
  "$HERE/devnet" status >&2 || true
fi
exit "$status"
