//! Calls: a pallet, a call name and named arguments as dynamic values, encoded with the types
//! the runtime's metadata gives (no call index or argument layout is hard-coded).

use scale_info::{form::PortableForm, TypeDef, Variant};
use scale_value::Value;

use super::TxError;
use crate::chain::Metadata;

/// A runtime call to encode against metadata: `Balances.transfer_keep_alive { dest, value }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// The pallet's name as the metadata gives it (`SubtensorModule`).
    pub pallet: String,
    /// The call's name (`add_stake`).
    pub name: String,
    /// Arguments by the names the metadata gives them, in any order.
    pub args: Vec<(String, Value)>,
}

impl Call {
    /// A call without arguments yet.
    pub fn new(pallet: impl Into<String>, name: impl Into<String>) -> Call {
        Call {
            pallet: pallet.into(),
            name: name.into(),
            args: Vec::new(),
        }
    }

    /// Add a named argument.
    pub fn arg(mut self, name: impl Into<String>, value: Value) -> Call {
        self.args.push((name.into(), value));
        self
    }

    /// `Pallet.call`, for messages.
    pub fn path(&self) -> String {
        format!("{}.{}", self.pallet, self.name)
    }

    /// The call as a `RuntimeCall` value, to nest it in `batch_all` or `proxy`.
    pub fn to_value(&self) -> Value {
        Value::unnamed_variant(
            self.pallet.clone(),
            [Value::named_variant(self.name.clone(), self.args.clone())],
        )
    }

    /// Whether the runtime has this call.
    pub fn is_supported(&self, metadata: &Metadata) -> bool {
        call_variant(metadata, &self.pallet, &self.name).is_ok()
    }

    /// SCALE-encode: pallet index ‖ call index ‖ arguments in the metadata's order.
    pub fn encode(&self, metadata: &Metadata) -> Result<Vec<u8>, TxError> {
        let (pallet_index, variant) = call_variant(metadata, &self.pallet, &self.name)?;
        let mut out = vec![pallet_index, variant.index];
        for (name, _) in &self.args {
            if !variant.fields.iter().any(|f| f.name.as_deref() == Some(name.as_str())) {
                return Err(TxError::UnknownArgument {
                    call: self.path(),
                    arg: name.clone(),
                    expected: field_names(variant),
                });
            }
        }
        for (i, field) in variant.fields.iter().enumerate() {
            let name = field.name.clone().unwrap_or_else(|| i.to_string());
            let value = self
                .args
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v)
                .ok_or_else(|| TxError::MissingArgument {
                    call: self.path(),
                    arg: name.clone(),
                })?;
            scale_value::scale::encode_as_type(value, field.ty.id, metadata.types(), &mut out)
                .map_err(|e| TxError::BadArgument {
                    call: self.path(),
                    arg: name.clone(),
                    reason: e.to_string(),
                })?;
        }
        Ok(out)
    }
}

fn field_names(variant: &Variant<PortableForm>) -> String {
    variant
        .fields
        .iter()
        .filter_map(|f| f.name.clone())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The pallet index and the call's variant in the pallet's call enum.
pub(crate) fn call_variant<'m>(
    metadata: &'m Metadata,
    pallet: &str,
    call: &str,
) -> Result<(u8, &'m Variant<PortableForm>), TxError> {
    let missing = || TxError::NotSupportedByRuntime(format!("{pallet}.{call}"));
    let p = metadata.pallet(pallet).ok_or_else(missing)?;
    let ty = p.calls.ok_or_else(missing)?;
    let variant = variants(metadata, ty)?
        .iter()
        .find(|v| v.name == call)
        .ok_or_else(missing)?;
    Ok((p.index, variant))
}

/// The variants of a variant type of the metadata.
pub(crate) fn variants(metadata: &Metadata, ty: u32) -> Result<&[Variant<PortableForm>], TxError> {
    match metadata.types().resolve(ty).map(|t| &t.type_def) {
        Some(TypeDef::Variant(v)) => Ok(&v.variants),
        _ => Err(TxError::decode("metadata", format!("type {ty} is not an enum"))),
    }
}

/// A call decoded from bytes: names from the metadata, arguments as values.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedCall {
    /// The pallet's name.
    pub pallet: String,
    /// The call's name.
    pub name: String,
    /// Arguments by name, in the call's order (positional fields are named by index).
    pub args: Vec<(String, Value<u32>)>,
}

impl DecodedCall {
    /// `Pallet.call`.
    pub fn path(&self) -> String {
        format!("{}.{}", self.pallet, self.name)
    }
}

impl std::fmt::Display for DecodedCall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}(", self.pallet, self.name)?;
        for (i, (n, v)) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{n}: {v}")?;
        }
        f.write_str(")")
    }
}

/// Decode one call from the start of `input`, advancing it.
pub fn decode_call(metadata: &Metadata, input: &mut &[u8]) -> Result<DecodedCall, TxError> {
    let (&pallet_index, rest) = input
        .split_first()
        .ok_or_else(|| TxError::decode("call", "no bytes"))?;
    let (&call_index, rest) = rest
        .split_first()
        .ok_or_else(|| TxError::decode("call", "no call index"))?;
    *input = rest;
    let pallet = metadata
        .pallet_at(pallet_index)
        .ok_or_else(|| TxError::decode("call", format!("no pallet with index {pallet_index}")))?;
    let ty = pallet
        .calls
        .ok_or_else(|| TxError::decode("call", format!("pallet {} has no calls", pallet.name)))?;
    let variant = variants(metadata, ty)?
        .iter()
        .find(|v| v.index == call_index)
        .ok_or_else(|| {
            TxError::decode("call", format!("{} has no call {call_index}", pallet.name))
        })?;
    let mut args = Vec::with_capacity(variant.fields.len());
    for (i, field) in variant.fields.iter().enumerate() {
        let name = field.name.clone().unwrap_or_else(|| i.to_string());
        let value = super::value::decode_value(input, field.ty.id, metadata.types())
            .map_err(|e| TxError::decode(&format!("argument `{name}`"), e))?;
        args.push((name, value));
    }
    Ok(DecodedCall {
        pallet: pallet.name.to_string(),
        name: variant.name.clone(),
        args,
    })
}
