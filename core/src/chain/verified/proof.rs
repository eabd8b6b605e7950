//! Storage reads proven against a block's state root (`state_getReadProof`), including "which
//! key comes next" (`state_getKeysPaged` for the candidates, then a proof that nothing lies
//! between).
//!
//! Proof decoding and checking are smoldot's (`smoldot::trie::proof_decode`): a proof is a set
//! of trie nodes; it is accepted only when every node hangs from the state root by hashes, and a
//! question is answered only when the nodes on its path are all there. A node that leaves a
//! node out, changes a byte or answers for another block gets [`ChainError::BadProof`], never a
//! wrong value.

use std::collections::{BTreeSet, VecDeque};

use parity_scale_codec::Encode;
use serde::Deserialize;
use smoldot::trie::proof_decode::{self, DecodedTrieProof};
use smoldot::trie::{self, Nibble};
use subxt_rpcs::client::rpc_params;

use super::Rpc;
use crate::chain::types::decode_hex;
use crate::chain::{BlockHash, ChainError};

/// How many proofs a reader keeps to answer later questions without asking the node again
/// (a runtime call walks neighbouring keys: one proof often answers the next question).
const KEPT_PROOFS: usize = 16;

/// Candidates asked for per "next key" question.
const KEYS_PER_PAGE: u32 = 64;

#[derive(Deserialize)]
struct ReadProof {
    proof: Vec<String>,
}

/// Reads the state of one verified block.
pub(crate) struct StateReader<'a> {
    rpc: &'a Rpc,
    at: BlockHash,
    state_root: [u8; 32],
    kept: VecDeque<DecodedTrieProof<Vec<u8>>>,
    /// Proofs fetched and bytes received (for benchmarks and logs).
    pub(crate) fetched: (u32, usize),
}

fn bad(m: impl Into<String>) -> ChainError {
    ChainError::BadProof(m.into())
}

/// Checks a proof (its nodes, as the node sent them) against nothing yet: it decodes, and its
/// nodes connect. The state root is applied by each question.
pub(crate) fn decode_proof(nodes: &[Vec<u8>]) -> Result<DecodedTrieProof<Vec<u8>>, ChainError> {
    // A node sent twice would be refused by the decoder: such duplicates carry nothing.
    let unique: BTreeSet<&[u8]> = nodes.iter().map(Vec::as_slice).collect();
    let encoded = unique.into_iter().collect::<Vec<_>>().encode();
    proof_decode::decode_and_verify_proof(proof_decode::Config { proof: encoded })
        .map_err(|e| bad(format!("malformed proof: {e}")))
}

/// The value under `key` according to `proof` for `state_root`: `Ok(None)` when the proof shows
/// there is none, an error when it does not show either.
pub(crate) fn proven_value(
    proof: &DecodedTrieProof<Vec<u8>>,
    state_root: &[u8; 32],
    key: &[u8],
) -> Result<Option<Vec<u8>>, ChainError> {
    proof
        .storage_value(state_root, key)
        .map(|v| v.map(|(v, _)| v.to_vec()))
        .map_err(|_| bad(format!("the proof does not cover key 0x{} under state root 0x{}", hex::encode(key), hex::encode(state_root))))
}

impl<'a> StateReader<'a> {
    pub(crate) fn new(rpc: &'a Rpc, at: BlockHash, state_root: [u8; 32]) -> Self {
        StateReader { rpc, at, state_root, kept: VecDeque::new(), fetched: (0, 0) }
    }

    /// Fetches a proof for `keys` at this block and keeps it.
    async fn fetch(&mut self, keys: &[Vec<u8>]) -> Result<&DecodedTrieProof<Vec<u8>>, ChainError> {
        let hex_keys: Vec<String> = keys.iter().map(|k| format!("0x{}", hex::encode(k))).collect();
        let r: ReadProof = self.rpc.request("state_getReadProof", rpc_params![hex_keys, self.at]).await?;
        let nodes = r.proof.iter().map(|n| decode_hex(n)).collect::<Result<Vec<_>, _>>()?;
        self.fetched.0 += 1;
        self.fetched.1 += nodes.iter().map(Vec::len).sum::<usize>();
        let proof = decode_proof(&nodes)?;
        if self.kept.len() == KEPT_PROOFS {
            self.kept.pop_back();
        }
        self.kept.push_front(proof);
        Ok(&self.kept[0])
    }

    /// The value under `key`, proven.
    pub(crate) async fn get(&mut self, key: &[u8]) -> Result<Option<Vec<u8>>, ChainError> {
        for p in &self.kept {
            if let Ok(v) = p.storage_value(&self.state_root, key) {
                return Ok(v.map(|(v, _)| v.to_vec()));
            }
        }
        let root = self.state_root;
        let p = self.fetch(&[key.to_vec()]).await?;
        proven_value(p, &root, key)
    }

    /// The blake2-256 hash of the value under `key`, proven without downloading the value when
    /// the trie stores it hashed (state version 1): the proof of a key just below it carries its
    /// node. `None` when there is no value.
    pub(crate) async fn value_hash(&mut self, key: &[u8]) -> Result<Option<[u8; 32]>, ChainError> {
        let mut below = key.to_vec();
        below.push(0);
        let root = self.state_root;
        let p = self.fetch(&[below]).await?;
        let info = p
            .trie_node_info(&root, trie::bytes_to_nibbles(key.iter().copied()))
            .map_err(|_| bad(format!("the proof does not cover key 0x{}", hex::encode(key))))?;
        Ok(match info.storage_value {
            proof_decode::StorageValue::None => None,
            proof_decode::StorageValue::HashKnownValueMissing(h) => Some(*h),
            proof_decode::StorageValue::Known { value, .. } => Some(sp_crypto_hashing::blake2_256(value)),
        })
    }

    /// The first key after `key` (or equal to it when `or_equal`) that starts with `prefix`,
    /// proven: keys with a value only, unless `branch_nodes`. Keys are in nibbles, as the
    /// runtime executor asks.
    pub(crate) async fn next_key(
        &mut self,
        key: &[Nibble],
        or_equal: bool,
        prefix: &[Nibble],
        branch_nodes: bool,
    ) -> Result<Option<Vec<Nibble>>, ChainError> {
        let ask = |p: &DecodedTrieProof<Vec<u8>>, root: &[u8; 32]| {
            p.next_key(root, key.iter().copied(), or_equal, prefix.iter().copied(), branch_nodes)
                .map(|found| found.map(|k| k.collect::<Vec<Nibble>>()))
        };
        let found = match self.kept.iter().find_map(|p| ask(p, &self.state_root).ok()) {
            Some(found) => found,
            None => {
                // The node names candidates; the proof decides. Byte forms round down odd nibbles.
                let start: Vec<u8> = trie::nibbles_to_bytes_truncate(key.iter().copied()).collect();
                let prefix_bytes: Vec<u8> = trie::nibbles_to_bytes_truncate(prefix.iter().copied()).collect();
                let keys: Vec<String> = self
                    .rpc
                    .request(
                        "state_getKeysPaged",
                        rpc_params![
                            format!("0x{}", hex::encode(&prefix_bytes)),
                            KEYS_PER_PAGE,
                            format!("0x{}", hex::encode(&start)),
                            self.at
                        ],
                    )
                    .await?;
                let mut wanted = vec![if start.is_empty() { prefix_bytes.clone() } else { start }];
                for k in &keys {
                    wanted.push(decode_hex(k)?);
                }
                let root = self.state_root;
                let p = self.fetch(&wanted).await?;
                ask(p, &root).map_err(|_| {
                    bad(format!(
                        "the node's proof does not show which key follows 0x{} (keys withheld?)",
                        hex::encode(trie::nibbles_to_bytes_truncate(key.iter().copied()).collect::<Vec<u8>>())
                    ))
                })?
            }
        };
        // What the executor requires of an answer (it would panic otherwise).
        if let Some(k) = &found {
            let after = if or_equal { k.as_slice() >= key } else { k.as_slice() > key };
            if !after || !k.starts_with(prefix) {
                return Err(bad("the proven next key is not after the requested one"));
            }
        }
        Ok(found)
    }

    /// Up to `count` keys starting with `prefix` after `start` (exclusive; `None`: from the
    /// start), each proven to be the next one: a page of `state_getKeysPaged`, checked.
    pub(crate) async fn keys(
        &mut self,
        prefix: &[u8],
        count: u32,
        start: Option<&[u8]>,
    ) -> Result<Vec<Vec<u8>>, ChainError> {
        let prefix_n: Vec<Nibble> = trie::bytes_to_nibbles(prefix.iter().copied()).collect();
        let (mut at, mut or_equal): (Vec<Nibble>, bool) = match start {
            Some(s) => (trie::bytes_to_nibbles(s.iter().copied()).collect(), false),
            None => (prefix_n.clone(), true),
        };
        let mut out = Vec::new();
        while out.len() < count as usize {
            let Some(next) = self.next_key(&at, or_equal, &prefix_n, false).await? else { break };
            out.push(trie::nibbles_to_bytes_truncate(next.iter().copied()).collect());
            at = next;
            or_equal = false;
        }
        Ok(out)
    }
}
