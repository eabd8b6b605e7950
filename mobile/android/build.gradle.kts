// The taolight Android library: the uniffi-generated Kotlin (src/main/kotlin, written by
// build-aar.sh) over JNA and the libtaolight_ffi.so files per ABI (src/main/jniLibs, from cargo-ndk).
// Build with build-aar.sh (it runs `gradle assembleRelease` when Gradle and the Android SDK exist).
plugins {
    id("com.android.library") version "8.7.3"
    id("org.jetbrains.kotlin.android") version "2.1.0"
}

android {
    namespace = "dev.taolight"
    compileSdk = 35
    defaultConfig {
        minSdk = 24
        consumerProguardFiles("consumer-rules.pro")
    }
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
    kotlinOptions { jvmTarget = "17" }
    sourceSets["main"].jniLibs.srcDirs("src/main/jniLibs")
}

dependencies {
    // uniffi's Kotlin bindings load the library through JNA (the AAR flavour bundles its .so files).
    implementation("net.java.dev.jna:jna:5.15.0@aar")
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-core:1.9.0")
}
