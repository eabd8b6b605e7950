#!/usr/bin/env bash
# Builds the npm package of taolight-wasm: two builds (wallet-only and full) for two targets
# (web: ES module with an async `init`; node: CommonJS, loaded synchronously), size-optimised,
# with the generated TypeScript types.
#
#   wasm/build.sh [--out DIR] [--variants "wallet full"] [--no-opt]
#
# Variants: `wallet` (no features), `full` (`--features light-client`), and `panic-test` (the
# wallet build plus test-only exports that panic, `--features test-panic`: for the tests, never
# part of the package's exports).
#
# 1. adds the rustup target wasm32-unknown-unknown when missing;
# 2. installs wasm-bindgen-cli at the Cargo.lock version of wasm-bindgen and binaryen's
#    wasm-opt (npm `binaryen`) into ${TAOLIGHT_CACHE:-~/.cache/taolight} (skipped when present);
# 3. per variant: `cargo build -p taolight-wasm --profile wasm-release` (release-smaller with
#    panic = "abort"), `wasm-bindgen --target web|nodejs` (output named taolight_wasm_bindgen.*,
#    with the reset-state function a trap needs), `wasm-opt -Oz`;
# 4. writes each build's entry point `taolight_wasm.js` (+ `.d.ts`): the glue behind
#    wasm/js/guard.js, which turns a panic or a glue error into a TaolightError;
# 5. writes DIR (default wasm/pkg) as an npm package: package.json (exports `.` = full and
#    `./wallet`, each with `node` and `default` (web) conditions), README.md, and
#    sizes.json (raw and gzip -9 bytes of each .wasm); prints the sizes.
#
# Environment: TAOLIGHT_CACHE, CARGO_TARGET_DIR (default $TAOLIGHT_CACHE/target).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
cache=${TAOLIGHT_CACHE:-$HOME/.cache/taolight}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$cache/target}
target=wasm32-unknown-unknown
profile=wasm-release
out=$here/pkg
variants="wallet full"
opt=1
# The wasm features above are the ones rustc enables by default for this target. The flags can
# be overridden (TAOLIGHT_WASM_OPT_FLAGS) to measure others.
wasm_opt_flags=${TAOLIGHT_WASM_OPT_FLAGS:--Oz}
while [[ $# -gt 0 ]]; do
  case $1 in
    --out) out=$2; shift 2 ;;
    --variants) variants=$2; shift 2 ;;
    --no-opt) opt=; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

# shellcheck source=wasm/tools.sh
source "$here/tools.sh"
wasm_tools_install

bg_name=taolight_wasm_bindgen_bg.wasm

# The glue's passStringToWasm0 trusts that it gets a string: given `true`, a number or an object
# it asks the wasm allocator to grow a zero-size allocation it never made, and the instance traps
# ("memory access out of bounds"; found by tests/bindings/node/hostile.test.mjs). A type check
# first makes that a TypeError, which the entry point reports as a TaolightError `input.invalid`.
# (wasm-bindgen's --debug has the same check, among others that change behaviour and size.)
check_strings() {
  local glue=$1 head='function passStringToWasm0(arg, malloc, realloc) {'
  [[ $(grep -cF "$head" "$glue") == 1 ]] || { echo "$glue: no single passStringToWasm0 to guard" >&2; exit 1; }
  sed -i "s/^${head}\$/${head}\n    if (typeof arg !== 'string') throw new TypeError(\`expected a string argument, found \${typeof arg}\`);/" "$glue"
  grep -qF "if (typeof arg !== 'string') throw new TypeError" "$glue" || { echo "$glue: string check not inserted" >&2; exit 1; }
}

# The entry points of one variant's two builds (DIR/node, DIR/web): `taolight_wasm.js`, the
# glue's exports behind wasm/js/guard.js, and its types (the glue's, re-exported).
write_entries() {
  local d=$1 names
  # The same exports in both builds (one module); the web build adds `default` and `initSync`.
  names=$(node -e 'console.log(Object.keys(require(process.argv[1])).filter((n) => !n.startsWith("__")).join(", "))' \
    "$d/node/taolight_wasm_bindgen.js")
  { echo '"use strict";'
    echo '// The package entry point: wasm-bindgen glue behind taolight'"'"'s guard (wasm/js/guard.js).'
    echo 'const raw = require("./taolight_wasm_bindgen.js");'
    cat "$here/js/guard.js"
    echo 'module.exports = taolightGuard(raw);'
  } >"$d/node/taolight_wasm.js"
  { echo '// The package entry point: wasm-bindgen glue behind taolight'"'"'s guard (wasm/js/guard.js).'
    echo 'import * as raw from "./taolight_wasm_bindgen.js";'
    echo 'export { default, initSync } from "./taolight_wasm_bindgen.js";'
    cat "$here/js/guard.js"
    echo "export const { $names } = taolightGuard(raw);"
  } >"$d/web/taolight_wasm.js"
  printf '%s\n' 'export * from "./taolight_wasm_bindgen";' >"$d/node/taolight_wasm.d.ts"
  printf '%s\n' 'export * from "./taolight_wasm_bindgen.js";' 'export { default } from "./taolight_wasm_bindgen.js";' >"$d/web/taolight_wasm.d.ts"
}

cd "$root"
version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
rm -rf "$out"
mkdir -p "$out"
sizes="{"
for variant in $variants; do
  case $variant in
    wallet) features=() ;;
    full) features=(--features light-client) ;;
    panic-test) features=(--features test-panic) ;;
    *) echo "unknown variant $variant" >&2; exit 2 ;;
  esac
  echo "== cargo build -p taolight-wasm --profile $profile ${features[*]} ($variant)" >&2
  cargo build --locked -p taolight-wasm --target "$target" --profile "$profile" "${features[@]}"
  raw=$CARGO_TARGET_DIR/$target/$profile/taolight_wasm.wasm
  for t in web node; do
    dir=$out/$variant/$t
    "$WASM_BINDGEN" --target "$([[ $t == node ]] && echo nodejs || echo web)" \
      --out-name taolight_wasm_bindgen --experimental-reset-state-function --out-dir "$dir" "$raw"
    printf '{"type": "%s"}\n' "$([[ $t == node ]] && echo commonjs || echo module)" >"$dir/package.json"
    check_strings "$dir/taolight_wasm_bindgen.js"
  done
  write_entries "$out/$variant"
  # Both targets get the same module (only the JS glue differs): optimise it once.
  cmp -s "$out/$variant/web/$bg_name" "$out/$variant/node/$bg_name" ||
    { echo "wasm-bindgen made different modules for web and node" >&2; exit 1; }
  if [[ -n $opt ]]; then
    bg=$out/$variant/web/$bg_name
    # wasm-opt (binaryen's own wasm build, run by Node) takes minutes on the full build: keep
    # its output per input hash and flags, so the test suites that each call this script pay once.
    kept=$cache/wasm-opt/$({ sha256sum <"$bg"; echo "$wasm_opt_flags"; } | sha256sum | cut -c1-64).wasm
    if [[ ! -f "$kept" ]]; then
      mkdir -p "$cache/wasm-opt"
      # shellcheck disable=SC2086 # the flags are words
      "$WASM_OPT" $wasm_opt_flags --strip-debug --strip-producers \
        --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-reference-types --enable-multivalue \
        -o "$kept.tmp" "$bg"
      mv "$kept.tmp" "$kept"
    fi
    cp "$kept" "$bg"
    cp "$kept" "$out/$variant/node/$bg_name"
  fi
  bg=$out/$variant/web/$bg_name
  r=$(wc -c <"$bg"); g=$(gzip -9c "$bg" | wc -c)
  printf '== %s: %d bytes raw, %d bytes gzip -9 (%s%s)\n' "$variant" "$r" "$g" "$profile" "${opt:+, wasm-opt $wasm_opt_flags}" >&2
  sizes+="\"$variant\": {\"raw\": $r, \"gzip\": $g},"
done
echo "${sizes%,}}" >"$out/sizes.json"

entry() { # variant -> the conditional export of one variant
  printf '{ "node": { "types": "./%s/node/taolight_wasm.d.ts", "default": "./%s/node/taolight_wasm.js" }, "default": { "types": "./%s/web/taolight_wasm.d.ts", "default": "./%s/web/taolight_wasm.js" } }' "$1" "$1" "$1" "$1"
}
exports=""
[[ " $variants " == *" full "* ]] && exports+="\".\": $(entry full),"
[[ " $variants " == *" wallet "* ]] && exports+="\"./wallet\": $(entry wallet),"
cat >"$out/package.json" <<EOF
{
  "name": "taolight-wasm",
  "version": "$version",
  "description": "taolight for browsers, extensions and Node: Bittensor keys, wallets, transactions, a polkadot-js Signer, and the chain client (wasm-bindgen over the Rust core).",
  "license": "Apache-2.0",
  "exports": { ${exports%,} },
  "files": ["wallet", "full", "README.md", "sizes.json"],
  "sideEffects": false
}
EOF
cp "$here/pkg-README.md" "$out/README.md"
echo "== package in $out" >&2
