//! [`Checkpoint`]: where trust starts — a finalized header and the GRANDPA authority set that
//! finalizes its descendants.
//!
//! The file format follows the `grandpaWarpSyncCheckpoint` field of newer subtensor chain specs
//! (`finalizedBlockHeader`: the SCALE header; `grandpaAuthoritySet`: SCALE `(u64 set_id,
//! Vec<([u8; 32], u64)>)`), plus the network's genesis hash and, for people reading it, the
//! block's number and hash (checked against the header on load). Two optional parts serve the
//! embedded light client: the Aura state at the block (what smoldot needs to start there) and
//! the runtime version, whose API list says whether smoldot can follow the chain at all.

use parity_scale_codec::{Decode, Encode};
use serde::{Deserialize, Serialize};

use crate::chain::types::decode_hex;
use crate::chain::{BlockHash, ChainError, Head, Header, RuntimeVersion};

/// One GRANDPA authority: its ed25519 public key and its voting weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode)]
pub struct Authority {
    /// The ed25519 public key that signs precommits.
    pub public_key: [u8; 32],
    /// Its weight (1 for every authority on subtensor).
    pub weight: u64,
}

/// The GRANDPA authority set in force: its id (it grows by one at every change) and members.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct AuthoritySet {
    /// The set id, part of every signed precommit.
    pub set_id: u64,
    /// The members.
    pub authorities: Vec<Authority>,
}

impl AuthoritySet {
    /// Checks what a usable set must be: at least one member, no member twice, no zero weight.
    pub fn validate(&self) -> Result<(), ChainError> {
        let bad = |m: &str| Err(ChainError::InvalidCheckpoint(m.to_owned()));
        if self.authorities.is_empty() {
            return bad("the authority set is empty");
        }
        if self.authorities.iter().any(|a| a.weight == 0) {
            return bad("an authority has weight 0");
        }
        let mut keys: Vec<_> = self.authorities.iter().map(|a| a.public_key).collect();
        keys.sort_unstable();
        keys.dedup();
        if keys.len() != self.authorities.len() {
            return bad("an authority appears twice");
        }
        if self.total_weight().is_none() {
            return bad("the authorities' weights overflow");
        }
        Ok(())
    }

    /// The sum of the weights (`None` on overflow).
    pub fn total_weight(&self) -> Option<u64> {
        self.authorities.iter().try_fold(0u64, |s, a| s.checked_add(a.weight))
    }

    /// The weight a justification's signers must reach: more than two thirds of the total
    /// (GRANDPA's `total - (total - 1) / 3`).
    pub fn threshold(&self) -> u64 {
        let total = self.total_weight().unwrap_or(u64::MAX);
        total - total.saturating_sub(1) / 3
    }
}

/// A trusted starting point for the verified backend: a finalized block and the authority set
/// that finalizes the blocks after it. Obtain one from a node you trust once
/// ([`crate::chain::Client::checkpoint`], or `taolight chain checkpoint`), or from a source
/// you trust (a wallet release, a friend's node); every later block is verified from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The genesis hash the network's nodes report (what transactions commit to).
    pub genesis_hash: BlockHash,
    /// The finalized block's header.
    pub header: Header,
    /// The GRANDPA authority set that finalizes the block's descendants.
    pub authority_set: AuthoritySet,
    /// The Aura state at the block, when known: the embedded light client starts there with it.
    pub aura: Option<AuraState>,
    /// The runtime version at the block, when known (its API list tells whether the embedded
    /// light client can follow the chain: see [`RuntimeVersion::check_light_client_consensus`]).
    pub runtime: Option<RuntimeVersion>,
}

/// Aura block production at a block: who may author, and the slot length.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuraState {
    /// Slot duration in milliseconds (`AuraApi_slot_duration`).
    pub slot_duration_ms: u64,
    /// The authorities' sr25519 public keys (`AuraApi_authorities`), hex in JSON.
    #[serde(with = "hex_keys")]
    pub authorities: Vec<[u8; 32]>,
}

mod hex_keys {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(keys: &[[u8; 32]], s: S) -> Result<S::Ok, S::Error> {
        keys.iter().map(|k| format!("0x{}", hex::encode(k))).collect::<Vec<_>>().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<[u8; 32]>, D::Error> {
        Vec::<String>::deserialize(d)?
            .iter()
            .map(|k| {
                let b = crate::chain::types::decode_hex(k).map_err(serde::de::Error::custom)?;
                <[u8; 32]>::try_from(b).map_err(|_| serde::de::Error::custom("a key is not 32 bytes"))
            })
            .collect()
    }
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CheckpointFile {
    genesis_hash: BlockHash,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    block_number: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    block_hash: Option<BlockHash>,
    finalized_block_header: String,
    grandpa_authority_set: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    aura: Option<AuraState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    runtime: Option<RuntimeVersion>,
}

impl Checkpoint {
    /// A checkpoint from its parts, validated.
    pub fn new(
        genesis_hash: BlockHash,
        header: Header,
        authority_set: AuthoritySet,
    ) -> Result<Checkpoint, ChainError> {
        authority_set.validate()?;
        Ok(Checkpoint { genesis_hash, header, authority_set, aura: None, runtime: None })
    }

    /// The checkpoint's block.
    pub fn block(&self) -> Head {
        Head { number: self.header.number, hash: self.header.hash() }
    }

    /// Parses the JSON form (see the module docs). A block number or hash that does not match
    /// the header, a header or set that does not decode exactly, or an unusable set is
    /// [`ChainError::InvalidCheckpoint`].
    pub fn from_json(json: &str) -> Result<Checkpoint, ChainError> {
        let bad = |m: String| ChainError::InvalidCheckpoint(m);
        let f: CheckpointFile = serde_json::from_str(json).map_err(|e| bad(e.to_string()))?;
        let header_bytes =
            decode_hex(&f.finalized_block_header).map_err(|e| bad(format!("finalizedBlockHeader: {e}")))?;
        let header = decode_exact::<Header>(&header_bytes).map_err(|e| bad(format!("finalizedBlockHeader: {e}")))?;
        let set_bytes =
            decode_hex(&f.grandpa_authority_set).map_err(|e| bad(format!("grandpaAuthoritySet: {e}")))?;
        let authority_set =
            decode_exact::<AuthoritySet>(&set_bytes).map_err(|e| bad(format!("grandpaAuthoritySet: {e}")))?;
        let mut cp = Checkpoint::new(f.genesis_hash, header, authority_set)?;
        if f.aura.as_ref().is_some_and(|a| a.authorities.is_empty() || a.slot_duration_ms == 0) {
            return Err(bad("aura: no authorities or a zero slot duration".into()));
        }
        cp.aura = f.aura;
        cp.runtime = f.runtime;
        let block = cp.block();
        if f.block_number.is_some_and(|n| n != block.number) {
            return Err(bad(format!("blockNumber does not match the header (#{})", block.number)));
        }
        if f.block_hash.is_some_and(|h| h != block.hash) {
            return Err(bad(format!("blockHash does not match the header ({})", block.hash)));
        }
        Ok(cp)
    }

    /// The JSON form (pretty-printed).
    pub fn to_json(&self) -> String {
        let block = self.block();
        let f = CheckpointFile {
            genesis_hash: self.genesis_hash,
            block_number: Some(block.number),
            block_hash: Some(block.hash),
            finalized_block_header: format!("0x{}", hex::encode(self.header.encode())),
            grandpa_authority_set: format!("0x{}", hex::encode(self.authority_set.encode())),
            aura: self.aura.clone(),
            runtime: self.runtime.clone(),
        };
        serde_json::to_string_pretty(&f).unwrap_or_default()
    }
}

impl crate::chain::Client {
    /// A checkpoint at this client's finalized block: what `taolight chain checkpoint` writes.
    ///
    /// From a trusted node, the checkpoint is as good as the node (take it from one you trust,
    /// once); from a verified client it is verified (the authority set is the one the client
    /// followed), so a verified client can refresh its own checkpoint.
    pub async fn checkpoint(&self) -> Result<Checkpoint, ChainError> {
        let head = self.finalized_head().await?;
        let header = self.header(head.hash).await?;
        if header.hash() != head.hash {
            return Err(ChainError::BadHeader(format!("the node's header for {} hashes to {}", head.hash, header.hash())));
        }
        let at = Some(head.hash);
        let call = |method: &'static str| async move {
            self.runtime_call(method, &[], at).await.map(|raw| (method, raw))
        };
        #[cfg(all(feature = "verified", not(target_arch = "wasm32")))]
        let verified_set = self.verified_authority_set();
        #[cfg(not(all(feature = "verified", not(target_arch = "wasm32"))))]
        let verified_set: Option<AuthoritySet> = None;
        let authority_set = match verified_set {
            Some(set) => set,
            None => {
                let (m, raw) = call("GrandpaApi_grandpa_authorities").await?;
                let list: Vec<([u8; 32], u64)> = decode_exact(&raw).map_err(|e| ChainError::decode(m, e))?;
                let key = crate::chain::storage_prefix("Grandpa", "CurrentSetId");
                let set_id = match self.storage(&key, at).await? {
                    Some(v) => decode_exact::<u64>(&v).map_err(|e| ChainError::decode("Grandpa.CurrentSetId", e))?,
                    None => 0,
                };
                let authorities = list.into_iter().map(|(public_key, weight)| Authority { public_key, weight }).collect();
                AuthoritySet { set_id, authorities }
            }
        };
        let mut cp = Checkpoint::new(self.genesis_hash(), header, authority_set)?;
        let runtime = self.runtime_version_at(at).await?;
        if runtime.has_api("AuraApi") {
            let (m, raw) = call("AuraApi_slot_duration").await?;
            let slot_duration_ms = decode_exact::<u64>(&raw).map_err(|e| ChainError::decode(m, e))?;
            let (m, raw) = call("AuraApi_authorities").await?;
            let authorities = decode_exact::<Vec<[u8; 32]>>(&raw).map_err(|e| ChainError::decode(m, e))?;
            cp.aura = Some(AuraState { slot_duration_ms, authorities });
        }
        cp.runtime = Some(runtime);
        Ok(cp)
    }
}

/// SCALE-decodes `T`, refusing trailing bytes.
fn decode_exact<T: Decode>(mut bytes: &[u8]) -> Result<T, String> {
    let v = T::decode(&mut bytes).map_err(|e| e.to_string())?;
    if !bytes.is_empty() {
        return Err(format!("{} bytes left over", bytes.len()));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(n: u8) -> AuthoritySet {
        AuthoritySet {
            set_id: 7,
            authorities: (0..n).map(|i| Authority { public_key: [i; 32], weight: 1 }).collect(),
        }
    }

    fn header() -> Header {
        Header {
            parent_hash: BlockHash([1; 32]),
            number: 42,
            state_root: BlockHash([2; 32]),
            extrinsics_root: BlockHash([3; 32]),
            digest: Default::default(),
        }
    }

    #[test]
    fn thresholds_are_more_than_two_thirds() {
        // GRANDPA: total - floor((total - 1) / 3).
        for (n, t) in [(1, 1), (2, 2), (3, 3), (4, 3), (7, 5), (20, 14), (100, 67)] {
            assert_eq!(set(n).threshold(), t, "{n} authorities");
        }
    }

    #[test]
    fn json_round_trips_and_is_checked() {
        let cp = Checkpoint::new(BlockHash([9; 32]), header(), set(2)).expect("valid");
        let json = cp.to_json();
        assert_eq!(Checkpoint::from_json(&json).expect("parses"), cp);
        assert!(json.contains("\"blockNumber\": 42"), "{json}");

        let wrong_number = json.replace("\"blockNumber\": 42", "\"blockNumber\": 43");
        let e = Checkpoint::from_json(&wrong_number).expect_err("number mismatch");
        assert_eq!(e.code(), "invalid_checkpoint");
        assert_eq!(e.kind(), crate::ErrorKind::BadInput);

        let mut v: serde_json::Value = serde_json::from_str(&json).expect("json");
        let h = v["finalizedBlockHeader"].as_str().expect("str").to_owned();
        v["finalizedBlockHeader"] = format!("{h}00").into();
        assert!(Checkpoint::from_json(&v.to_string()).is_err(), "trailing byte accepted");

        for bad in ["", "{}", "[]", "{\"genesisHash\":\"0x00\"}"] {
            assert_eq!(Checkpoint::from_json(bad).expect_err(bad).code(), "invalid_checkpoint");
        }
    }

    #[test]
    fn unusable_sets_are_refused() {
        let mut dup = set(3);
        dup.authorities[2].public_key = dup.authorities[0].public_key;
        let mut zero = set(3);
        zero.authorities[1].weight = 0;
        let mut overflow = set(2);
        overflow.authorities[0].weight = u64::MAX;
        for s in [set(0), dup, zero, overflow] {
            let e = Checkpoint::new(BlockHash([0; 32]), header(), s).expect_err("refused");
            assert_eq!(e.code(), "invalid_checkpoint");
        }
    }
}
