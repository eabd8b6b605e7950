# Sourced by wasm/build.sh and the wasm test scripts: installs (once, into the cache) and names
# the tools the wasm package needs. Defines WASM_BINDGEN, WASM_BINDGEN_TEST_RUNNER, WASM_OPT and
# WASM_NODE_TOOLS (a node_modules home with binaryen and playwright-core).
#
# Pinned: wasm-bindgen-cli at the Cargo.lock version of wasm-bindgen (its schema version must
# match exactly), binaryen 132.0.0 and playwright-core 1.65.1 from npm.

wasm_tools_install() {
  local cache=${TAOLIGHT_CACHE:-$HOME/.cache/taolight}
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  local tools=$cache/tools
  if command -v rustup >/dev/null && ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    echo "== rustup target add wasm32-unknown-unknown" >&2
    rustup target add wasm32-unknown-unknown
  fi
  local version
  version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$root/Cargo.lock")
  test -n "$version"
  WASM_BINDGEN=$tools/bin/wasm-bindgen
  WASM_BINDGEN_TEST_RUNNER=$tools/bin/wasm-bindgen-test-runner
  if ! { [[ -x "$WASM_BINDGEN" ]] && [[ "$("$WASM_BINDGEN" --version)" == "wasm-bindgen $version" ]]; }; then
    echo "== installing wasm-bindgen-cli $version into $tools" >&2
    # --locked first; the registry may lack a yanked version its lock file names, so fall back.
    cargo install wasm-bindgen-cli --version "$version" --locked --force --root "$tools" ||
      cargo install wasm-bindgen-cli --version "$version" --force --root "$tools"
  fi
  WASM_NODE_TOOLS=$cache/npm-wasm-tools
  WASM_OPT=$WASM_NODE_TOOLS/node_modules/.bin/wasm-opt
  if [[ ! -x "$WASM_OPT" || ! -d "$WASM_NODE_TOOLS/node_modules/playwright-core" ]]; then
    echo "== npm install binaryen playwright-core into $WASM_NODE_TOOLS" >&2
    mkdir -p "$WASM_NODE_TOOLS"
    [[ -f "$WASM_NODE_TOOLS/package.json" ]] || echo '{"name": "taolight-wasm-tools", "private": true}' >"$WASM_NODE_TOOLS/package.json"
    (cd "$WASM_NODE_TOOLS" && npm install --no-audit --no-fund --save-exact binaryen@132.0.0 playwright-core@1.65.1 >&2)
  fi
  export WASM_BINDGEN WASM_BINDGEN_TEST_RUNNER WASM_OPT WASM_NODE_TOOLS
}
