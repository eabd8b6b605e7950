#!/usr/bin/env bash
# Builds libtaolight_ffi.so for arm64-v8a, armeabi-v7a and x86_64 with cargo-ndk, generates the
# Kotlin bindings into src/main/kotlin, and assembles the AAR with Gradle when it is present.
# Needs the Android NDK (ANDROID_NDK_HOME or ANDROID_NDK_ROOT); without it, it says so and stops.
#
#   mobile/android/build-aar.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
ndk=${ANDROID_NDK_HOME:-${ANDROID_NDK_ROOT:-}}
if [[ -z "$ndk" || ! -d "$ndk" ]]; then
  echo "no Android NDK (set ANDROID_NDK_HOME): the .so files and the AAR cannot be built here" >&2
  exit 3
fi
export ANDROID_NDK_HOME=$ndk
command -v cargo-ndk >/dev/null || cargo install --locked cargo-ndk
rustup target add aarch64-linux-android armv7-linux-androideabi x86_64-linux-android
cd "$root"
cargo ndk -t arm64-v8a -t armeabi-v7a -t x86_64 -o "$here/src/main/jniLibs" \
  build --locked --release -p taolight-ffi
# The Kotlin sources from one of the built libraries (the API is the same for every ABI).
cargo run --locked -q -p taolight-uniffi-bindgen -- generate \
  --library "$here/src/main/jniLibs/arm64-v8a/libtaolight_ffi.so" --language kotlin --out-dir "$here/src/main/kotlin"
if command -v gradle >/dev/null && [[ -n "${ANDROID_HOME:-${ANDROID_SDK_ROOT:-}}" ]]; then
  (cd "$here" && gradle --no-daemon assembleRelease)
  ls -l "$here"/build/outputs/aar/*.aar
else
  echo "libraries and sources ready in $here/src/main; Gradle or the Android SDK is missing: no AAR assembled" >&2
fi
