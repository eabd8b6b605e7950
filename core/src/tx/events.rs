//! Events (`System.Events`) decoded with metadata, and a failed dispatch turned into a typed
//! error carrying the pallet error's name and docs.

use scale_value::{Value, ValueDef};

use super::{TxError, ValueExt};
use crate::chain::Metadata;

/// When in the block an event was emitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// While applying the extrinsic at this index of the block.
    ApplyExtrinsic(u32),
    /// While finalizing the block (after the extrinsics).
    Finalization,
    /// While initializing the block (before the extrinsics).
    Initialization,
}

/// One event: `SubtensorModule.StakeAdded { .. }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// When it was emitted.
    pub phase: Phase,
    /// The pallet's name.
    pub pallet: String,
    /// The event's name.
    pub name: String,
    /// The event's fields (named or not).
    pub fields: Value<u32>,
}

impl Event {
    /// `Pallet.Event`.
    pub fn path(&self) -> String {
        format!("{}.{}", self.pallet, self.name)
    }

    /// A field by name, or by position for unnamed fields ("0", "1", …).
    pub fn field(&self, name: &str) -> Option<&Value<u32>> {
        self.fields
            .field(name)
            .or_else(|| name.parse().ok().and_then(|n| self.fields.at(n)))
    }
}

impl std::fmt::Display for Event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{} {}", self.pallet, self.name, self.fields)
    }
}

/// Decode the value of `System.Events`.
pub fn decode_events(metadata: &Metadata, bytes: &[u8]) -> Result<Vec<Event>, TxError> {
    let (types, ty) = metadata
        .storage_value_type("System", "Events")
        .ok_or_else(|| TxError::NotSupportedByRuntime("System.Events".into()))?;
    let mut input = bytes;
    let all = super::value::decode_value(&mut input, ty, types)
        .map_err(|e| TxError::decode("events", e))?;
    let ValueDef::Composite(records) = all.value else {
        return Err(TxError::decode("events", "not a sequence"));
    };
    records.into_values().map(event_from_record).collect()
}

fn event_from_record(record: Value<u32>) -> Result<Event, TxError> {
    let bad = |why: &str| TxError::decode("event record", why);
    let phase = record.field("phase").ok_or_else(|| bad("no phase"))?;
    let phase = match phase.variant_name() {
        Some("ApplyExtrinsic") => Phase::ApplyExtrinsic(
            phase
                .at(0)
                .and_then(|v| v.as_uint())
                .ok_or_else(|| bad("no extrinsic index"))? as u32,
        ),
        Some("Finalization") => Phase::Finalization,
        Some("Initialization") => Phase::Initialization,
        _ => return Err(bad("unknown phase")),
    };
    let event = record.field("event").ok_or_else(|| bad("no event"))?;
    let pallet = event.variant_name().ok_or_else(|| bad("event is not an enum"))?;
    let inner = event.at(0).ok_or_else(|| bad("no pallet event"))?;
    let ValueDef::Variant(v) = &inner.value else {
        return Err(bad("pallet event is not an enum"));
    };
    Ok(Event {
        phase,
        pallet: pallet.to_string(),
        name: v.name.clone(),
        fields: Value {
            value: ValueDef::Composite(v.values.clone()),
            context: inner.context,
        },
    })
}

/// The outcome a block's events give for the extrinsic at `index`: `Ok(events)` when it
/// succeeded, the typed dispatch error when it failed.
pub fn extrinsic_outcome(
    metadata: &Metadata,
    events: &[Event],
    index: u32,
) -> Result<Vec<Event>, TxError> {
    let mine: Vec<Event> = events
        .iter()
        .filter(|e| e.phase == Phase::ApplyExtrinsic(index))
        .cloned()
        .collect();
    if let Some(failed) = mine
        .iter()
        .find(|e| e.pallet == "System" && e.name == "ExtrinsicFailed")
    {
        let err = failed
            .field("dispatch_error")
            .or_else(|| failed.field("0"))
            .ok_or_else(|| TxError::decode("ExtrinsicFailed", "no dispatch_error"))?;
        return Err(dispatch_error(metadata, err));
    }
    Ok(mine)
}

/// Turn a `DispatchError` value into a typed error, resolving `Module` errors through metadata.
pub fn dispatch_error(metadata: &Metadata, err: &Value<u32>) -> TxError {
    if err.variant_name() == Some("Module") {
        let module = err.at(0);
        let index = module.and_then(|m| m.field("index").or_else(|| m.at(0))).and_then(|v| v.as_uint());
        let error = module
            .and_then(|m| m.field("error").or_else(|| m.at(1)))
            .and_then(|v| v.as_bytes().map(|b| b.first().copied()).or(v.as_uint().map(|n| Some(n as u8))))
            .flatten();
        if let (Some(index), Some(error)) = (index, error) {
            if let Some(e) = module_error(metadata, index as u8, error) {
                return e;
            }
        }
    }
    TxError::DispatchOther(err.to_string())
}

/// The pallet error with this pallet index and error index, with its docs.
pub fn module_error(metadata: &Metadata, pallet_index: u8, error_index: u8) -> Option<TxError> {
    let pallet = metadata.pallet_at(pallet_index)?;
    let variant = super::call::variants(metadata, pallet.error?)
        .ok()?
        .iter()
        .find(|v| v.index == error_index)?;
    Some(TxError::Dispatch {
        pallet: pallet.name.to_string(),
        error: variant.name.clone(),
        docs: variant.docs.join(" ").trim().to_string(),
    })
}
