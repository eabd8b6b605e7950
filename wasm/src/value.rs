//! JavaScript values ↔ `scale_value::Value` (call arguments in, decoded arguments out).
//!
//! **In** (`to_value`), one convention for every call argument, whatever the runtime's type:
//!
//! | JavaScript | value |
//! |---|---|
//! | `boolean` | bool |
//! | `number` (a safe integer), `bigint`, a decimal string `"123"` (`"-5"`) | integer (u128; negative: i128) |
//! | `"0x…"` hex string, `Uint8Array` | bytes (`Vec<u8>`, `[u8; N]`, `H256`, …) |
//! | SS58 string (valid checksum, any prefix) | the 32-byte account id (`AccountId32`) |
//! | any other string | string |
//! | array | sequence, tuple or fixed array |
//! | `{ pallet, name, args }` (exactly these keys) | a nested call (`RuntimeCall`) |
//! | object with one key starting with an upper-case letter, `{ Id: x }` | enum variant `Id`: payload `null` = no fields, a plain object = named fields (or tuple fields by order), anything else = one field |
//! | any other object | struct (named fields) |
//!
//! The runtime's metadata then decides: the core encodes the value as the argument's type and
//! fails with `tx.bad_argument` when it does not fit. Numbers that are not safe integers, bad hex
//! and `null`/`undefined` outside a variant payload fail here with `tx.bad_argument`.
//!
//! **Out** (`to_js`): the same convention backwards, so decoded arguments feed back into a call:
//! integers are `bigint`; with metadata types (decoded extrinsics) `AccountId32` is SS58, byte
//! sequences and arrays are `0x` hex, newtypes are unwrapped and nested calls are
//! `{ pallet, name, args }`; without types (the typed builders) integer lists whose items all fit
//! in a byte are `Uint8Array` (the same value either way). Variants are `{ Name: payload }` with
//! payload `null`, the single field, or an object of named fields (`"0"`, `"1"`, … for tuple
//! variants).
//!
use std::fmt::Write as _;

use js_sys::{Array, Object, Reflect, Uint8Array};
use taolight::chain::Metadata;
use taolight::keys::ss58;
use taolight::tx::scale_info::{TypeDef, TypeDefPrimitive};
use taolight::tx::scale_value::{Composite, Primitive, ValueDef};
use taolight::tx::{Call, TxError, Value, ValueExt};
use wasm_bindgen::{JsCast, JsValue};

// ---- small conversions shared by the tx module ----

/// `TxError::BadArgument` for `arg` of `call`.
pub(crate) fn bad(call: &str, arg: &str, reason: impl std::fmt::Display) -> TxError {
    TxError::BadArgument {
        call: call.to_string(),
        arg: arg.to_string(),
        reason: reason.to_string(),
    }
}

/// `0x`-prefixed lower-case hex.
pub(crate) fn hex_encode(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(2 + 2 * bytes.len());
    s.push_str("0x");
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Hex with or without `0x`.
pub(crate) fn hex_decode(s: &str) -> Result<Vec<u8>, String> {
    let h = s.strip_prefix("0x").unwrap_or(s);
    if !h.len().is_multiple_of(2) {
        return Err("hex with an odd number of digits".into());
    }
    let digit = |c: u8| -> Result<u8, String> {
        (c as char)
            .to_digit(16)
            .map(|d| d as u8)
            .ok_or_else(|| format!("`{}` is not a hex digit", c as char))
    };
    h.as_bytes()
        .chunks(2)
        .map(|p| Ok(digit(p[0])? << 4 | digit(p[1])?))
        .collect()
}

/// Bytes from a `Uint8Array` or a hex string.
pub(crate) fn bytes(js: &JsValue) -> Result<Vec<u8>, String> {
    if let Some(a) = js.dyn_ref::<Uint8Array>() {
        return Ok(a.to_vec());
    }
    match js.as_string() {
        Some(s) => hex_decode(&s),
        None => Err("expected a Uint8Array or a 0x hex string".into()),
    }
}

/// A non-negative integer from a safe-integer `number`, a `bigint` or a decimal string.
pub(crate) fn uint(js: &JsValue) -> Result<u128, String> {
    match integer(js)? {
        Int::U(n) => Ok(n),
        Int::I(n) => Err(format!("{n} is negative")),
    }
}

/// As [`uint`], checked against a narrower type.
pub(crate) fn uint_as<T: TryFrom<u128>>(js: &JsValue) -> Result<T, String> {
    let n = uint(js)?;
    T::try_from(n).map_err(|_| format!("{n} is out of range ({})", std::any::type_name::<T>()))
}

enum Int {
    U(u128),
    I(i128),
}

fn integer(js: &JsValue) -> Result<Int, String> {
    if let Some(n) = js.as_f64() {
        const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
        if n.fract() != 0.0 || n.abs() > MAX_SAFE || !n.is_finite() {
            return Err(format!("{n} is not a safe integer: pass a bigint or a decimal string"));
        }
        return Ok(if n >= 0.0 { Int::U(n as u128) } else { Int::I(n as i128) });
    }
    let text = if js.is_bigint() {
        js_sys::BigInt::unchecked_from_js_ref(js)
            .to_string(10)
            .map(String::from)
            .map_err(|_| "unreadable bigint".to_string())?
    } else if let Some(s) = js.as_string() {
        s
    } else {
        return Err("expected an integer (number, bigint or decimal string)".into());
    };
    decimal(&text).ok_or_else(|| format!("{text:?} is not an integer that fits in 128 bits"))
}

fn decimal(s: &str) -> Option<Int> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if s.starts_with('-') {
        s.parse::<i128>().ok().map(Int::I)
    } else {
        s.parse::<u128>().ok().map(Int::U)
    }
}

/// A 32-byte account id from an SS58 string (any prefix) or a 32-byte `Uint8Array`.
pub(crate) fn account_id(js: &JsValue) -> Result<[u8; 32], taolight::Error> {
    if let Some(s) = js.as_string() {
        return Ok(ss58::decode(&s).map_err(taolight::keys::KeyError::from)?.0);
    }
    if let Some(a) = js.dyn_ref::<Uint8Array>() {
        return a
            .to_vec()
            .try_into()
            .map_err(|_| taolight::keys::KeyError::InvalidPublicKey.into());
    }
    Err(taolight::keys::KeyError::InvalidPublicKey.into())
}

pub(crate) fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

pub(crate) fn set(obj: &Object, key: &str, value: impl Into<JsValue>) {
    // Reflect::set fails only on frozen or non-objects; a fresh Object is neither.
    let _ = Reflect::set(obj, &key.into(), &value.into());
}

fn keys(obj: &JsValue) -> Vec<String> {
    Object::keys(obj.unchecked_ref::<Object>()).iter().filter_map(|k| k.as_string()).collect()
}

fn is_absent(js: &JsValue) -> bool {
    js.is_null() || js.is_undefined()
}

// ---- JavaScript → Value ----

/// A call from `{ pallet, name, args }` (`what` names it in errors, e.g. `call`).
pub(crate) fn call_from_js(js: &JsValue, what: &str) -> Result<Call, TxError> {
    if !js.is_object() {
        return Err(bad(what, what, "expected { pallet, name, args }"));
    }
    let text = |key: &str| {
        get(js, key)
            .as_string()
            .ok_or_else(|| bad(what, &format!("{what}.{key}"), "expected a string"))
    };
    let mut call = Call::new(text("pallet")?, text("name")?);
    let path = call.path();
    let args = get(js, "args");
    if !is_absent(&args) {
        if !args.is_object() || Array::is_array(&args) {
            return Err(bad(&path, &format!("{what}.args"), "expected an object of named arguments"));
        }
        for key in keys(&args) {
            let value = to_value(&get(&args, &key), &path, &key)?;
            call = call.arg(key, value);
        }
    }
    Ok(call)
}

/// One argument (see the module docs for the convention). `call` and `at` name it in errors.
pub(crate) fn to_value(js: &JsValue, call: &str, at: &str) -> Result<Value, TxError> {
    if let Some(b) = js.as_bool() {
        return Ok(Value::bool(b));
    }
    if js.as_f64().is_some() || js.is_bigint() {
        return match integer(js).map_err(|r| bad(call, at, r))? {
            Int::U(n) => Ok(Value::u128(n)),
            Int::I(n) => Ok(Value::i128(n)),
        };
    }
    if let Some(s) = js.as_string() {
        return string(&s).map_err(|r| bad(call, at, r));
    }
    if let Some(a) = js.dyn_ref::<Uint8Array>() {
        return Ok(Value::from_bytes(a.to_vec()));
    }
    if Array::is_array(js) {
        let items: Array = js.clone().unchecked_into();
        let values = items
            .iter()
            .enumerate()
            .map(|(i, item)| to_value(&item, call, &format!("{at}[{i}]")))
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(Value::unnamed_composite(values));
    }
    if is_absent(js) {
        return Err(bad(call, at, "null/undefined is not a value (an empty Option is { None: null })"));
    }
    if !js.is_object() {
        return Err(bad(call, at, "unsupported JavaScript type"));
    }
    let names = keys(js);
    let mut sorted = names.clone();
    sorted.sort();
    if sorted == ["args", "name", "pallet"] {
        return Ok(call_from_js(js, at)?.to_value());
    }
    if let [name] = &names[..] {
        if name.starts_with(|c: char| c.is_ascii_uppercase()) {
            let payload = get(js, name);
            let at = format!("{at}.{name}");
            if is_absent(&payload) {
                return Ok(Value::unnamed_variant(name.clone(), []));
            }
            // A plain object payload gives the variant's named fields (by order for tuple
            // variants); anything else is its one field.
            if is_plain_struct(&payload) {
                return Ok(Value::named_variant(name.clone(), named_fields(&payload, call, &at)?));
            }
            return Ok(Value::unnamed_variant(name.clone(), [to_value(&payload, call, &at)?]));
        }
    }
    Ok(Value::named_composite(named_fields(js, call, at)?))
}

fn named_fields(js: &JsValue, call: &str, at: &str) -> Result<Vec<(String, Value)>, TxError> {
    keys(js)
        .into_iter()
        .map(|k| {
            let v = to_value(&get(js, &k), call, &format!("{at}.{k}"))?;
            Ok((k, v))
        })
        .collect()
}

/// Whether `js` converts to a struct (a plain object that is neither a call nor a variant).
fn is_plain_struct(js: &JsValue) -> bool {
    if !js.is_object() || Array::is_array(js) || js.dyn_ref::<Uint8Array>().is_some() {
        return false;
    }
    let mut names = keys(js);
    names.sort();
    let is_call = names == ["args", "name", "pallet"];
    let is_variant = names.len() == 1 && names[0].starts_with(|c: char| c.is_ascii_uppercase());
    !is_call && !is_variant
}

fn string(s: &str) -> Result<Value, String> {
    if let Some(h) = s.strip_prefix("0x") {
        return hex_decode(h).map(Value::from_bytes);
    }
    match decimal(s) {
        Some(Int::U(n)) => return Ok(Value::u128(n)),
        Some(Int::I(n)) => return Ok(Value::i128(n)),
        None => {}
    }
    if let Ok((id, _)) = ss58::decode(s) {
        return Ok(Value::from_bytes(id));
    }
    Ok(Value::string(s))
}

// ---- Value → JavaScript ----

/// The metadata type id of a value, when it has one (decoded values carry it).
pub(crate) trait TypeId {
    fn type_id(&self) -> Option<u32>;
}

impl TypeId for Value<u32> {
    fn type_id(&self) -> Option<u32> {
        Some(self.context)
    }
}

impl TypeId for Value<()> {
    fn type_id(&self) -> Option<u32> {
        None
    }
}

/// What the metadata says about a type: whether it is a composite, whether it is `u8`, and the
/// last segment of its path (`AccountId32`, `RuntimeCall`).
struct TypeInfo {
    composite: bool,
    is_u8: bool,
    name: String,
}

fn type_info(md: Option<&Metadata>, id: Option<u32>) -> Option<TypeInfo> {
    let ty = md?.types().resolve(id?)?;
    Some(TypeInfo {
        composite: matches!(ty.type_def, TypeDef::Composite(_)),
        is_u8: matches!(ty.type_def, TypeDef::Primitive(TypeDefPrimitive::U8)),
        name: ty.path.segments.last().cloned().unwrap_or_default(),
    })
}

/// A value as JavaScript (see the module docs); `md` gives types to values that carry them.
pub(crate) fn to_js<T>(v: &Value<T>, md: Option<&Metadata>) -> Result<JsValue, TxError>
where
    Value<T>: TypeId,
{
    Ok(render(v, md))
}

fn render<T>(v: &Value<T>, md: Option<&Metadata>) -> JsValue
where
    Value<T>: TypeId,
{
    let info = type_info(md, v.type_id());
    let name = info.as_ref().map(|t| t.name.as_str()).unwrap_or("");
    match &v.value {
        ValueDef::Primitive(p) => match p {
            Primitive::U128(n) => JsValue::from(*n),
            Primitive::I128(n) => JsValue::from(*n),
            Primitive::Bool(b) => JsValue::from(*b),
            Primitive::String(s) => JsValue::from(s.as_str()),
            Primitive::Char(c) => JsValue::from(c.to_string()),
            // No runtime here has 256-bit integers.
            Primitive::U256(_) | Primitive::I256(_) => JsValue::UNDEFINED,
        },
        ValueDef::BitSequence(bits) => bits.iter().map(JsValue::from).collect::<Array>().into(),
        ValueDef::Composite(Composite::Named(fields)) => {
            let obj = Object::new();
            for (key, c) in fields {
                set(&obj, key, render(c, md));
            }
            obj.into()
        }
        ValueDef::Composite(Composite::Unnamed(kids)) => {
            if name == "AccountId32" {
                if let Some(id) = v.as_bytes().and_then(|b| <[u8; 32]>::try_from(b).ok()) {
                    return ss58::encode(&id, ss58::BITTENSOR_PREFIX).into();
                }
            }
            if let Some(info) = &info {
                if let (true, [kid]) = (info.composite, &kids[..]) {
                    return render(kid, md); // a newtype
                }
                let all_u8 = kids.iter().all(|k| type_info(md, k.type_id()).is_some_and(|t| t.is_u8));
                if !kids.is_empty() && all_u8 {
                    if let Some(b) = v.as_bytes() {
                        return hex_encode(&b).into();
                    }
                }
            } else if !kids.is_empty() && kids.iter().all(|k| k.as_u128().is_some_and(|n| n <= 255)) {
                if let Some(b) = v.as_bytes() {
                    return Uint8Array::from(&b[..]).into();
                }
            }
            kids.iter().map(|k| render(k, md)).collect::<Array>().into()
        }
        ValueDef::Variant(variant) => {
            if name == "RuntimeCall" {
                if let Some(call @ Value { value: ValueDef::Variant(inner), .. }) = variant.values.values().next() {
                    let obj = Object::new();
                    set(&obj, "pallet", variant.name.as_str());
                    set(&obj, "name", inner.name.as_str());
                    set(&obj, "args", render_fields(call, md));
                    return obj.into();
                }
            }
            let payload = match &variant.values {
                Composite::Unnamed(items) if items.is_empty() => JsValue::NULL,
                Composite::Unnamed(items) if items.len() == 1 => render(&items[0], md),
                _ => render_fields(v, md),
            };
            let obj = Object::new();
            set(&obj, &variant.name, payload);
            obj.into()
        }
    }
}

/// The fields of a composite or variant as an object (`"0"`, `"1"`, … for unnamed ones).
fn render_fields<T>(v: &Value<T>, md: Option<&Metadata>) -> JsValue
where
    Value<T>: TypeId,
{
    let obj = Object::new();
    let fields = match &v.value {
        ValueDef::Composite(c) => c,
        ValueDef::Variant(var) => &var.values,
        _ => return obj.into(),
    };
    match fields {
        Composite::Named(fs) => {
            for (key, c) in fs {
                set(&obj, key, render(c, md));
            }
        }
        Composite::Unnamed(items) => {
            for (i, c) in items.iter().enumerate() {
                set(&obj, &i.to_string(), render(c, md));
            }
        }
    }
    obj.into()
}
