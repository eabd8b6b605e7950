#!/usr/bin/env bash
# Builds the npm package of taolight-wasm: two builds (wallet-only and full) for two targets
# (web: ES module with an async `init`; node: CommonJS, loaded synchronously), size-optimised,
# with the generated TypeScript types.
#
#   wasm/build.sh [--out DIR] [--variants "wallet full"] [--no-opt]
#
# 1. adds the rustup target wasm32-unknown-unknown when missing;
# 2. installs wasm-bindgen-cli at the Cargo.lock version of wasm-bindgen and binaryen's
#    wasm-opt (npm `binaryen`) into ${TAOLIGHT_CACHE:-~/.cache/taolight} (skipped when present);
# 3. per variant: `cargo build -p taolight-wasm --profile release-smaller` (wallet: no
#    features; full: `--features chain`), `wasm-bindgen --target web|nodejs`, `wasm-opt -Oz`;
# 4. writes DIR (default wasm/pkg) as an npm package: package.json (exports `.` = full and
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
profile=release-smaller
out=$here/pkg
variants="wallet full"
opt=1
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

cd "$root"
version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
rm -rf "$out"
mkdir -p "$out"
sizes="{"
for variant in $variants; do
  case $variant in
    wallet) features=() ;;
    full) features=(--features light-client) ;;
    *) echo "unknown variant $variant" >&2; exit 2 ;;
  esac
  echo "== cargo build -p taolight-wasm --profile $profile ${features[*]} ($variant)" >&2
  cargo build --locked -p taolight-wasm --target "$target" --profile "$profile" "${features[@]}"
  raw=$CARGO_TARGET_DIR/$target/$profile/taolight_wasm.wasm
  for t in web node; do
    dir=$out/$variant/$t
    "$WASM_BINDGEN" --target "$([[ $t == node ]] && echo nodejs || echo web)" --out-dir "$dir" "$raw"
    printf '{"type": "%s"}\n' "$([[ $t == node ]] && echo commonjs || echo module)" >"$dir/package.json"
  done
  # Both targets get the same module (only the JS glue differs): optimise it once.
  cmp -s "$out/$variant/web/taolight_wasm_bg.wasm" "$out/$variant/node/taolight_wasm_bg.wasm" ||
    { echo "wasm-bindgen made different modules for web and node" >&2; exit 1; }
  if [[ -n $opt ]]; then
    bg=$out/$variant/web/taolight_wasm_bg.wasm
    # wasm-opt (binaryen's own wasm build, run by Node) takes minutes on the full build: keep
    # its output per input hash, so the test suites that each call this script pay once.
    kept=$cache/wasm-opt/$(sha256sum "$bg" | cut -c1-64).wasm
    if [[ ! -f "$kept" ]]; then
      mkdir -p "$cache/wasm-opt"
      # The wasm features rustc enables by default for this target.
      "$WASM_OPT" -Oz --strip-debug --strip-producers \
        --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-reference-types --enable-multivalue \
        -o "$kept.tmp" "$bg"
      mv "$kept.tmp" "$kept"
    fi
    cp "$kept" "$bg"
    cp "$kept" "$out/$variant/node/taolight_wasm_bg.wasm"
  fi
  bg=$out/$variant/web/taolight_wasm_bg.wasm
  r=$(wc -c <"$bg"); g=$(gzip -9c "$bg" | wc -c)
  printf '== %s: %d bytes raw, %d bytes gzip -9 (%s%s)\n' "$variant" "$r" "$g" "$profile" "${opt:+, wasm-opt -Oz}" >&2
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
