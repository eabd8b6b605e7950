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

/// Decode a value of type `ty`, advancing `input`. The bytes are first walked without building
/// anything: scale-value reserves room for a sequence from its length prefix, so a hostile
/// prefix (2^30 items in 10 bytes) would otherwise abort the process on allocation.
pub(crate) fn decode_value(
    input: &mut &[u8],
    ty: u32,
    types: &scale_info::PortableRegistry,
) -> Result<Value<u32>, String> {
    let mut probe = *input;
    scale_decode::visitor::decode_with_visitor(
        &mut probe,
        ty,
        types,
        scale_decode::visitor::IgnoreVisitor::<scale_info::PortableRegistry>::new(),
    )
    .map_err(|e| e.to_string())?;
    scale_value::scale::decode_as_type(input, ty, types).map_err(|e| e.to_string())
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
