#!/usr/bin/env bash
# Builds the Python wheel of taolight-ffi with maturin (from PyPI, in a venv of its own), then
# checks that it pip-installs into a fresh venv and imports.
#
#   mobile/python/build-wheel.sh [--out DIR]      (default DIR: dist/python)
#
# Environment: TAOLIGHT_CACHE (cache root), PYTHON (default python3), MATURIN_VERSION.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${TAOLIGHT_CACHE:-$HOME/.cache/taolight}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$cache/target}
python=${PYTHON:-python3}
maturin_version=${MATURIN_VERSION:-1.9.6}
out=$root/dist/python
[[ "${1:-}" == "--out" ]] && out=$2

venv=$cache/venv-maturin
if ! "$venv/bin/maturin" --version 2>/dev/null | grep -q "$maturin_version"; then
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install -q "maturin==$maturin_version"
fi
mkdir -p "$out"
echo "== maturin build (release)" >&2
(cd "$root/bindings" && "$venv/bin/maturin" build --release --locked --strip --out "$out")
wheel=$(ls -t "$out"/taolight-*.whl | head -n 1)
echo "== installing $wheel into a fresh venv" >&2
check=$(mktemp -d "${TMPDIR:-/tmp}/taolight-wheel.XXXXXX")
trap 'rm -rf "$check"' EXIT
"$python" -m venv "$check/venv"
"$check/venv/bin/python" -m pip install -q --no-index "$wheel"
"$check/venv/bin/python" - <<'PY'
import taolight_ffi as tl
pair = tl.Keypair.from_uri("//Alice", tl.Scheme.SR25519)
assert pair.ss58_address() == "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
print("wheel imports:", tl.__file__)
PY
ls -l "$wheel"
