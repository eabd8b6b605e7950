#!/usr/bin/env bash
# Builds TaolightFFI.xcframework (iOS device, iOS simulator arm64+x86_64, macOS arm64+x86_64) and the
# generated Swift sources for mobile/swift/Package.swift. Needs macOS with Xcode and rustup.
# NOT RUN where it was written (Linux, no Xcode, no Swift toolchain): check it on a Mac.
#
#   mobile/swift/build-xcframework.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
[[ "$(uname -s)" == Darwin ]] || { echo "build-xcframework.sh needs macOS with Xcode" >&2; exit 3; }
command -v xcodebuild >/dev/null || { echo "xcodebuild not found (install Xcode)" >&2; exit 3; }
targets=(aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios aarch64-apple-darwin x86_64-apple-darwin)
rustup target add "${targets[@]}"
cd "$root"
for t in "${targets[@]}"; do
  cargo build --locked --release -p taolight-ffi --target "$t"
done
lib=libtaolight_ffi.a
out=$CARGO_TARGET_DIR/xcframework
rm -rf "$out" "$here/TaolightFFI.xcframework"
mkdir -p "$out/ios-sim" "$out/macos" "$out/headers" "$here/Sources/Taolight"

# Swift sources, C header and module map from the built library (the host's macOS build).
cargo run --locked -q -p taolight-uniffi-bindgen -- generate \
  --library "$CARGO_TARGET_DIR/aarch64-apple-darwin/release/libtaolight_ffi.dylib" \
  --language swift --out-dir "$out/gen"
cp "$out/gen/taolight_ffi.swift" "$here/Sources/Taolight/"
cp "$out/gen/taolight_ffiFFI.h" "$out/headers/"
# xcodebuild expects the module map under this name inside each slice's headers.
cp "$out/gen/taolight_ffiFFI.modulemap" "$out/headers/module.modulemap"

# One fat library per platform: simulators (arm64 + x86_64), macOS (arm64 + x86_64).
lipo -create "$CARGO_TARGET_DIR/aarch64-apple-ios-sim/release/$lib" "$CARGO_TARGET_DIR/x86_64-apple-ios/release/$lib" \
  -output "$out/ios-sim/$lib"
lipo -create "$CARGO_TARGET_DIR/aarch64-apple-darwin/release/$lib" "$CARGO_TARGET_DIR/x86_64-apple-darwin/release/$lib" \
  -output "$out/macos/$lib"

xcodebuild -create-xcframework \
  -library "$CARGO_TARGET_DIR/aarch64-apple-ios/release/$lib" -headers "$out/headers" \
  -library "$out/ios-sim/$lib" -headers "$out/headers" \
  -library "$out/macos/$lib" -headers "$out/headers" \
  -output "$here/TaolightFFI.xcframework"
echo "built $here/TaolightFFI.xcframework; then: cd $here && swift build" >&2
