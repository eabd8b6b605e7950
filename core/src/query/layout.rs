//! Checks a metadata type against the layout a decoder expects.

use scale_info::{form::PortableForm, PortableRegistry, TypeDef, TypeDefPrimitive};

use crate::chain::ChainError;

/// The shape a decoder expects: primitives by width, composites by field names, in order.
pub enum Shape {
    /// u32
    U32,
    /// u64
    U64,
    /// u128
    U128,
    /// A struct: field names and shapes, in order.
    Struct(&'static [(&'static str, Shape)]),
}

/// Newtype wrappers (`struct ExtraFlags(u128)`) count as their single field.
fn unwrap_newtype(registry: &PortableRegistry, mut id: u32) -> Option<&TypeDef<PortableForm>> {
    loop {
        let def = &registry.resolve(id)?.type_def;
        match def {
            TypeDef::Composite(c) if c.fields.len() == 1 && c.fields[0].name.is_none() => id = c.fields[0].ty.id,
            _ => return Some(def),
        }
    }
}

/// Ok when type `id` has exactly `shape`; a `Decode` error naming the first difference otherwise.
pub fn check(registry: &PortableRegistry, id: u32, shape: &Shape, path: &str) -> Result<(), ChainError> {
    let mismatch = |what: &str| ChainError::Decode(format!("runtime layout of {path} differs from taolight's: {what}"));
    let def = unwrap_newtype(registry, id).ok_or_else(|| mismatch("unknown type id"))?;
    match (shape, def) {
        (Shape::U32, TypeDef::Primitive(TypeDefPrimitive::U32))
        | (Shape::U64, TypeDef::Primitive(TypeDefPrimitive::U64))
        | (Shape::U128, TypeDef::Primitive(TypeDefPrimitive::U128)) => Ok(()),
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
