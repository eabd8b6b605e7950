#!/usr/bin/env bash
# Tests of the uniffi bindings (crate taolight-ffi) from Python: offline (test_keys.py) and against
# a devnet that test_chain.py starts and stops itself (tests/devnet/devnet; TAOLIGHT_RPC_URL: use that node).
#
#   tests/bindings/python/run.sh [pytest args...]
#
# 1. builds the cdylib (`cargo build -p taolight-ffi`, the library as shipped: no bindgen);
# 2. generates Python, Kotlin and Swift sources from it with the workspace's uniffi-bindgen
#    (crate bindings/uniffi-bindgen); Kotlin and Swift are only generated here, as a sanity check;
# 3. makes a venv with pytest in ${TAOLIGHT_CACHE:-~/.cache/taolight}/venv-bindings (PyPI);
# 4. builds the wheel with maturin (mobile/python/build-wheel.sh --dev: it also checks a pip
#    install into a fresh venv) and pip-installs it into that venv;
# 5. runs tests/bindings/python against the installed wheel;
# 6. runs examples/python/story.py with it (tests/bindings/run-example.sh: a devnet of
#    its own unless TAOLIGHT_RPC_URL is set; its output checked).
#
# Environment: TAOLIGHT_CACHE (cache root), CARGO_TARGET_DIR (default $TAOLIGHT_CACHE/target),
# PYTHON (default python3), TAOLIGHT_KEEP_TMP=1 keeps the generated sources and prints where.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)
cache=${TAOLIGHT_CACHE:-$HOME/.cache/taolight}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$cache/target}
python=${PYTHON:-python3}
pytest_version=9.2.0

case "$(uname -s)" in
  Darwin) lib=libtaolight_ffi.dylib ;;
  *) lib=libtaolight_ffi.so ;;
esac

work=$(mktemp -d "${TMPDIR:-/tmp}/taolight-bindings-py.XXXXXX")
cleanup() {
  if [[ -n "${TAOLIGHT_KEEP_TMP:-}" ]]; then
    echo "kept $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

cd "$root"
echo "== building taolight-ffi" >&2
cargo build -p taolight-ffi
cp "$CARGO_TARGET_DIR/debug/$lib" "$work/$lib"

echo "== generating bindings (python, kotlin, swift)" >&2
cargo run -q -p taolight-uniffi-bindgen -- \
  generate --library "$work/$lib" --no-format \
  --language python --language kotlin --language swift --out-dir "$work/gen"
test -s "$work/gen/taolight_ffi.py"
test -s "$work/gen/taolight_ffi.swift"
test -s "$work/gen/taolight_ffiFFI.h"
kotlin=$(find "$work/gen" -name 'taolight_ffi.kt' -print -quit)
test -n "$kotlin" && test -s "$kotlin"
# Generation is deterministic (a second run gives the same bytes), and Swift and Kotlin expose the
# same API (tests/bindings/parity.py): what can be checked of Swift without a Swift toolchain.
cargo run -q -p taolight-uniffi-bindgen -- \
  generate --library "$work/$lib" --no-format \
  --language python --language kotlin --language swift --out-dir "$work/gen2"
diff -r "$work/gen" "$work/gen2" >&2 || { echo "uniffi-bindgen output is not deterministic" >&2; exit 1; }
python3 "$here/../parity.py" "$work/gen" >&2

venv=$cache/venv-bindings
if ! "$venv/bin/python" -c "import pytest; assert pytest.__version__ == '$pytest_version'" 2>/dev/null; then
  echo "== creating $venv" >&2
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install -q "pytest==$pytest_version"
fi

# The wheel as users get it: built by maturin (dev profile), pip-installed into the test venv;
# pytest and the example import it from site-packages (no TAOLIGHT_FFI_PY_DIR).
wheel=$(PYTHON="$python" "$root/mobile/python/build-wheel.sh" --dev --out "$work/wheel" | tail -n 1)
"$venv/bin/python" -m pip install -q --no-index --force-reinstall "$wheel"
installed=$(cd "$work" && "$venv/bin/python" -c 'import taolight_ffi; print(taolight_ffi.__file__)')
echo "== testing the installed wheel: $installed" >&2

echo "== pytest" >&2
(cd "$work" && env -u TAOLIGHT_FFI_PY_DIR "$venv/bin/python" -m pytest -q -p no:cacheprovider --rootdir "$here" "$here" "$@")

(cd "$work" && env -u TAOLIGHT_FFI_PY_DIR "$root/tests/bindings/run-example.sh" python "$venv/bin/python" "$root/examples/python/story.py")
