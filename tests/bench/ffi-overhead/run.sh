#!/usr/bin/env bash
# FFI overhead: ns per call of a simple sync uniffi call (ss58_decode, and a trivial getter) from
# Python and from Kotlin (JVM, JNA), and the stripped size of the release cdylib (linux x86_64).
#
#   tests/bench/ffi-overhead/run.sh [CALLS]     (default 200000)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)
cache=${TAOLIGHT_CACHE:-$HOME/.cache/taolight}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$cache/target}
calls=${1:-200000}
work=$(mktemp -d "${TMPDIR:-/tmp}/taolight-ffi-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$root"
cargo build --locked --release -p taolight-ffi >&2
lib=$CARGO_TARGET_DIR/release/libtaolight_ffi.so
cp "$lib" "$work/"
strip -o "$work/stripped.so" "$lib"
echo "release cdylib (linux x86_64): $(stat -c %s "$lib") bytes, stripped $(stat -c %s "$work/stripped.so") bytes"
cargo run --locked -q -p taolight-uniffi-bindgen -- generate \
  --library "$work/libtaolight_ffi.so" --no-format --language python --out-dir "$work" >&2
python3 - "$work" "$calls" <<'PY'
import sys, time
sys.path.insert(0, sys.argv[1])
import taolight_ffi as tl
n = int(sys.argv[2])
alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
pair = tl.Keypair.from_uri("//Alice", tl.Scheme.SR25519)
def bench(name, f):
    f()
    t0 = time.perf_counter_ns()
    for _ in range(n):
        f()
    print(f"python {name}: {(time.perf_counter_ns() - t0) / n:.0f} ns/call ({n} calls)")
bench("ss58_decode", lambda: tl.ss58_decode(alice))
bench("Keypair.ss58_address (getter)", pair.ss58_address)
bench("baseline python no-op lambda", lambda: None)
PY
echo "== kotlin (tests/bindings/kotlin, OverheadBench, release library)" >&2
TAOLIGHT_FFI_PROFILE=release TAOLIGHT_BINDINGS_OFFLINE=1 "$root/tests/bindings/kotlin/run.sh" \
  -Dkt.bench=1 -Dtaolight.bench.calls="$calls" -Dtest=OverheadBench -Dsurefire.failIfNoSpecifiedTests=false 2>&1 \
  | grep -E '^kotlin ' || { echo "the Kotlin benchmark printed nothing" >&2; exit 1; }
