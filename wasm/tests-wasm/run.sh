#!/usr/bin/env bash
# The wasm-bindgen tests of taolight-wasm (tests/web.rs) in Node or in headless Chromium.
#
#   wasm/tests-wasm/run.sh node|chromium
#
# Starts a devnet of its own (tests/devnet/devnet up --port 0, watching this shell) and compiles
# its URL into the tests (TAOLIGHT_TEST_RPC_URL), then runs `cargo test --target
# wasm32-unknown-unknown` with wasm-bindgen-test-runner: in Node (with its WebSocket), or through
# Debian's chromium and chromium-driver (installed with apt-get when missing; CHROMEDRIVER).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${TAOLIGHT_CACHE:-$HOME/.cache/taolight}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$cache/target}
mode=${1:?usage: run.sh node|chromium}

# shellcheck source=wasm/tools.sh
source "$root/wasm/tools.sh"
wasm_tools_install

case $mode in
  node)
    export WASM_BINDGEN_TEST_ONLY_NODE=1
    # Node 20 has WebSocket behind a flag (22 has it by default).
    node -e 'process.exit(typeof WebSocket === "undefined" ? 0 : 1)' && export NODE_ARGS=--experimental-websocket
    ;;
  chromium)
    if ! command -v chromedriver >/dev/null || ! command -v chromium >/dev/null; then
      echo "== apt-get install chromium chromium-driver" >&2
      export DEBIAN_FRONTEND=noninteractive
      apt-get install -y --no-install-recommends chromium chromium-driver >&2 ||
        { apt-get update >&2 && apt-get install -y --no-install-recommends chromium chromium-driver >&2; }
    fi
    export WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=${CHROMEDRIVER:-$(command -v chromedriver)}
    ;;
  *) echo "run.sh node|chromium" >&2; exit 2 ;;
esac

url=$("$root/tests/devnet/devnet" up --port 0 --watch-pid $$ | tail -n1)
trap '"$root/tests/devnet/devnet" down --port "${url##*:}" >/dev/null 2>&1 || true' EXIT
echo "== devnet $url; wasm-bindgen tests in $mode" >&2
cd "$here"
TAOLIGHT_TEST_RPC_URL=$url CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=$WASM_BINDGEN_TEST_RUNNER \
  cargo test --locked --target wasm32-unknown-unknown
