#!/usr/bin/env bash
# The wasm package (crate taolight-wasm) tested from Node.
#
#   tests/bindings/node/run.sh [node --test args...]
#
# 1. builds the npm package with wasm/build.sh (wallet-only and full builds, wasm-release
#    profile, wasm-opt -Oz) into a temp dir and prints the sizes;
# 2. offline, on the wallet-only build: keys.test.mjs, tx.test.mjs (transactions on the
#    recorded spec-218 metadata, byte-identical to @polkadot/api's);
# 3. against a local real chain (tests/devnet, started by the tests): pjs_signer.test.mjs
#    (@polkadot/api signs through the taolight Signer, wallet-only build) and chain.test.mjs
#    (the full build's Client: reads, queries, transfers, errors, timeouts, AbortSignal);
#    panic.test.mjs (a real panic through the test-only exports of the `panic-test` build: a
#    TaolightError internal.panic, then a fresh instance), close.test.mjs (`free()` on a
#    connected Client, no late WebSocket event), hostile.test.mjs (every export of both builds
#    with hostile input: TaolightErrors only, never a trap);
# 4. examples/node/story.mjs with the full package as `taolight-wasm` (tests/bindings/run-example.sh:
#    a devnet of its own unless TAOLIGHT_RPC_URL is set; its output checked);
# 5. the wasm-bindgen tests of wasm/tests-wasm in Node (wasm-bindgen-test-runner).
#
# Environment: TAOLIGHT_CACHE (cache root), CARGO_TARGET_DIR (default $TAOLIGHT_CACHE/target),
# TAOLIGHT_WASM_PKG_DIR (use this already built package instead of building one),
# TAOLIGHT_KEEP_TMP=1 keeps the generated package and prints where.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)
cache=${TAOLIGHT_CACHE:-$HOME/.cache/taolight}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$cache/target}

work=$(mktemp -d "${TMPDIR:-/tmp}/taolight-bindings-node.XXXXXX")
cleanup() {
  if [[ -n "${TAOLIGHT_KEEP_TMP:-}" ]]; then
    echo "kept $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

cd "$root"
pkg=${TAOLIGHT_WASM_PKG_DIR:-}
if [[ -z "$pkg" ]]; then
  pkg=$work/pkg
  wasm/build.sh --out "$pkg"
fi
cat "$pkg/sizes.json" >&2
# The wallet build with test-only exports that panic (never shipped; no wasm-opt: it is not measured).
wasm/build.sh --out "$work/panic-pkg" --variants panic-test --no-opt

# Node 20 has WebSocket behind a flag (Node 22 has it by default).
ws_flag=()
node -e 'process.exit(typeof WebSocket === "undefined" ? 0 : 1)' && ws_flag=(--experimental-websocket)
echo "== node --test" >&2
TAOLIGHT_WASM_PKG="$pkg/wallet/node" TAOLIGHT_WASM_PKG_FULL="$pkg/full/node" \
  TAOLIGHT_WASM_PKG_PANIC="$work/panic-pkg/panic-test/node" \
  node "${ws_flag[@]}" --test --test-concurrency=1 "$@" \
  "$here/keys.test.mjs" "$here/tx.test.mjs" "$here/pjs_signer.test.mjs" "$here/chain.test.mjs" "$here/light.test.mjs" \
  "$here/panic.test.mjs" "$here/close.test.mjs" "$here/hostile.test.mjs"

# The example as a user runs it: its own directory, the package installed as `taolight-wasm`.
mkdir -p "$work/example-node/node_modules"
ln -s "$pkg" "$work/example-node/node_modules/taolight-wasm"
cp "$root/examples/node/story.mjs" "$work/example-node/"
"$root/tests/bindings/run-example.sh" node node "${ws_flag[@]}" "$work/example-node/story.mjs"

echo "== wasm-bindgen tests in Node (wasm/tests-wasm)" >&2
"$root/wasm/tests-wasm/run.sh" node
