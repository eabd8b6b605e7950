//! Checks a metadata type against the layout a decoder expects, so that a runtime whose layout
//! differs gives a typed decode error naming the first difference instead of a wrong number.

use scale_info::{form::PortableForm, PortableRegistry, TypeDef, TypeDefPrimitive};

use crate::chain::ChainError;

/// The shape a decoder expects: primitives by width, composites by field names, in order.
pub enum Shape {
    /// bool
    Bool,
    /// u8
    U8,
    /// u16
    U16,
    /// u32
    U32,
    /// u64
    U64,
    /// u128
    U128,
    /// A 32-byte account id (`AccountId32`, or any newtype over `[u8; 32]`).
    AccountId,
    /// `Compact<inner>` (the runtime may also wrap the inner integer in a newtype).
    Compact(&'static Shape),
    /// `Vec<inner>` (a sequence).
    Vec(&'static Shape),
    /// `[inner; len]`.
    Array(u32, &'static Shape),
    /// `Option<inner>`.
    Option(&'static Shape),
    /// A tuple, element by element.
    Tuple(&'static [Shape]),
    /// A struct: field names and shapes, in order.
    Struct(&'static [(&'static str, Shape)]),
}

/// Newtype wrappers (`struct ExtraFlags(u128)`, `struct NetUid(u16)`) count as their single field.
fn unwrap_newtype(registry: &PortableRegistry, mut id: u32) -> Option<&TypeDef<PortableForm>> {
    loop {
        let def = &registry.resolve(id)?.type_def;
        match def {
            TypeDef::Composite(c) if c.fields.len() == 1 && c.fields[0].name.is_none() => id = c.fields[0].ty.id,
            _ => return Some(def),
        }
    }
}

fn primitive_matches(shape: &Shape, p: &TypeDefPrimitive) -> bool {
    matches!(
        (shape, p),
        (Shape::Bool, TypeDefPrimitive::Bool)
            | (Shape::U8, TypeDefPrimitive::U8)
            | (Shape::U16, TypeDefPrimitive::U16)
            | (Shape::U32, TypeDefPrimitive::U32)
            | (Shape::U64, TypeDefPrimitive::U64)
            | (Shape::U128, TypeDefPrimitive::U128)
    )
}

/// Ok when type `id` has exactly `shape`; a `Decode` error naming the first difference otherwise.
pub fn check(registry: &PortableRegistry, id: u32, shape: &Shape, path: &str) -> Result<(), ChainError> {
    let mismatch = |what: &str| ChainError::Decode(format!("runtime layout of {path} differs from taolight's: {what}"));
    let def = unwrap_newtype(registry, id).ok_or_else(|| mismatch("unknown type id"))?;
    match (shape, def) {
        (_, TypeDef::Primitive(p)) if primitive_matches(shape, p) => Ok(()),
        (Shape::AccountId, TypeDef::Array(a)) if a.len == 32 => check(registry, a.type_param.id, &Shape::U8, path),
        (Shape::Compact(inner), TypeDef::Compact(c)) => check(registry, c.type_param.id, inner, path),
        (Shape::Vec(inner), TypeDef::Sequence(s)) => check(registry, s.type_param.id, inner, &format!("{path}[]")),
        (Shape::Array(len, inner), TypeDef::Array(a)) if a.len == *len => {
            check(registry, a.type_param.id, inner, &format!("{path}[]"))
        }
        (Shape::Option(inner), TypeDef::Variant(v)) => {
            let some = v.variants.iter().find(|x| x.name == "Some" && x.fields.len() == 1);
            let none = v.variants.iter().any(|x| x.name == "None" && x.fields.is_empty());
            match some {
                Some(s) if none && v.variants.len() == 2 => check(registry, s.fields[0].ty.id, inner, path),
                _ => Err(mismatch("not an Option")),
            }
        }
        (Shape::Tuple(items), TypeDef::Tuple(t)) => {
            if t.fields.len() != items.len() {
                return Err(mismatch(&format!("tuple of {}, expected {}", t.fields.len(), items.len())));
            }
            for (i, (inner, field)) in items.iter().zip(&t.fields).enumerate() {
                check(registry, field.id, inner, &format!("{path}.{i}"))?;
            }
            Ok(())
        }
        (Shape::Struct(fields), TypeDef::Composite(c)) => {
            if c.fields.len() != fields.len() {
                return Err(mismatch(&format!("{} fields, expected {}", c.fields.len(), fields.len())));
            }
            for ((name, inner), field) in fields.iter().zip(&c.fields) {
                if field.name.as_deref() != Some(*name) {
                    return Err(mismatch(&format!("field {:?} where {name} was expected", field.name)));
                }
                check(registry, field.ty.id, inner, &format!("{path}.{name}"))?;
            }
            Ok(())
        }
        _ => Err(mismatch("another type")),
    }
}

/// True when type `id` is `Vec<u8>`: how spec-218-era runtimes type every subtensor runtime API
/// output (the real structure is SCALE-encoded inside those bytes).
pub fn is_bytes(registry: &PortableRegistry, id: u32) -> bool {
    check(registry, id, &Shape::Vec(&Shape::U8), "").is_ok()
}
