//! Reads for the queries: one block for every read of a query (a consistent snapshot), runtime
//! API outputs checked against the metadata, and storage entries whose key hashers and value
//! type are checked before any key is built (a runtime that moved or retyped an item gives a
//! typed error, never a silent default).

use std::future::Future;
use std::sync::Arc;

use frame_metadata::RuntimeMetadata;
use parity_scale_codec::Decode;
use subxt_rpcs::client::rpc_params;

use super::decode::{self, Wire};
use super::layout::{check, is_bytes, Shape};
use crate::chain::{blake2_128_concat, storage_prefix, ChainError, Client, Head, Metadata};

/// A storage key hasher, as the metadata names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hasher {
    Identity,
    Blake2_128Concat,
}

impl Hasher {
    fn apply(self, data: &[u8]) -> Vec<u8> {
        match self {
            Hasher::Identity => data.to_vec(),
            Hasher::Blake2_128Concat => blake2_128_concat(data),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Hasher::Identity => "Identity",
            Hasher::Blake2_128Concat => "Blake2_128Concat",
        }
    }
}

/// A storage map of SubtensorModule (or another pallet) as taolight expects it.
pub(crate) struct Entry {
    pub pallet: &'static str,
    pub name: &'static str,
    pub hashers: &'static [Hasher],
    pub value: Shape,
}

/// The state of one block, read through one client.
pub(crate) struct Reader<'a> {
    client: &'a Client,
    metadata: Arc<Metadata>,
    /// The block every read of this reader is made at (the finalized head).
    pub head: Head,
}

impl<'a> Reader<'a> {
    /// Pin the finalized head and load (or reuse) the runtime metadata.
    pub async fn new(client: &'a Client) -> Result<Reader<'a>, ChainError> {
        let metadata = client.metadata().await?;
        let head = client.finalized_head().await?;
        Ok(Reader { client, metadata, head })
    }

    /// How the output of `trait_name.method` is laid out: opaque bytes (checked strictly when
    /// decoded) or a typed structure, which must have `shape`.
    pub fn wire(&self, trait_name: &str, method: &str, shape: &Shape) -> Result<Wire, ChainError> {
        let Some(id) = self.metadata.runtime_api_output(trait_name, method) else {
            // V14 metadata lists no runtime APIs: the call itself tells whether it exists.
            if self.metadata.runtime_apis().is_empty() {
                return Ok(Wire::Opaque);
            }
            return Err(ChainError::Unsupported(format!("the runtime has no {trait_name}_{method}")));
        };
        let types = self.metadata.types();
        if is_bytes(types, id) {
            return Ok(Wire::Opaque);
        }
        check(types, id, shape, &format!("{trait_name}_{method}"))?;
        Ok(Wire::Typed)
    }

    /// Call a runtime API at this reader's block; returns the raw output and its layout.
    /// `args` encodes the arguments for that layout (spec 218 takes accounts as `Vec<u8>`).
    pub async fn call(
        &self,
        trait_name: &str,
        method: &str,
        shape: &Shape,
        args: impl FnOnce(Wire) -> Vec<u8>,
    ) -> Result<(Vec<u8>, Wire), ChainError> {
        let wire = self.wire(trait_name, method, shape)?;
        let out = self.client.runtime_call(&format!("{trait_name}_{method}"), &args(wire), Some(self.head.hash)).await?;
        Ok((out, wire))
    }

    /// Check an entry against the metadata: present, same hashers, same value type.
    fn check_entry(&self, e: &Entry) -> Result<(), ChainError> {
        let path = format!("{}.{}", e.pallet, e.name);
        let hashers = storage_hashers(self.metadata.frame(), e.pallet, e.name)
            .ok_or_else(|| ChainError::Unsupported(format!("the runtime has no storage {path}")))?;
        let expected: Vec<&str> = e.hashers.iter().map(|h| h.name()).collect();
        if hashers != expected {
            return Err(ChainError::Decode(format!(
                "runtime layout of {path} differs from taolight's: key hashers {hashers:?}, expected {expected:?}"
            )));
        }
        let (types, id) = self
            .metadata
            .storage_value_type(e.pallet, e.name)
            .ok_or_else(|| ChainError::Unsupported(format!("the runtime has no storage {path}")))?;
        check(types, id, &e.value, &path)
    }

    /// The key of `e` for the given encoded key parts (one per hasher).
    pub fn key(&self, e: &Entry, parts: &[&[u8]]) -> Result<Vec<u8>, ChainError> {
        self.check_entry(e)?;
        if parts.len() > e.hashers.len() {
            return Err(ChainError::Decode(format!("{}.{}: too many key parts", e.pallet, e.name)));
        }
        let mut key = storage_prefix(e.pallet, e.name).to_vec();
        for (h, part) in e.hashers.iter().zip(parts) {
            key.extend(h.apply(part));
        }
        Ok(key)
    }

    /// The decoded value of `e` at `parts`; `None` when the key holds nothing. The key is
    /// built (and checked) before the returned future runs, so it borrows no key parts.
    pub fn get<T: Decode>(
        &self,
        e: &'static Entry,
        parts: &[&[u8]],
    ) -> impl Future<Output = Result<Option<T>, ChainError>> + '_ {
        let key = self.key(e, parts);
        async move {
            let key = key?;
            match self.client.storage(&key, Some(self.head.hash)).await? {
                Some(bytes) => decode::storage_value(&bytes, &format!("{}.{}", e.pallet, e.name)).map(Some),
                None => Ok(None),
            }
        }
    }

    /// Like [`Reader::get`] for `ValueQuery` items: an empty key holds the item's default,
    /// which is the runtime's (from the metadata; `ImmunityPeriod` defaults to 4096, not 0),
    /// never Rust's.
    pub fn get_value<T: Decode>(
        &self,
        e: &'static Entry,
        parts: &[&[u8]],
    ) -> impl Future<Output = Result<T, ChainError>> + '_ {
        let get = self.get::<T>(e, parts);
        let default = storage_default(self.metadata.frame(), e.pallet, e.name);
        async move {
            match get.await? {
                Some(v) => Ok(v),
                None => {
                    let what = format!("default of {}.{}", e.pallet, e.name);
                    let bytes = default.ok_or_else(|| ChainError::Decode(format!("{what}: not in the metadata")))?;
                    decode::storage_value(&bytes, &what)
                }
            }
        }
    }

    /// Every key under `prefix` at this block (`state_getKeysPaged`, in pages of 1000).
    pub async fn keys(&self, prefix: &[u8]) -> Result<Vec<Vec<u8>>, ChainError> {
        const PAGE: u32 = 1000;
        let prefix_hex = format!("0x{}", hex::encode(prefix));
        let mut all = Vec::new();
        let mut start: Option<String> = None;
        loop {
            let page: Vec<String> = self
                .client
                .request("state_getKeysPaged", rpc_params![&prefix_hex, PAGE, start.clone(), self.head.hash])
                .await?;
            let n = page.len();
            for k in page {
                let bytes = hex::decode(k.trim_start_matches("0x")).map_err(|e| ChainError::decode("storage key", e))?;
                if !bytes.starts_with(prefix) {
                    return Err(ChainError::Decode("state_getKeysPaged returned a key outside the prefix".into()));
                }
                all.push(bytes);
            }
            if n < PAGE as usize {
                return Ok(all);
            }
            start = all.last().map(|k| format!("0x{}", hex::encode(k)));
        }
    }
}

/// The key hashers of a storage item by name (`[]` for a plain value), or `None` without it.
fn storage_hashers(md: &RuntimeMetadata, pallet: &str, entry: &str) -> Option<Vec<&'static str>> {
    fn name(h: &frame_metadata::v14::StorageHasher) -> &'static str {
        use frame_metadata::v14::StorageHasher as H;
        match h {
            H::Blake2_128 => "Blake2_128",
            H::Blake2_256 => "Blake2_256",
            H::Blake2_128Concat => "Blake2_128Concat",
            H::Twox128 => "Twox128",
            H::Twox256 => "Twox256",
            H::Twox64Concat => "Twox64Concat",
            H::Identity => "Identity",
        }
    }
    macro_rules! find {
        ($m:expr, $t:path) => {{
            let e = $m.pallets.iter().find(|p| p.name == pallet)?.storage.as_ref()?.entries.iter().find(|e| e.name == entry)?;
            use $t as T;
            Some(match &e.ty {
                T::Plain(_) => Vec::new(),
                T::Map { hashers, .. } => hashers.iter().map(name).collect(),
            })
        }};
    }
    match md {
        RuntimeMetadata::V14(m) => find!(m, frame_metadata::v14::StorageEntryType),
        RuntimeMetadata::V15(m) => find!(m, frame_metadata::v15::StorageEntryType),
        _ => None,
    }
}

/// The value an empty key holds, from the metadata (`None` without the item).
fn storage_default(md: &RuntimeMetadata, pallet: &str, entry: &str) -> Option<Vec<u8>> {
    macro_rules! find {
        ($m:expr) => {{
            let e = $m.pallets.iter().find(|p| p.name == pallet)?.storage.as_ref()?.entries.iter().find(|e| e.name == entry)?;
            Some(e.default.clone())
        }};
    }
    match md {
        RuntimeMetadata::V14(m) => find!(m),
        RuntimeMetadata::V15(m) => find!(m),
        _ => None,
    }
}

// ---- the storage items the queries read ----

use Hasher::{Blake2_128Concat as B, Identity as I};

const SUBTENSOR: &str = "SubtensorModule";

macro_rules! entry {
    ($name:ident, $entry:literal, [$($h:expr),*], $value:expr) => {
        pub(crate) static $name: Entry = Entry { pallet: SUBTENSOR, name: $entry, hashers: &[$($h),*], value: $value };
    };
}

entry!(UIDS, "Uids", [I, B], Shape::U16);
entry!(BLOCK_AT_REGISTRATION, "BlockAtRegistration", [I, I], Shape::U64);
entry!(IMMUNITY_PERIOD, "ImmunityPeriod", [I], Shape::U16);
entry!(TOTAL_HOTKEY_ALPHA, "TotalHotkeyAlpha", [B, I], Shape::U64);
entry!(SUBNET_TAO, "SubnetTAO", [I], Shape::U64);
entry!(SUBNET_ALPHA_IN, "SubnetAlphaIn", [I], Shape::U64);
entry!(SUBNET_MECHANISM, "SubnetMechanism", [I], Shape::U16);
entry!(TOKEN_SYMBOL, "TokenSymbol", [I], Shape::Vec(&Shape::U8));
entry!(SUBNET_OWNER_HOTKEY, "SubnetOwnerHotkey", [I], Shape::AccountId);
entry!(ALPHA, "Alpha", [B, B, I], Shape::U64);

/// An account argument: `Vec<u8>` in spec 218's opaque APIs, the raw 32 bytes in typed ones.
pub(crate) fn account_arg(account: &[u8; 32], wire: Wire) -> Vec<u8> {
    use parity_scale_codec::Encode;
    match wire {
        Wire::Opaque => account.to_vec().encode(),
        Wire::Typed => account.to_vec(),
    }
}
