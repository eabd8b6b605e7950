//! Plain chain data: block hashes, headers, heads, runtime versions, storage keys.
//! Platform-independent (no I/O).

use std::fmt;
use std::str::FromStr;

use parity_scale_codec::{Compact, Decode, Encode};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::ChainError;

/// A 32-byte block hash (blake2-256 of the SCALE-encoded header), shown as `0x…` hex.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Encode, Decode, Default)]
pub struct BlockHash(pub [u8; 32]);

impl BlockHash {
    /// The bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// A block hash the caller gave (`0x` and 64 hex digits): unlike `parse`, which reads
    /// what a node sent, a bad one is bad input ([`ChainError::InvalidBlockHash`]).
    pub fn from_input(s: &str) -> Result<BlockHash, ChainError> {
        s.parse().map_err(|e: ChainError| ChainError::InvalidBlockHash(format!("{s:.80}: {e}")))
    }

    /// `0x`-prefixed lower-case hex.
    pub fn to_hex(&self) -> String {
        format!("0x{}", hex::encode(self.0))
    }
}

impl fmt::Display for BlockHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for BlockHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl FromStr for BlockHash {
    type Err = ChainError;
    fn from_str(s: &str) -> Result<Self, ChainError> {
        let bytes = decode_hex(s)?;
        let arr: [u8; 32] = bytes.try_into().map_err(|v: Vec<u8>| {
            ChainError::decode("block hash", format!("{} bytes, expected 32", v.len()))
        })?;
        Ok(BlockHash(arr))
    }
}

impl Serialize for BlockHash {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for BlockHash {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// `0x`-prefixed (or bare) hex to bytes.
pub(crate) fn decode_hex(s: &str) -> Result<Vec<u8>, ChainError> {
    let s = s.strip_prefix("0x").unwrap_or(s);
    hex::decode(s).map_err(|e| ChainError::decode("hex", e))
}

/// A block header (subtensor: block number u32, blake2-256 hashes). Decodes from SCALE (new
/// JSON-RPC API) and from the legacy JSON form; [`Header::hash`] re-encodes it.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Header {
    /// Hash of the parent block.
    pub parent_hash: BlockHash,
    /// The block number.
    #[codec(compact)]
    #[serde(deserialize_with = "number_from_json")]
    pub number: u32,
    /// Root of the state trie after the block.
    pub state_root: BlockHash,
    /// Root of the trie of the block's extrinsics.
    pub extrinsics_root: BlockHash,
    /// The consensus logs.
    pub digest: Digest,
}

impl Header {
    /// The block hash: blake2-256 of the SCALE-encoded header.
    pub fn hash(&self) -> BlockHash {
        BlockHash(sp_crypto_hashing::blake2_256(&self.encode()))
    }
}

/// The digest of a header: consensus logs (Aura pre-runtime slot, seal, …).
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, Deserialize, Default)]
pub struct Digest {
    /// The logs, in header order.
    pub logs: Vec<DigestItem>,
}

/// One digest log. Unknown kinds are a decode error (the header could not be re-hashed).
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub enum DigestItem {
    /// A log of no consensus kind (opaque bytes).
    #[codec(index = 0)]
    Other(Vec<u8>),
    /// A consensus engine's message: engine id (`aura`, `FRNK`, …) and data.
    #[codec(index = 4)]
    Consensus([u8; 4], Vec<u8>),
    /// The author's seal over the header: engine id and signature.
    #[codec(index = 5)]
    Seal([u8; 4], Vec<u8>),
    /// Data from the block author for the runtime (the Aura slot): engine id and data.
    #[codec(index = 6)]
    PreRuntime([u8; 4], Vec<u8>),
    /// The runtime code or heap pages changed in this block.
    #[codec(index = 8)]
    RuntimeEnvironmentUpdated,
}

impl<'de> Deserialize<'de> for DigestItem {
    /// Legacy JSON carries each log as hex of its SCALE encoding.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let bytes = decode_hex(&s).map_err(serde::de::Error::custom)?;
        DigestItem::decode(&mut &bytes[..]).map_err(serde::de::Error::custom)
    }
}

fn number_from_json<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum N {
        Hex(String),
        Num(u64),
    }
    let n = match N::deserialize(d)? {
        N::Num(n) => n,
        N::Hex(s) => {
            u64::from_str_radix(s.trim_start_matches("0x"), 16).map_err(serde::de::Error::custom)?
        }
    };
    u32::try_from(n).map_err(serde::de::Error::custom)
}

/// A block: its number and hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Head {
    /// The block number.
    pub number: u32,
    /// The block hash.
    pub hash: BlockHash,
}

impl fmt::Display for Head {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{} ({})", self.number, self.hash)
    }
}

/// The runtime's version (what `Core_version` / `state_getRuntimeVersion` report).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuntimeVersion {
    /// The runtime's name (`node-subtensor` on Bittensor).
    pub spec_name: String,
    /// The implementation's name.
    pub impl_name: String,
    /// Changes with every runtime upgrade; signed into every transaction.
    pub spec_version: u32,
    /// The implementation's version (no effect on consensus).
    pub impl_version: u32,
    /// Changes when transaction encoding changes; signed into every transaction.
    pub transaction_version: u32,
    /// The runtime APIs it offers: blake2-64 of each trait name, and its version.
    #[serde(default, with = "api_list")]
    pub apis: Vec<([u8; 8], u32)>,
}

impl RuntimeVersion {
    /// True when the runtime offers the runtime API `name` (e.g. `"AuraApi"`), any version.
    pub fn has_api(&self, name: &str) -> bool {
        let id = sp_crypto_hashing::blake2_64(name.as_bytes());
        self.apis.iter().any(|(a, _)| *a == id)
    }

    /// Refuses a runtime offering both AuraApi and BabeApi: smoldot's light client cannot
    /// follow it (`MultipleConsensusAlgorithms`, in smoldot's `chain_information/build.rs`) and
    /// would retry forever without a word. Finney's runtime has offered a placeholder BabeApi
    /// beside AuraApi since July 2025.
    pub fn check_light_client_consensus(&self) -> Result<(), ChainError> {
        if self.has_api("AuraApi") && self.has_api("BabeApi") {
            return Err(ChainError::UnsupportedConsensus(format!(
                "runtime {} v{} offers both AuraApi and BabeApi, which the embedded light client \
                 (smoldot) refuses as MultipleConsensusAlgorithms: use the verified RPC backend \
                 instead (`--trust verified`: the same proofs and GRANDPA finality, over any \
                 JSON-RPC node)",
                self.spec_name, self.spec_version
            )));
        }
        Ok(())
    }
}

/// The API list as the legacy JSON-RPC API writes it: `[["0x<8 bytes>", version], ...]`.
mod api_list {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(apis: &[([u8; 8], u32)], s: S) -> Result<S::Ok, S::Error> {
        let v: Vec<(String, u32)> = apis.iter().map(|(id, n)| (format!("0x{}", hex::encode(id)), *n)).collect();
        v.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<([u8; 8], u32)>, D::Error> {
        let v = Vec::<(String, u32)>::deserialize(d)?;
        v.into_iter()
            .map(|(id, n)| {
                let bytes = super::decode_hex(&id).map_err(serde::de::Error::custom)?;
                let id: [u8; 8] = bytes.try_into().map_err(|_| serde::de::Error::custom("an API id is not 8 bytes"))?;
                Ok((id, n))
            })
            .collect()
    }
}

/// `twox128(pallet) ‖ twox128(item)`: the key of a plain storage value, or the prefix of a map.
pub fn storage_prefix(pallet: &str, item: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(32);
    key.extend_from_slice(&sp_crypto_hashing::twox_128(pallet.as_bytes()));
    key.extend_from_slice(&sp_crypto_hashing::twox_128(item.as_bytes()));
    key
}

/// `blake2_128(data) ‖ data`: the Blake2_128Concat hasher of storage maps.
pub fn blake2_128_concat(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + data.len());
    out.extend_from_slice(&sp_crypto_hashing::blake2_128(data));
    out.extend_from_slice(data);
    out
}

/// The storage key of `System.Account` for a 32-byte account id.
pub fn system_account_key(account_id: &[u8; 32]) -> Vec<u8> {
    let mut key = storage_prefix("System", "Account");
    key.extend_from_slice(&blake2_128_concat(account_id));
    key
}

/// Decode a SCALE `Vec<u8>` (compact length ‖ bytes), as runtime APIs return opaque bytes.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub(crate) fn decode_opaque(mut bytes: &[u8], what: &str) -> Result<Vec<u8>, ChainError> {
    let len = Compact::<u32>::decode(&mut bytes)
        .map_err(|e| ChainError::decode(what, e))?
        .0;
    if bytes.len() != len as usize {
        return Err(ChainError::decode(
            what,
            format!("length prefix {len}, {} bytes follow", bytes.len()),
        ));
    }
    Ok(bytes.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_hash_round_trips_through_hex_and_json() {
        let h: BlockHash = "0x2f0555cc76fc2840a25a6ea3b9637146806f1f44b090c175ffde2a7e5ab36c03"
            .parse()
            .expect("hash");
        assert_eq!(
            h.to_string(),
            "0x2f0555cc76fc2840a25a6ea3b9637146806f1f44b090c175ffde2a7e5ab36c03"
        );
        let json = serde_json::to_string(&h).expect("json");
        assert_eq!(serde_json::from_str::<BlockHash>(&json).expect("back"), h);
        assert!("0x1234".parse::<BlockHash>().is_err());
        assert!("zz".parse::<BlockHash>().is_err());
    }

    #[test]
    fn legacy_json_header_decodes_and_hashes_like_its_scale_form() {
        // A header as a substrate node prints it: hex number, digest logs as SCALE hex.
        let json = r#"{"parentHash":"0x0101010101010101010101010101010101010101010101010101010101010101",
            "number":"0x1a","stateRoot":"0x0202020202020202020202020202020202020202020202020202020202020202",
            "extrinsicsRoot":"0x0303030303030303030303030303030303030303030303030303030303030303",
            "digest":{"logs":["0x066175726120aa00000000000000","0x0561757261080102"]}}"#;
        let h: Header = serde_json::from_str(json).expect("header");
        assert_eq!(h.number, 26);
        assert_eq!(
            h.digest.logs[0],
            DigestItem::PreRuntime(*b"aura", vec![0xaa, 0, 0, 0, 0, 0, 0, 0])
        );
        let scale = h.encode();
        assert_eq!(Header::decode(&mut &scale[..]).expect("scale"), h);
        assert_eq!(h.hash(), BlockHash(sp_crypto_hashing::blake2_256(&scale)));
    }

    #[test]
    fn system_account_key_of_alice() {
        let alice: [u8; 32] =
            hex::decode("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d")
                .expect("hex")
                .try_into()
                .expect("32");
        // The well-known key polkadot-js computes for System.Account(//Alice).
        assert_eq!(
            hex::encode(system_account_key(&alice)),
            "26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9\
             de1e86a9a8c739864cf3cc5ec2bea59fd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d"
        );
    }

    #[test]
    fn opaque_bytes_need_an_exact_length_prefix() {
        assert_eq!(decode_opaque(&[8, 1, 2], "x").expect("ok"), vec![1, 2]);
        assert!(decode_opaque(&[12, 1, 2], "x").is_err());
    }
}
