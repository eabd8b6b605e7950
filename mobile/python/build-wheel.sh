#!/usr/bin/env bash
# Builds the Python wheel of taolight-ffi with maturin (from PyPI, in a venv of its own), then
# checks that it pip-installs into a fresh venv and imports from there.
#
#   mobile/python/build-wheel.sh [--out DIR] [--dev]
#
#   --out DIR   where the wheel goes (default dist/python); its path is the last line printed
#   --dev       the dev profile (what tests/bindings/python/run.sh tests; fast to rebuild)
#               instead of a stripped release build
#
# maturin's uniffi mode (bindings/pyproject.toml) runs `cargo run --bin uniffi-bindgen`: the
# workspace crate bindings/uniffi-bindgen, at the uniffi version the library is built with.
#
# Environment: TAOLIGHT_CACHE (cache root), CARGO_TARGET_DIR, PYTHON (default python3),
# MATURIN_VERSION.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${TAOLIGHT_CACHE:-$HOME/.cache/taolight}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$cache/target}
python=${PYTHON:-python3}
maturin_version=${MATURIN_VERSION:-1.9.6}
out=$root/dist/python
profile=(--release --strip)
while [[ $# -gt 0 ]]; do
  case $1 in
    --out) out=$2; shift 2 ;;
    --dev) profile=(); shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

venv=$cache/venv-maturin
if ! "$venv/bin/maturin" --version 2>/dev/null | grep -qF "$maturin_version"; then
  echo "== installing maturin $maturin_version into $venv" >&2
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install -q "maturin==$maturin_version"
fi
mkdir -p "$out"
rm -f "$out"/taolight-*.whl
echo "== maturin build ${profile[*]:-(dev)}" >&2
(cd "$root/bindings" && "$venv/bin/maturin" build --locked "${profile[@]}" --interpreter "$python" --out "$out" >&2)
wheels=("$out"/taolight-*.whl)
[[ ${#wheels[@]} == 1 && -f ${wheels[0]} ]] || { echo "expected one wheel in $out, found: ${wheels[*]}" >&2; exit 1; }
wheel=${wheels[0]}

echo "== installing $wheel into a fresh venv" >&2
check=$(mktemp -d "${TMPDIR:-/tmp}/taolight-wheel.XXXXXX")
trap 'rm -rf "$check"' EXIT
"$python" -m venv "$check/venv"
"$check/venv/bin/python" -m pip install -q --no-index "$wheel"
(cd "$check" && "$check/venv/bin/python" - <<'PY'
import os, sys
import taolight_ffi as tl
# Imported from the venv's site-packages, not from a source tree.
assert os.path.realpath(tl.__file__).startswith(os.path.realpath(sys.prefix)), tl.__file__
pair = tl.Keypair.from_uri("//Alice", tl.Scheme.SR25519)
assert pair.ss58_address(42) == "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
print("wheel imports from", os.path.dirname(tl.__file__), file=sys.stderr)
PY
)
echo "$(stat -c %s "$wheel") bytes" >&2
echo "$wheel"
