//! Small accessors over [`scale_value::Value`], the dynamic form of call arguments, events and
//! runtime API results.

use scale_value::{Composite, Primitive, Value, ValueDef};

/// Read-only helpers for decoded values.
pub trait ValueExt {
    /// A named field of a composite or of a variant's fields.
    fn field(&self, name: &str) -> Option<&Self>;
    /// The n-th field (named or not).
    fn at(&self, n: usize) -> Option<&Self>;
    /// The name of a variant.
    fn variant_name(&self) -> Option<&str>;
    /// An unsigned integer.
    fn as_uint(&self) -> Option<u128>;
    /// A sequence of u8 values (byte arrays, `Vec<u8>`, `AccountId32`) as bytes; a newtype
    /// around one is unwrapped.
    fn as_bytes(&self) -> Option<Vec<u8>>;
}

fn composite<T>(v: &Value<T>) -> Option<&Composite<T>> {
    match &v.value {
        ValueDef::Composite(c) => Some(c),
        ValueDef::Variant(var) => Some(&var.values),
        _ => None,
    }
}

impl<T> ValueExt for Value<T> {
    fn field(&self, name: &str) -> Option<&Self> {
        match composite(self)? {
            Composite::Named(fields) => fields.iter().find(|(n, _)| n == name).map(|(_, v)| v),
            Composite::Unnamed(_) => None,
        }
    }

    fn at(&self, n: usize) -> Option<&Self> {
        composite(self)?.values().nth(n)
    }

    fn variant_name(&self) -> Option<&str> {
        match &self.value {
            ValueDef::Variant(v) => Some(&v.name),
            _ => None,
        }
    }

    fn as_uint(&self) -> Option<u128> {
        match &self.value {
            ValueDef::Primitive(Primitive::U128(n)) => Some(*n),
            // Newtypes such as `NetUid(u16)` or `TaoBalance(u64)`.
            ValueDef::Composite(c) if c.len() == 1 => c.values().next()?.as_uint(),
            _ => None,
        }
    }

    fn as_bytes(&self) -> Option<Vec<u8>> {
        let c = match &self.value {
            ValueDef::Composite(c) => c,
            _ => return None,
        };
        let mut out = Vec::with_capacity(c.len());
        for v in c.values() {
            match &v.value {
                ValueDef::Primitive(Primitive::U128(b)) if *b <= 255 => out.push(*b as u8),
                // A newtype around the bytes, e.g. AccountId32([u8; 32]).
                ValueDef::Composite(_) if c.len() == 1 => return v.as_bytes(),
                _ => return None,
            }
        }
        Some(out)
    }
}

/// An account id as the value call arguments take.
pub fn account(id: &[u8; 32]) -> Value {
    Value::from_bytes(id)
}

/// `MultiAddress::Id(account)`.
pub fn multi_address(id: &[u8; 32]) -> Value {
    Value::unnamed_variant("Id", [account(id)])
}

/// An unsigned integer argument.
pub fn uint(n: impl Into<u128>) -> Value {
    Value::u128(n.into())
}

/// A sequence of unsigned integers.
pub fn uints<N: Into<u128> + Copy>(ns: &[N]) -> Value {
    Value::unnamed_composite(ns.iter().map(|n| Value::u128((*n).into())))
}

/// How deep a decoded value may nest (composites, variants, sequences, tuples, arrays inside
/// each other). The deepest honest values of the subtensor runtime nest about a dozen levels;
/// a nested call (`sudo(sudo(…))`, `batch([batch([…])])`) costs two or three levels per call.
/// Without a bound, a few kilobytes of `sudo` prefixes recurse until the stack overflows, which
/// no error can catch (found by the `extrinsic_decode` fuzz target). 128 levels fit in a
/// 1 MiB stack (wasm's default) even in a debug build.
pub(crate) const MAX_VALUE_DEPTH: u32 = 128;

/// Decode a value of type `ty`, advancing `input`. The bytes are first walked by [`probe`],
/// which builds nothing: scale-value reserves room for a sequence from its length prefix, so
/// a hostile prefix (2^30 items in 10 bytes) would otherwise abort the process on allocation,
/// and it recurses without a bound, so hostile nesting would overflow the stack.
pub(crate) fn decode_value(
    input: &mut &[u8],
    ty: u32,
    types: &scale_info::PortableRegistry,
) -> Result<Value<u32>, String> {
    probe(&mut { *input }, ty, types, 0)?;
    scale_value::scale::decode_as_type(input, ty, types).map_err(|e| e.to_string())
}

/// Walk one SCALE value of type `ty` without building it, refusing nesting deeper than
/// [`MAX_VALUE_DEPTH`] and sequences longer than the bytes left. Hand-written because
/// scale-decode cannot do this: whatever a visitor leaves undecoded, even after an error, it
/// skips with its own unbounded recursion.
fn probe(
    input: &mut &[u8],
    ty: u32,
    types: &scale_info::PortableRegistry,
    depth: u32,
) -> Result<(), String> {
    use scale_info::TypeDef;
    if depth > MAX_VALUE_DEPTH {
        return Err(format!("value nests deeper than {MAX_VALUE_DEPTH} levels"));
    }
    let resolved = types.resolve(ty).ok_or_else(|| format!("no type {ty} in the metadata"))?;
    let inner = |input: &mut &[u8], ty: u32| probe(input, ty, types, depth + 1);
    match &resolved.type_def {
        TypeDef::Composite(c) => c.fields.iter().try_for_each(|f| inner(input, f.ty.id)),
        TypeDef::Tuple(t) => t.fields.iter().try_for_each(|f| inner(input, f.id)),
        TypeDef::Variant(v) => {
            let index = take(input, 1)?[0];
            let variant = v
                .variants
                .iter()
                .find(|v| v.index == index)
                .ok_or_else(|| format!("no variant with index {index} in type {ty}"))?;
            variant.fields.iter().try_for_each(|f| inner(input, f.ty.id))
        }
        TypeDef::Sequence(s) => {
            let len = compact_len(input)?;
            repeat(input, len, |input| inner(input, s.type_param.id))
        }
        TypeDef::Array(a) => repeat(input, a.len as usize, |input| inner(input, a.type_param.id)),
        TypeDef::Primitive(p) => {
            let len = primitive_len(input, p)?;
            take(input, len).map(drop)
        }
        // A compact value is one compact integer whatever type it wraps.
        TypeDef::Compact(_) => compact_int(input).map(drop),
        TypeDef::BitSequence(b) => {
            let bits = compact_len(input)?;
            let store = match types.resolve(b.bit_store_type.id).map(|t| &t.type_def) {
                Some(TypeDef::Primitive(p)) => primitive_len(&mut &[][..], p)?,
                _ => return Err(format!("bit sequence {ty} has no primitive store type")),
            };
            let words = bits.div_ceil(8 * store.max(1));
            take(input, words * store).map(drop)
        }
    }
}

/// Walk `len` items, none of which may be longer than the bytes left (each honest item takes
/// at least one byte, so a longer sequence is a hostile prefix). Items that take no bytes are
/// all alike: one walk stands for all.
fn repeat(
    input: &mut &[u8],
    len: usize,
    mut item: impl FnMut(&mut &[u8]) -> Result<(), String>,
) -> Result<(), String> {
    if len > input.len() {
        return Err(format!("{len} items announced, {} bytes left", input.len()));
    }
    for _ in 0..len {
        let before = input.len();
        item(input)?;
        if input.len() == before {
            break;
        }
    }
    Ok(())
}

/// The encoded size of a primitive; a string's length prefix is read from `input`.
fn primitive_len(input: &mut &[u8], p: &scale_info::TypeDefPrimitive) -> Result<usize, String> {
    use scale_info::TypeDefPrimitive as P;
    Ok(match p {
        P::Bool | P::U8 | P::I8 => 1,
        P::U16 | P::I16 => 2,
        P::Char | P::U32 | P::I32 => 4,
        P::U64 | P::I64 => 8,
        P::U128 | P::I128 => 16,
        P::U256 | P::I256 => 32,
        P::Str => compact_len(input)?,
    })
}

fn take<'a>(input: &mut &'a [u8], n: usize) -> Result<&'a [u8], String> {
    if input.len() < n {
        return Err("ran out of data during decoding".into());
    }
    let (head, rest) = input.split_at(n);
    *input = rest;
    Ok(head)
}

/// A compact integer's bytes, skipped (its mode is in the low two bits of the first byte).
fn compact_int<'a>(input: &mut &'a [u8]) -> Result<&'a [u8], String> {
    let first = *input.first().ok_or("ran out of data during decoding")?;
    let len = match first & 0b11 {
        0 => 1,
        1 => 2,
        2 => 4,
        _ => 1 + 4 + (first >> 2) as usize,
    };
    take(input, len)
}

/// A compact length prefix.
fn compact_len(input: &mut &[u8]) -> Result<usize, String> {
    use parity_scale_codec::{Compact, Decode};
    let len = Compact::<u32>::decode(input).map_err(|e| format!("length prefix: {e}"))?;
    Ok(len.0 as usize)
}

/// Readable text for a decoded value: byte arrays as hex, account ids as SS58 (prefix 42),
/// newtypes unwrapped, enums by variant name.
pub fn show(v: &Value<u32>, types: &scale_info::PortableRegistry) -> String {
    let ty = types.resolve(v.context);
    let path = ty
        .and_then(|t| t.path.segments.last().map(String::as_str))
        .unwrap_or("");
    // Byte strings and arrays (and newtypes around them, such as H256) as hex.
    // Only sequences and arrays of u8 are bytes: a Vec<u16> of small numbers is not.
    let of_u8 = |param: u32| {
        matches!(
            types.resolve(param).map(|t| &t.type_def),
            Some(scale_info::TypeDef::Primitive(scale_info::TypeDefPrimitive::U8))
        )
    };
    let is_bytes_type = match ty.map(|t| &t.type_def) {
        Some(scale_info::TypeDef::Array(a)) => of_u8(a.type_param.id),
        Some(scale_info::TypeDef::Sequence(q)) => of_u8(q.type_param.id),
        _ => false,
    } || path == "AccountId32"
        || (path.starts_with('H') && path.len() <= 4);
    if let Some(bytes) = v.as_bytes().filter(|_| is_bytes_type) {
        if path == "AccountId32" && bytes.len() == 32 {
            let mut id = [0u8; 32];
            id.copy_from_slice(&bytes);
            return crate::keys::ss58::encode(&id, 42);
        }
        return format!("0x{}", hex::encode(bytes));
    }
    let fields = |c: &Composite<u32>| -> String {
        match c {
            Composite::Named(fs) => fs
                .iter()
                .map(|(n, f)| format!("{n}: {}", show(f, types)))
                .collect::<Vec<_>>()
                .join(", "),
            Composite::Unnamed(fs) => fs.iter().map(|f| show(f, types)).collect::<Vec<_>>().join(", "),
        }
    };
    match &v.value {
        ValueDef::Primitive(p) => p.to_string(),
        ValueDef::Composite(c) if c.len() == 1 && matches!(c, Composite::Unnamed(_)) => {
            c.values().next().map(|f| show(f, types)).unwrap_or_default()
        }
        ValueDef::Composite(c @ Composite::Named(_)) => format!("{{ {} }}", fields(c)),
        ValueDef::Composite(c) => format!("[{}]", fields(c)),
        ValueDef::Variant(var) if var.values.is_empty() => var.name.clone(),
        ValueDef::Variant(var) => match &var.values {
            Composite::Named(_) => format!("{} {{ {} }}", var.name, fields(&var.values)),
            Composite::Unnamed(_) => format!("{}({})", var.name, fields(&var.values)),
        },
        ValueDef::BitSequence(b) => format!("{b:?}"),
    }
}
