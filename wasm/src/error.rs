//! Errors thrown to JavaScript, derived from `taolight::Error` in one place.

use taolight::ErrorKind;
use wasm_bindgen::JsValue;

/// A taolight error on its way to JavaScript: a JS `Error` whose `name` is `"TaolightError"`,
/// `message` the core's message (never a secret), `code` the core's stable code (such as
/// `keyfile.wrong_password`) and `kind` one of `bad_input`, `io`, `network`, `chain`.
#[derive(Debug)]
pub struct Error(js_sys::Error);

/// The `kind` property for a core [`ErrorKind`].
fn kind_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::BadInput => "bad_input",
        ErrorKind::Io => "io",
        ErrorKind::Network => "network",
        ErrorKind::Chain => "chain",
    }
}

/// Every core error, and every module error the core composes into `taolight::Error`
/// (`KeyError`, `KeyfileError`), converts with `?`.
impl<E: Into<taolight::Error>> From<E> for Error {
    fn from(e: E) -> Self {
        let e: taolight::Error = e.into();
        let js = js_sys::Error::new(&e.to_string());
        js.set_name("TaolightError");
        // Reflect::set fails only on frozen or non-objects; a fresh Error is neither.
        let _ = js_sys::Reflect::set(&js, &"code".into(), &e.code().into());
        let _ = js_sys::Reflect::set(&js, &"kind".into(), &kind_name(e.kind()).into());
        Self(js)
    }
}

impl From<Error> for JsValue {
    fn from(e: Error) -> Self {
        e.0.into()
    }
}

/// Result type of the exported functions.
pub type Result<T, E = Error> = core::result::Result<T, E>;
