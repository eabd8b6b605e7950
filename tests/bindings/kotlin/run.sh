#!/usr/bin/env bash
# JVM tests of the Kotlin bindings (uniffi, crate taolight-ffi), with Maven and JUnit 5.
#
#   tests/bindings/kotlin/run.sh [extra mvn args, e.g. -Dtest=KeysTest]
#
# 1. builds the cdylib (`cargo build -p taolight-ffi`, the library as shipped: no bindgen);
# 2. generates the Kotlin sources from it with the workspace's uniffi-bindgen (crate bindings/uniffi-bindgen);
# 3. starts a devnet of its own (`tests/devnet/devnet up --port 0 --watch-pid <this script>`) for
#    the chain tests, unless TAOLIGHT_RPC_URL names a node to use instead (a fresh devnet's state
#    is expected there) or TAOLIGHT_BINDINGS_OFFLINE=1 (the chain tests are then skipped);
# 4. runs `mvn -B test` on tests/bindings/kotlin/pom.xml (kotlin-maven-plugin, JNA,
#    kotlinx-coroutines, JUnit 5 through Surefire; all from Maven Central) with the generated
#    sources as the main code and JNA pointed at the library; stops the devnet.
#
# Environment: TAOLIGHT_CACHE (cache root; Maven's local repository is $TAOLIGHT_CACHE/m2, a cache
# only: a missing one is filled from Maven Central), CARGO_TARGET_DIR (default $TAOLIGHT_CACHE/target),
# TAOLIGHT_FFI_PROFILE (dev, or release as the benchmark uses), MVN (default mvn), TAOLIGHT_KEEP_TMP=1 keeps the generated sources and build and prints where.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)
cache=${TAOLIGHT_CACHE:-$HOME/.cache/taolight}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$cache/target}
mvn=${MVN:-mvn}
devnet="$root/tests/devnet/devnet"

case "$(uname -s)" in
  Darwin) lib=libtaolight_ffi.dylib ;;
  *) lib=libtaolight_ffi.so ;;
esac

# Java 17+ and Maven come with the machine; where they do not, Debian's packages provide them.
if ! command -v javac >/dev/null || ! command -v "$mvn" >/dev/null; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "== installing Java and Maven (apt-get)" >&2
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q openjdk-17-jdk-headless maven >&2
  fi
  command -v javac >/dev/null || { echo "a JDK (17+) is required" >&2; exit 3; }
  command -v "$mvn" >/dev/null || { echo "maven ($mvn) is required" >&2; exit 3; }
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/taolight-bindings-kt.XXXXXX")
devnet_port=""
cleanup() {
  if [[ -n "$devnet_port" ]]; then
    "$devnet" down --port "$devnet_port" >/dev/null 2>&1 || true
  fi
  if [[ -n "${TAOLIGHT_KEEP_TMP:-}" ]]; then
    echo "kept $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

cd "$root"
t0=$SECONDS
# TAOLIGHT_FFI_PROFILE=release: the library as shipped (the benchmark uses it).
profile=${TAOLIGHT_FFI_PROFILE:-dev}
echo "== building taolight-ffi ($profile)" >&2
cargo build -p taolight-ffi --profile "$profile"
mkdir -p "$work/lib"
cp "$CARGO_TARGET_DIR/$([[ $profile == dev ]] && echo debug || echo "$profile")/$lib" "$work/lib/$lib"

echo "== generating Kotlin bindings" >&2
cargo run -q -p taolight-uniffi-bindgen -- \
  generate --library "$work/lib/$lib" --no-format --language kotlin --out-dir "$work/gen"
test -s "$work/gen/uniffi/taolight_ffi/taolight_ffi.kt"
echo "   built and generated in $((SECONDS - t0)) s" >&2

rpc_url=""
started=0
if [[ -n "${TAOLIGHT_BINDINGS_OFFLINE:-}" ]]; then
  echo "== TAOLIGHT_BINDINGS_OFFLINE set: no devnet, the chain tests are skipped" >&2
elif [[ -n "${TAOLIGHT_RPC_URL:-}" ]]; then
  rpc_url=$TAOLIGHT_RPC_URL
  echo "== using the node at $rpc_url (TAOLIGHT_RPC_URL)" >&2
else
  echo "== starting a devnet" >&2
  t1=$SECONDS
  rpc_url=$("$devnet" up --port 0 --watch-pid $$ | tail -n 1)
  [[ "$rpc_url" == ws://* ]] || { echo "devnet up printed no ws:// URL: $rpc_url" >&2; exit 3; }
  devnet_port=${rpc_url##*:}; devnet_port=${devnet_port%%/*}
  started=1
  echo "   devnet $rpc_url up in $((SECONDS - t1)) s" >&2
fi

echo "== mvn test" >&2
# The Kotlin compiler runs inside Maven's JVM (no daemon left behind, see pom.xml); C1 alone
# compiles the 5000-line generated file in about half the time of the default tiered JIT.
export MAVEN_OPTS="-XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=256m ${MAVEN_OPTS:-}"
t2=$SECONDS
"$mvn" -B -ntp -Dstyle.color=never -f "$here/pom.xml" \
  -Dmaven.repo.local="$cache/m2" \
  -Dkt.generated="$work/gen" \
  -Dkt.lib="$work/lib" \
  -Dkt.build="$work/build" \
  -Dkt.rpcUrl="$rpc_url" -Dkt.rpcStarted="$started" \
  test "$@"
echo "   mvn test in $((SECONDS - t2)) s" >&2
