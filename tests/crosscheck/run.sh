#!/usr/bin/env bash
# Cross-checks of the taolight CLI against the real peers:
#   python/test_btwallet.py   bittensor-wallet 4.1.1 (PyPI), with pytest
#   node/keyring.test.mjs     @polkadot/keyring + @polkadot/util-crypto 14.0.3 (npm), with node:test
#
# Usage: TAOLIGHT_BIN=/path/to/taolight tests/crosscheck/run.sh [python|node ...]
# Installs what it needs into ${TAOLIGHT_CACHE:-~/.cache/taolight} (reused when present):
#   venv-peers/         python venv with bittensor-wallet==4.1.1 and pytest
#   crosscheck-node/    npm ci of node/package-lock.json
# Exits non-zero when any part fails.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${TAOLIGHT_CACHE:-$HOME/.cache/taolight}"
BTWALLET_VERSION="4.1.1"
PYTEST_VERSION="9.2.0"

if [[ "${1:-}" == "setup" ]]; then
  TAOLIGHT_BIN=/bin/true
fi
if [[ -z "${TAOLIGHT_BIN:-}" ]]; then
  echo "crosscheck: TAOLIGHT_BIN must point to the taolight CLI binary" >&2
  exit 2
fi
if [[ ! -x "$TAOLIGHT_BIN" ]]; then
  echo "crosscheck: TAOLIGHT_BIN=$TAOLIGHT_BIN is not executable" >&2
  exit 2
fi
TAOLIGHT_BIN="$(cd "$(dirname "$TAOLIGHT_BIN")" && pwd)/$(basename "$TAOLIGHT_BIN")"
export TAOLIGHT_BIN

parts=("$@")
[[ ${#parts[@]} -eq 0 ]] && parts=(python node)

setup_python() {
  local venv="$CACHE/venv-peers"
  if [[ -x "$venv/bin/python" ]] && "$venv/bin/python" - "$BTWALLET_VERSION" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version
assert version("bittensor-wallet") == sys.argv[1]
import pytest  # noqa: F401
PY
  then
    return 0
  fi
  echo "crosscheck: creating $venv (bittensor-wallet==$BTWALLET_VERSION, pytest==$PYTEST_VERSION)" >&2
  local py="${PYTHON:-python3}"
  "$py" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "bittensor-wallet==$BTWALLET_VERSION" "pytest==$PYTEST_VERSION"
}

setup_node() {
  local dir="$CACHE/crosscheck-node"
  local want
  want="$(cat "$HERE/node/package.json" "$HERE/node/package-lock.json" | sha256sum | cut -d' ' -f1)"
  if [[ -f "$dir/.stamp" && "$(cat "$dir/.stamp")" == "$want" && -d "$dir/node_modules/@polkadot/keyring" ]]; then
    return 0
  fi
  echo "crosscheck: npm ci into $dir" >&2
  mkdir -p "$dir"
  cp "$HERE/node/package.json" "$HERE/node/package-lock.json" "$dir/"
  (cd "$dir" && npm ci --no-audit --no-fund --prefer-offline --loglevel=error)
  echo "$want" >"$dir/.stamp"
}

status=0
for part in "${parts[@]}"; do
  case "$part" in
    python)
      setup_python
      echo "== crosscheck python: bittensor-wallet $BTWALLET_VERSION vs $TAOLIGHT_BIN" >&2
      if ! PYTHONDONTWRITEBYTECODE=1 "$CACHE/venv-peers/bin/python" -m pytest -q -p no:cacheprovider \
          --rootdir "$HERE/python" "$HERE/python"; then
        status=1
      fi
      ;;
    node)
      setup_node
      echo "== crosscheck node: @polkadot/keyring vs $TAOLIGHT_BIN" >&2
      if ! CROSSCHECK_NODE_PREFIX="$CACHE/crosscheck-node" node --test "$HERE/node/keyring.test.mjs"; then
        status=1
      fi
      ;;
    setup)
      # Install the peers only (used by tests/bench/keys-vs-peers).
      setup_python
      setup_node
      ;;
    *)
      echo "crosscheck: unknown part '$part' (python|node|setup)" >&2
      exit 2
      ;;
  esac
done
if [[ $status -ne 0 ]]; then
  echo "crosscheck: FAILED" >&2
else
  echo "crosscheck: all passed" >&2
fi
exit $status
