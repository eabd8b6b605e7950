//! What the devnet cannot serve, built from the real chain's own data (feature `proofs`).
//!
//! chopsticks started from a raw spec answers `state_getReadProof` with "not implemented" and
//! produces no GRANDPA justifications, and the headers it builds after genesis carry an all-zero
//! state root. So the verified-backend tests take both from the real sources:
//!
//! - [`GenesisState`]: the spec's genesis storage as a Merkle trie (trie nodes encoded by
//!   smoldot's `trie_node`), whose root must equal the real genesis state root: the genesis
//!   header built on it hashes to the genesis hash smoldot computes from the spec. Read proofs,
//!   key pages and values at the genesis block come from it.
//! - [`Authorities`]: the devnet's real GRANDPA authorities, //Alice and //Bob (ed25519, derived
//!   here from the public development phrase), which sign justifications for the blocks the
//!   devnet finalizes.
//! - [`ProofHook`]: a [`crate::proxy::Hook`] that answers those methods in front of the devnet and
//!   forwards the rest, with [`Tamper`] modes for the tests that must see tampering refused.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use parity_scale_codec::{Compact, Encode};
use serde_json::{json, Value};
use smoldot::trie::{trie_node, Nibble};

use crate::proxy::{Conn, Hook, Verdict};

/// Values this long or longer are stored hashed in the trie (state version 1).
const HASHED_VALUE_MIN: usize = 33;

fn blake2(data: &[u8]) -> [u8; 32] {
    sp_crypto_hashing::blake2_256(data)
}

fn hex0x(b: &[u8]) -> String {
    format!("0x{}", hex::encode(b))
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    hex::decode(s.strip_prefix("0x").unwrap_or(s)).ok()
}

/// One node of the trie, with what proofs need.
struct Node {
    /// Full key in nibbles.
    key: Vec<u8>,
    value: Option<Vec<u8>>,
    node_value: Vec<u8>,
    /// True when the parent holds the node value itself rather than its hash (under 32 bytes).
    inline: bool,
    children: [Option<usize>; 16],
}

/// The genesis storage of a raw chain spec, as a Merkle trie.
pub struct GenesisState {
    storage: BTreeMap<Vec<u8>, Vec<u8>>,
    nodes: Vec<Node>,
    root: usize,
    state_root: [u8; 32],
}

fn nibbles(bytes: &[u8]) -> Vec<u8> {
    bytes.iter().flat_map(|b| [b >> 4, b & 0xf]).collect()
}

impl GenesisState {
    /// Reads `genesis.raw.top` of a raw chain spec.
    pub fn from_spec(spec_json: &str) -> Result<GenesisState, String> {
        let spec: Value = serde_json::from_str(spec_json).map_err(|e| e.to_string())?;
        let top = spec["genesis"]["raw"]["top"]
            .as_object()
            .ok_or("the spec has no genesis.raw.top")?;
        let mut storage = BTreeMap::new();
        for (k, v) in top {
            let v = v.as_str().ok_or("a genesis value is not a string")?;
            storage.insert(unhex(k).ok_or("bad hex key")?, unhex(v).ok_or("bad hex value")?);
        }
        Ok(Self::from_storage(storage))
    }

    /// The trie over these key/value pairs.
    pub fn from_storage(storage: BTreeMap<Vec<u8>, Vec<u8>>) -> GenesisState {
        let entries: Vec<(Vec<u8>, &[u8])> = storage.iter().map(|(k, v)| (nibbles(k), v.as_slice())).collect();
        let mut nodes = Vec::new();
        let root = if entries.is_empty() {
            nodes.push(Node { key: Vec::new(), value: None, node_value: vec![0], inline: false, children: [None; 16] });
            0
        } else {
            build(&entries, 0, &mut nodes, true)
        };
        let state_root = blake2(&nodes[root].node_value);
        GenesisState { storage, nodes, root, state_root }
    }

    /// The state root.
    pub fn state_root(&self) -> [u8; 32] {
        self.state_root
    }

    /// The genesis header: no parent, number 0, this state root, the empty extrinsics root and
    /// no digest, SCALE-encoded.
    pub fn genesis_header(&self) -> Vec<u8> {
        let empty_trie_root = blake2(&[0]);
        let mut h = Vec::new();
        h.extend_from_slice(&[0u8; 32]);
        Compact(0u32).encode_to(&mut h);
        h.extend_from_slice(&self.state_root);
        h.extend_from_slice(&empty_trie_root);
        Compact(0u32).encode_to(&mut h);
        h
    }

    /// The genesis header's hash.
    pub fn genesis_hash(&self) -> [u8; 32] {
        blake2(&self.genesis_header())
    }

    /// The value under `key`.
    pub fn get(&self, key: &[u8]) -> Option<&[u8]> {
        self.storage.get(key).map(Vec::as_slice)
    }

    /// Up to `count` keys with `prefix` strictly after `start`, in order (`state_getKeysPaged`).
    pub fn keys_paged(&self, prefix: &[u8], count: usize, start: Option<&[u8]>) -> Vec<Vec<u8>> {
        let from = match start {
            Some(s) if s > prefix => std::ops::Bound::Excluded(s.to_vec()),
            _ => std::ops::Bound::Included(prefix.to_vec()),
        };
        self.storage
            .range((from, std::ops::Bound::Unbounded))
            .map(|(k, _)| k)
            .take_while(|k| k.starts_with(prefix))
            .take(count)
            .cloned()
            .collect()
    }

    /// A read proof for `keys`: the node values on the path to each key (or to where it would
    /// be), and the values stored hashed under the keys asked for.
    pub fn prove(&self, keys: &[Vec<u8>]) -> Vec<Vec<u8>> {
        let mut out = std::collections::BTreeSet::new();
        for key in keys {
            let key = nibbles(key);
            let mut at = self.root;
            loop {
                let node = &self.nodes[at];
                if !node.inline {
                    out.insert(node.node_value.clone());
                }
                if node.key == key {
                    if let Some(v) = &node.value {
                        if v.len() >= HASHED_VALUE_MIN {
                            out.insert(v.clone());
                        }
                    }
                    break;
                }
                if key.len() <= node.key.len() || !key.starts_with(&node.key) {
                    break;
                }
                match node.children[key[node.key.len()] as usize] {
                    Some(c) if key.starts_with(&self.nodes[c].key) || self.nodes[c].key.starts_with(&key) => at = c,
                    Some(c) => {
                        // The path diverges inside the child's partial key: its node shows that.
                        if !self.nodes[c].inline {
                            out.insert(self.nodes[c].node_value.clone());
                        }
                        break;
                    }
                    None => break,
                }
            }
        }
        out.into_iter().collect()
    }
}

/// Builds the subtrie of `entries` (sorted, nibble keys, sharing `depth` nibbles) and returns
/// its node's index.
fn build(entries: &[(Vec<u8>, &[u8])], depth: usize, nodes: &mut Vec<Node>, is_root: bool) -> usize {
    // The partial key: what all keys share beyond `depth`.
    let first = &entries[0].0;
    let last = &entries[entries.len() - 1].0;
    let mut common = depth;
    while common < first.len() && common < last.len() && first[common] == last[common] {
        common += 1;
    }
    if is_root && entries.len() > 1 {
        // The root's partial key is what all keys share (sorted: first and last bound it).
    }
    let key = first[..common].to_vec();
    let mut value = None;
    let mut children: [Option<usize>; 16] = [None; 16];
    let mut i = 0;
    if entries[0].0.len() == common {
        value = Some(entries[0].1.to_vec());
        i = 1;
    }
    while i < entries.len() {
        let nib = entries[i].0[common];
        let mut j = i;
        while j < entries.len() && entries[j].0[common] == nib {
            j += 1;
        }
        children[nib as usize] = Some(build(&entries[i..j], common + 1, nodes, false));
        i = j;
    }
    let merkle: Vec<Option<Vec<u8>>> = children
        .iter()
        .map(|c| {
            c.map(|c| {
                let n: &Node = &nodes[c];
                if n.inline { n.node_value.clone() } else { blake2(&n.node_value).to_vec() }
            })
        })
        .collect();
    let hashed;
    let storage_value = match &value {
        None => trie_node::StorageValue::None,
        Some(v) if v.len() >= HASHED_VALUE_MIN => {
            hashed = blake2(v);
            trie_node::StorageValue::Hashed(&hashed)
        }
        Some(v) => trie_node::StorageValue::Unhashed(v),
    };
    let partial: Vec<Nibble> = key[depth..]
        .iter()
        .map(|n| Nibble::try_from(*n).unwrap_or_else(|_| unreachable!("nibbles are < 16")))
        .collect();
    let decoded = trie_node::Decoded {
        partial_key: partial.into_iter(),
        children: std::array::from_fn(|n| merkle[n].as_deref()),
        storage_value,
    };
    let node_value = trie_node::encode_to_vec(decoded).unwrap_or_else(|e| panic!("trie node encoding: {e:?}"));
    let inline = !is_root && node_value.len() < 32;
    nodes.push(Node { key, value, node_value, inline, children });
    nodes.len() - 1
}

/// A GRANDPA authority key pair.
pub struct AuthorityKey {
    signing: ed25519_zebra::SigningKey,
    /// Its public key.
    pub public: [u8; 32],
}

impl AuthorityKey {
    /// The ed25519 key of a development account (`//Alice`, `//Bob`, …): Substrate's hard
    /// derivation from the public development phrase's mini-secret.
    pub fn dev(name: &str) -> AuthorityKey {
        // substrate-bip39 mini-secret of "bottom drive obey lake curtain smoke basket hold race
        // lonely fit walk" (a public test vector, see shared/docs/bittensor-facts.md).
        let root: [u8; 32] = unhex("fac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e")
            .and_then(|v| v.try_into().ok())
            .unwrap_or_else(|| unreachable!("a 32-byte constant"));
        let mut chain_code = [0u8; 32];
        let encoded = name.encode();
        let n = encoded.len().min(32);
        chain_code[..n].copy_from_slice(&encoded[..n]);
        let seed = blake2(&("Ed25519HDKD", root, chain_code).encode());
        let signing = ed25519_zebra::SigningKey::from(seed);
        let public: [u8; 32] = ed25519_zebra::VerificationKey::from(&signing).into();
        AuthorityKey { signing, public }
    }

    fn sign(&self, msg: &[u8]) -> [u8; 64] {
        self.signing.sign(msg).into()
    }
}

/// A header as the legacy JSON-RPC API gives it, SCALE-encoded (for hashing and for votes'
/// ancestries).
pub fn header_from_json(h: &Value) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    out.extend(unhex(h["parentHash"].as_str()?)?);
    let number = u32::from_str_radix(h["number"].as_str()?.trim_start_matches("0x"), 16).ok()?;
    Compact(number).encode_to(&mut out);
    out.extend(unhex(h["stateRoot"].as_str()?)?);
    out.extend(unhex(h["extrinsicsRoot"].as_str()?)?);
    let logs = h["digest"]["logs"].as_array()?;
    Compact(logs.len() as u32).encode_to(&mut out);
    for l in logs {
        out.extend(unhex(l.as_str()?)?);
    }
    Some(out)
}

/// What the signers put into a justification.
#[derive(Clone, Debug, Default)]
pub struct Votes {
    /// Which authorities sign (indices into the authority list).
    pub signers: Vec<usize>,
    /// The block the precommits vote for, when it is not the target (a vote for another block).
    pub vote_for: Option<([u8; 32], u32)>,
    /// Flip a bit of this signer's signature after signing.
    pub corrupt_signature_of: Option<usize>,
}

/// A SCALE `GrandpaJustification` for block (`hash`, `number`) in `round` and `set_id`.
pub fn justification(keys: &[AuthorityKey], hash: [u8; 32], number: u32, round: u64, set_id: u64, votes: &Votes) -> Vec<u8> {
    let (vote_hash, vote_number) = votes.vote_for.unwrap_or((hash, number));
    let msg = (1u8, vote_hash, vote_number, round, set_id).encode();
    // SignedPrecommit: ((target hash, target number), signature, authority id).
    type SignedPrecommit = (([u8; 32], u32), [u8; 64], [u8; 32]);
    let precommits: Vec<SignedPrecommit> = votes
        .signers
        .iter()
        .map(|&i| {
            let mut sig = keys[i].sign(&msg);
            if votes.corrupt_signature_of == Some(i) {
                sig[10] ^= 1;
            }
            ((vote_hash, vote_number), sig, keys[i].public)
        })
        .collect();
    let no_ancestries: Vec<Vec<u8>> = Vec::new();
    let mut out = (round, (hash, number, precommits)).encode();
    no_ancestries.encode_to(&mut out);
    out
}

/// How the proof server misbehaves, for tests that must see it refused.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Tamper {
    /// Honest.
    #[default]
    None,
    /// Change one byte of every read proof.
    ProofByte,
    /// Replace the value a proof carries (hashed values) with another.
    ProofValue,
    /// Sign justifications with only the first authority.
    TooFewSigners,
    /// Corrupt the second authority's signature.
    BadSignature,
    /// Precommits vote for the target's parent, not the target.
    VotesForAnotherBlock,
    /// Justify a made-up block (whose parent is not the finalized block) and serve its header.
    ForeignBlock,
    /// Report another genesis hash.
    OtherGenesis,
}

/// Per connection: our finalized-heads subscription's request id and, once answered, its id;
/// and the client's justification subscription id.
type Relay = (String, Option<String>, String);

/// The proof server: answers `state_getReadProof`, `state_getKeysPaged`, `state_getStorage` and
/// `chain_getHeader` at the genesis block from [`GenesisState`], serves
/// `grandpa_subscribeJustifications` by signing each block the devnet finalizes with the real
/// authorities, and forwards everything else to the devnet.
pub struct ProofHook {
    state: Arc<GenesisState>,
    keys: Arc<Vec<AuthorityKey>>,
    tamper: Arc<Mutex<Tamper>>,
    next_id: AtomicU64,
    /// Per connection: the subscriptions it relays.
    subs: Mutex<BTreeMap<u64, Relay>>,
    /// Made-up headers served for [`Tamper::ForeignBlock`], by hash.
    foreign: Mutex<BTreeMap<[u8; 32], Value>>,
    /// Justifications sent (accepted or not by the client).
    pub sent: AtomicU64,
}

impl ProofHook {
    /// A hook over `state` signing with `keys`; `tamper` can be changed while it runs.
    pub fn new(state: Arc<GenesisState>, keys: Vec<AuthorityKey>, tamper: Arc<Mutex<Tamper>>) -> ProofHook {
        ProofHook {
            state,
            keys: Arc::new(keys),
            tamper,
            next_id: AtomicU64::new(1),
            subs: Mutex::new(BTreeMap::new()),
            foreign: Mutex::new(BTreeMap::new()),
            sent: AtomicU64::new(0),
        }
    }

    fn tamper(&self) -> Tamper {
        self.tamper.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn at_genesis(&self, at: &Value) -> bool {
        at.as_str().and_then(unhex).is_some_and(|h| h == self.state.genesis_hash())
    }

    fn reply(id: &Value, result: Value) -> Verdict {
        Verdict::Reply(json!({"jsonrpc": "2.0", "id": id, "result": result}).to_string())
    }

    fn genesis_header_json(&self) -> Value {
        json!({
            "parentHash": hex0x(&[0; 32]),
            "number": "0x0",
            "stateRoot": hex0x(&self.state.state_root()),
            "extrinsicsRoot": hex0x(&blake2(&[0])),
            "digest": {"logs": []},
        })
    }

    /// Signs a justification for the finalized header `h` (legacy JSON) and sends it.
    fn justify(&self, h: &Value, conn: &Conn, client_sub: &str) {
        let Some(scale) = header_from_json(h) else { return };
        let mut hash = blake2(&scale);
        let Some(mut number) = h["number"].as_str().and_then(|n| u32::from_str_radix(n.trim_start_matches("0x"), 16).ok()) else {
            return;
        };
        let all: Vec<usize> = (0..self.keys.len()).collect();
        let mut votes = Votes { signers: all, ..Votes::default() };
        match self.tamper() {
            Tamper::TooFewSigners => votes.signers.truncate(1),
            Tamper::BadSignature => votes.corrupt_signature_of = Some(self.keys.len() - 1),
            Tamper::VotesForAnotherBlock => {
                let parent: [u8; 32] = h["parentHash"].as_str().and_then(unhex).and_then(|p| p.try_into().ok()).unwrap_or([0; 32]);
                votes.vote_for = Some((parent, number.saturating_sub(1)));
            }
            Tamper::ForeignBlock => {
                // A block at the next height on another parent, validly signed by the real keys.
                let mut fake = h.clone();
                fake["parentHash"] = hex0x(&blake2(b"not the finalized block")).into();
                let Some(fake_scale) = header_from_json(&fake) else { return };
                hash = blake2(&fake_scale);
                number = u32::from_str_radix(fake["number"].as_str().unwrap_or("0").trim_start_matches("0x"), 16).unwrap_or(0);
                self.foreign.lock().unwrap_or_else(|e| e.into_inner()).insert(hash, fake);
            }
            _ => {}
        }
        let j = justification(&self.keys, hash, number, u64::from(number), 0, &votes);
        self.sent.fetch_add(1, Ordering::SeqCst);
        conn.send_to_client(
            json!({"jsonrpc": "2.0", "method": "grandpa_justifications", "params": {"subscription": client_sub, "result": hex0x(&j)}})
                .to_string(),
        );
    }
}

impl Hook for ProofHook {
    fn to_node(&self, text: &str, conn: &Conn) -> Verdict {
        let Ok(req) = serde_json::from_str::<Value>(text) else { return Verdict::Forward(text.to_owned()) };
        let (Some(method), id) = (req["method"].as_str(), &req["id"]) else { return Verdict::Forward(text.to_owned()) };
        let p = &req["params"];
        match method {
            "state_getReadProof" if self.at_genesis(&p[1]) => {
                let keys: Vec<Vec<u8>> = p[0].as_array().into_iter().flatten().filter_map(|k| k.as_str().and_then(unhex)).collect();
                let mut nodes = self.state.prove(&keys);
                match self.tamper() {
                    Tamper::ProofByte => {
                        if let Some(n) = nodes.iter_mut().max_by_key(|n| n.len()) {
                            let i = n.len() / 2;
                            n[i] ^= 0x40;
                        }
                    }
                    Tamper::ProofValue => {
                        // A hashed value swapped for another of the same length.
                        for n in nodes.iter_mut().filter(|n| n.len() >= HASHED_VALUE_MIN) {
                            if keys.iter().any(|k| self.state.get(k) == Some(n.as_slice())) {
                                n[0] ^= 1;
                            }
                        }
                    }
                    _ => {}
                }
                let proof: Vec<String> = nodes.iter().map(|n| hex0x(n)).collect();
                Self::reply(id, json!({"at": p[1], "proof": proof}))
            }
            "state_getKeysPaged" if self.at_genesis(&p[3]) => {
                let prefix = p[0].as_str().and_then(unhex).unwrap_or_default();
                let count = p[1].as_u64().unwrap_or(0) as usize;
                let start = p[2].as_str().and_then(unhex);
                let keys: Vec<String> = self.state.keys_paged(&prefix, count, start.as_deref()).iter().map(|k| hex0x(k)).collect();
                Self::reply(id, json!(keys))
            }
            "state_getStorage" if self.at_genesis(&p[1]) => {
                let key = p[0].as_str().and_then(unhex).unwrap_or_default();
                Self::reply(id, json!(self.state.get(&key).map(hex0x)))
            }
            "chain_getHeader" if self.at_genesis(&p[0]) => Self::reply(id, self.genesis_header_json()),
            "chain_getHeader" => {
                let foreign = p[0].as_str().and_then(unhex).and_then(|h| <[u8; 32]>::try_from(h).ok());
                match foreign.and_then(|h| self.foreign.lock().unwrap_or_else(|e| e.into_inner()).get(&h).cloned()) {
                    Some(fake) => Self::reply(id, fake),
                    None => Verdict::Forward(text.to_owned()),
                }
            }
            "grandpa_subscribeJustifications" => {
                let n = self.next_id.fetch_add(1, Ordering::SeqCst);
                let client_sub = format!("justifications-{}-{n}", conn.id);
                let our_id = format!("\"proofs-finalized-{}-{n}\"", conn.id);
                self.subs.lock().unwrap_or_else(|e| e.into_inner()).insert(conn.id, (our_id.clone(), None, client_sub.clone()));
                conn.send_to_node(format!(
                    r#"{{"jsonrpc":"2.0","id":{our_id},"method":"chain_subscribeFinalizedHeads","params":[]}}"#
                ));
                Self::reply(id, json!(client_sub))
            }
            "grandpa_unsubscribeJustifications" => Self::reply(id, json!(true)),
            _ => Verdict::Forward(text.to_owned()),
        }
    }

    fn to_client(&self, text: &str, conn: &Conn) -> Verdict {
        let Ok(msg) = serde_json::from_str::<Value>(text) else { return Verdict::Forward(text.to_owned()) };
        let mut subs = self.subs.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((our_id, our_sub, client_sub)) = subs.get_mut(&conn.id) {
            // The answer to our own subscription request: keep its id, tell the client nothing.
            if msg["id"].as_str().is_some_and(|id| format!("\"{id}\"") == *our_id) {
                *our_sub = msg["result"].as_str().map(str::to_owned);
                return Verdict::Drop;
            }
            if msg["method"] == "chain_finalizedHead" && msg["params"]["subscription"].as_str() == our_sub.as_deref() {
                let client_sub = client_sub.clone();
                drop(subs);
                self.justify(&msg["params"]["result"], conn, &client_sub);
                return Verdict::Drop;
            }
        }
        drop(subs);
        if self.tamper() == Tamper::OtherGenesis {
            // Every block hash the node names is replaced: the genesis check sees another chain.
            if let Some(r) = msg["result"].as_str() {
                if r.len() == 66 && msg["id"].is_number() {
                    let other = hex0x(&blake2(r.as_bytes()));
                    return Verdict::Forward(text.replace(r, &other));
                }
            }
        }
        Verdict::Forward(text.to_owned())
    }
}
