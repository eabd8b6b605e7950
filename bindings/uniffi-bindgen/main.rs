//! uniffi-bindgen at the exact uniffi version taolight-ffi is built with (a mismatch would
//! generate sources whose checksums the library refuses at load time).
fn main() {
    uniffi::uniffi_bindgen_main()
}
