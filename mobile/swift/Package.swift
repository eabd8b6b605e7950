// swift-tools-version:5.9
// The taolight Swift package: the uniffi-generated sources (Sources/Taolight/taolight_ffi.swift)
// over the XCFramework that build-xcframework.sh makes (TaolightFFI.xcframework: the static
// library for iOS devices, the iOS simulator and macOS, with the generated C header and modulemap).
// Not compiled on the machine this was written on (no Swift toolchain there).
import PackageDescription

let package = Package(
    name: "Taolight",
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [.library(name: "Taolight", targets: ["Taolight"])],
    targets: [
        .binaryTarget(name: "taolight_ffiFFI", path: "TaolightFFI.xcframework"),
        .target(name: "Taolight", dependencies: ["taolight_ffiFFI"], path: "Sources/Taolight"),
    ]
)
