#!/usr/bin/env bash
# Offline tests of the wasm bindings (crate taolight-wasm) from Node.
#
#   tests/bindings/node/run.sh [node --test args...]
#
# 1. builds the wasm (`cargo build -p taolight-wasm --target wasm32-unknown-unknown --release`),
#    adding the rustup target when it is missing;
# 2. installs wasm-bindgen-cli at exactly the wasm-bindgen version of Cargo.lock into
#    ${TAOLIGHT_CACHE:-~/.cache/taolight}/tools (skipped when present);
# 3. runs `wasm-bindgen --target nodejs` into a temp dir and prints the wasm sizes;
# 4. runs tests/bindings/node/keys.test.mjs and tx.test.mjs (offline transactions on the
#    recorded spec-218 metadata) with node:test.
#
# Environment: TAOLIGHT_CACHE (cache root), CARGO_TARGET_DIR (default $TAOLIGHT_CACHE/target),
# TAOLIGHT_KEEP_TMP=1 keeps the generated package and prints where.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)
cache=${TAOLIGHT_CACHE:-$HOME/.cache/taolight}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$cache/target}
target=wasm32-unknown-unknown
tools=$cache/tools

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
if command -v rustup >/dev/null && ! rustup target list --installed | grep -qx "$target"; then
  echo "== rustup target add $target" >&2
  rustup target add "$target"
fi

echo "== building taolight-wasm" >&2
cargo build -p taolight-wasm --target "$target" --release
wasm=$CARGO_TARGET_DIR/$target/release/taolight_wasm.wasm

# wasm-bindgen-cli must match the wasm-bindgen crate exactly (the schema version is checked).
version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
test -n "$version"
bindgen=$tools/bin/wasm-bindgen
if ! { [[ -x "$bindgen" ]] && [[ "$("$bindgen" --version)" == "wasm-bindgen $version" ]]; }; then
  echo "== installing wasm-bindgen-cli $version into $tools" >&2
  # --locked first; the registry may lack a yanked version its lock file names, so fall back.
  cargo install wasm-bindgen-cli --version "$version" --locked --force --root "$tools" ||
    cargo install wasm-bindgen-cli --version "$version" --force --root "$tools"
fi

echo "== wasm-bindgen --target nodejs" >&2
"$bindgen" --target nodejs --out-dir "$work/pkg" "$wasm"
bg=$work/pkg/taolight_wasm_bg.wasm
size() { printf '%s: %d bytes raw, %d bytes gzip -9\n' "$1" "$(wc -c <"$2")" "$(gzip -9c "$2" | wc -c)"; }
size "cargo wasm" "$wasm" >&2
size "wasm-bindgen output" "$bg" >&2

echo "== node --test" >&2
TAOLIGHT_WASM_PKG="$work/pkg" node --test "$@" "$here/keys.test.mjs" "$here/tx.test.mjs"
